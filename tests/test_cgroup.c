/* test_cgroup.c - memory.oom.group on a fixture tree (sys/fs/cgroup and
 * proc/PID/cgroup under a temporary directory): which group a victim
 * belongs to, and that its processes are signalled, bustd's own spared. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgroup.h"
#include "t.h"

static char root[64];

static void put(const char *rel, const char *text)
{
	char path[192];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", root, rel);
	f = fopen(path, "w");
	if (!CHECK(f != NULL))
		return;
	fputs(text, f);
	fclose(f);
}

static void dir(const char *rel)
{
	char path[192];

	snprintf(path, sizeof path, "%s/%s", root, rel);
	mkdir(path, 0755);
}

/* /job (oom.group 1) holding /job/sub (0); PID 40 in /job/sub, 41 in
 * /other (0), 42 in the root, 43 with a v1-only line */
static int tree(bool v2)
{
	snprintf(root, sizeof root, "/tmp/bustd-cgroup-XXXXXX");
	if (!CHECK(mkdtemp(root) != NULL))
		return -1;
	dir("sys");
	dir("sys/fs");
	dir("sys/fs/cgroup");
	if (v2)
		put("sys/fs/cgroup/cgroup.controllers", "cpu memory pids\n");
	dir("sys/fs/cgroup/job");
	put("sys/fs/cgroup/job/memory.oom.group", "1\n");
	dir("sys/fs/cgroup/job/sub");
	put("sys/fs/cgroup/job/sub/memory.oom.group", "0\n");
	dir("sys/fs/cgroup/other");
	put("sys/fs/cgroup/other/memory.oom.group", "0\n");
	dir("proc");
	dir("proc/40");
	put("proc/40/cgroup", "0::/job/sub\n");
	dir("proc/41");
	put("proc/41/cgroup", "0::/other\n");
	dir("proc/42");
	put("proc/42/cgroup", "0::/\n");
	dir("proc/43");
	put("proc/43/cgroup", "4:memory:/job\n1:name=systemd:/job\n");
	return open(strcat(strcpy((char[96]){ 0 }, root), "/proc"),
		    O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

static void untree(int dfd)
{
	char cmd[96];

	close(dfd);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
	CHECK(system(cmd) == 0);
}

TEST(cgroup_group_is_the_highest_oom_group_ancestor)
{
	struct cgroup_kill g;
	int dfd = tree(true);

	if (dfd < 0)
		return;
	CHECK(cgroup_group_of(root, dfd, 40, &g));
	CHECK_STR(g.path + g.name, "/job");
	CHECK(!cgroup_group_of(root, dfd, 41, &g)); /* oom.group 0 */
	CHECK(!cgroup_group_of(root, dfd, 42, &g)); /* the root */
	CHECK(!cgroup_group_of(root, dfd, 43, &g)); /* v1 lines only */
	CHECK(!cgroup_group_of(root, dfd, 44, &g)); /* gone */
	untree(dfd);
	dfd = tree(false); /* no cgroup v2 mounted there */
	if (dfd < 0)
		return;
	CHECK(!cgroup_group_of(root, dfd, 40, &g));
	untree(dfd);
}

static pid_t sleeper(void)
{
	pid_t p = fork();

	if (p == 0) {
		pause();
		_exit(0);
	}
	return p;
}

/* p died of sig within a second; if not, it is killed and reaped here,
 * so a broken cgroup_signal fails the test instead of hanging it */
static bool died_of(pid_t p, int sig)
{
	int st = 0;

	for (int i = 0; i < 100; i++) {
		if (waitpid(p, &st, WNOHANG) == p)
			return WIFSIGNALED(st) && WTERMSIG(st) == sig;
		usleep(10000);
	}
	kill(p, SIGKILL);
	waitpid(p, &st, 0);
	return false;
}

TEST(cgroup_signals_every_process_but_bustd)
{
	struct cgroup_kill g;
	char procs[96], self[48];
	pid_t a = sleeper(), b = sleeper();
	int dfd = tree(true);

	if (dfd < 0 || !CHECK(a > 0 && b > 0))
		return;
	/* bustd (this test) listed in the group, in another cgroup */
	snprintf(procs, sizeof procs, "%d\n%d\n%d\n1\n", (int)a, (int)getpid(),
		 (int)b);
	put("sys/fs/cgroup/job/cgroup.procs", procs);
	snprintf(self, sizeof self, "proc/%d", (int)getpid());
	dir(self);
	strcat(self, "/cgroup");
	put(self, "0::/other\n");
	CHECK(cgroup_group_of(root, dfd, 40, &g));
	/* no cgroup.kill (before Linux 5.14): PID by PID */
	cgroup_signal(&g, dfd, (int)getpid(), SIGKILL);
	CHECK(!g.via_kill);
	CHECK_EQ_U64(g.procs, 2);
	CHECK(died_of(a, SIGKILL));
	CHECK(died_of(b, SIGKILL));
	/* with cgroup.kill, one write */
	put("sys/fs/cgroup/job/cgroup.kill", "");
	CHECK(cgroup_group_of(root, dfd, 40, &g));
	cgroup_signal(&g, dfd, (int)getpid(), SIGKILL);
	CHECK(g.via_kill);
	CHECK_EQ_U64(g.procs, 0);
	/* but not when bustd itself is inside the group */
	a = sleeper();
	snprintf(procs, sizeof procs, "%d\n%d\n", (int)a, (int)getpid());
	put("sys/fs/cgroup/job/cgroup.procs", procs);
	put(self, "0::/job/sub\n");
	CHECK(cgroup_group_of(root, dfd, 40, &g));
	cgroup_signal(&g, dfd, (int)getpid(), SIGKILL);
	CHECK(!g.via_kill);
	CHECK_EQ_U64(g.procs, 1);
	CHECK(died_of(a, SIGKILL));
	untree(dfd);
}
