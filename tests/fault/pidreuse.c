/* pidreuse.c - a victim's PID reused by a stranger between choosing and
 * signalling.  bustd pins the process it inspected with a pidfd; after
 * that process dies and its number goes to a new one, every signal bustd
 * sends must fail with ESRCH and the stranger must live.  Without a pidfd
 * (before Linux 5.3) bustd signals by PID, and only while /proc shows the
 * PID still names the process it inspected (same start time) alive: not
 * a stranger, not a zombie (an unreaped one takes signals to no effect),
 * but a zombie leader whose threads run on.
 *
 * Run as PID 1 of a new PID namespace with its own /proc (tests/faults.sh:
 * unshare -pf --mount-proc), where writing /proc/sys/kernel/ns_last_pid
 * hands out a chosen number next and the processes here are all there is
 * to choose from. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kill.h"
#include "sys.h"

static int passed, failed;

static void check(int ok, const char *what)
{
	printf("[%s] %s\n", ok ? "OK" : "FAIL", what);
	if (ok)
		passed++;
	else
		failed++;
}

static pid_t sleeper(int own_group)
{
	pid_t p = fork();

	if (p == 0) {
		if (own_group)
			setpgid(0, 0);
		pause();
		_exit(0);
	}
	return p;
}

static int set_last_pid(pid_t p)
{
	char s[16];
	int fd = open("/proc/sys/kernel/ns_last_pid", O_WRONLY);
	int n = snprintf(s, sizeof s, "%d", (int)p);
	int ok = fd >= 0 && write(fd, s, (size_t)n) == n;

	if (fd >= 0)
		close(fd);
	return ok ? 0 : -1;
}

/* Hands the dead victim's PID a to a new sleeper; returns its PID, or -1
 * (a failed check) when the PID cannot be steered.  The control: the old
 * number then names a live process, so a kill by PID would hit it. */
static pid_t stranger_at(pid_t a, int group)
{
	pid_t b;

	if (set_last_pid(a - 1) < 0) {
		check(0, "ns_last_pid writable (run in a new PID namespace)");
		return -1;
	}
	b = sleeper(group);
	check(b == a, "a stranger got the victim's PID");
	check(kill(a, 0) == 0, "the old number names a live process");
	return b;
}

static void one(int group)
{
	struct victim v;
	pid_t a = sleeper(group), b;
	int status, rc;

	memset(&v, 0, sizeof v);
	v.pid = a;
	v.pidfd = sys_pidfd_open(a);
	check(v.pidfd >= 0, "pidfd opened on the chosen process");
	kill(a, SIGKILL);
	waitpid(a, &status, 0); /* dead and reaped: its number is free */
	check(kill_exited(&v), "the pinned process reads as exited");

	b = stranger_at(a, group);
	if (b < 0)
		return;
	rc = kill_send(&v, SIGKILL, group);
	check(rc == -ESRCH, group ? "group kill through the stale pidfd: ESRCH"
				  : "kill through the stale pidfd: ESRCH");
	usleep(100000);
	check(waitpid(b, &status, WNOHANG) == 0, "the stranger is alive");
	kill(b, SIGKILL);
	waitpid(b, &status, 0);
	close(v.pidfd);
}

/* The victim as bustd chooses it from this namespace's /proc, without a
 * pidfd, as on kernels before 5.3. */
static int choose(struct victim *v)
{
	static const struct skiplist none;
	static struct config c; /* defaults do not matter: no patterns */
	/* kill.c checks the PID in the same /proc: kept open */
	static int proc_fd = -1;
	/* the oom_scores held open across choices, as in the daemon: a
	 * held one follows its process, not the number reused */
	struct pick_ctx x = { 0, 1, false, 0, &none, 0, NULL, true };
	struct scan_stats st;

	if (proc_fd < 0)
		proc_fd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	x.proc_fd = proc_fd;
	return procscan_pick(&x, &c, v, &st);
}

static void no_pidfd_reused(int group)
{
	struct victim v;
	pid_t a = sleeper(group), b;
	int status, rc;

	rc = choose(&v);
	check(rc == 0 && v.pid == a && v.pidfd == -1,
	      "chosen by PID, without a pidfd");
	kill(a, SIGKILL);
	waitpid(a, &status, 0);
	check(kill_exited(&v), "the dead victim reads as exited");
	/* start times are in clock ticks (10 ms): a stranger started in
	 * the victim's own tick would pass for it */
	usleep(30000);
	b = stranger_at(a, group);
	if (b < 0)
		return;
	check(kill_exited(&v), "the victim still reads as exited");
	rc = kill_send(&v, SIGKILL, group);
	check(rc == -ESRCH, group ? "group kill by the reused PID: ESRCH"
				  : "kill by the reused PID: ESRCH");
	usleep(100000);
	check(waitpid(b, &status, WNOHANG) == 0, "the stranger is alive");
	kill(b, SIGKILL);
	waitpid(b, &status, 0);
}

static void no_pidfd_zombie(void)
{
	struct victim v;
	siginfo_t si;
	pid_t a = sleeper(0);
	int status, rc;

	rc = choose(&v);
	check(rc == 0 && v.pid == a, "chosen by PID, without a pidfd");
	kill(a, SIGKILL);
	/* dead, not reaped: a zombie */
	waitid(P_PID, (id_t)a, &si, WEXITED | WNOWAIT);
	check(kill(a, 0) == 0, "kill(pid, 0) succeeds on the zombie");
	check(kill_exited(&v), "an unreaped zombie reads as exited");
	check(kill_send(&v, SIGKILL, 0) == -ESRCH, "no signal to a zombie: ESRCH");
	waitpid(a, &status, 0);
}

static void *nap(void *arg)
{
	(void)arg;
	pause();
	return NULL;
}

/* Its main thread ends, another runs on: a zombie leader, and the
 * process bustd must kill (see procscan.c's examine). */
static pid_t zombie_leader(void)
{
	pid_t p = fork();
	pthread_t t;

	if (p == 0) {
		pthread_create(&t, NULL, nap, NULL);
		syscall(SYS_exit, 0);
	}
	return p;
}

static char state_of(pid_t p)
{
	char path[32], text[512], *rp;
	int fd, n;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)p);
	fd = open(path, O_RDONLY);
	n = fd < 0 ? -1 : (int)read(fd, text, sizeof text - 1);
	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return 0;
	text[n] = '\0';
	rp = strrchr(text, ')');
	return rp && rp[1] ? rp[2] : 0;
}

static void no_pidfd_zombie_leader(void)
{
	struct victim v;
	pid_t a = zombie_leader();
	int status, rc, i;

	for (i = 0; i < 200 && state_of(a) != 'Z'; i++)
		usleep(5000);
	check(state_of(a) == 'Z', "the leader is a zombie, its thread runs");
	rc = choose(&v);
	check(rc == 0 && v.pid == a, "the zombie leader chosen, without a pidfd");
	check(!kill_exited(&v), "it does not read as exited");
	check(kill_send(&v, SIGKILL, 0) == 0, "SIGKILL by PID sent");
	check(waitpid(a, &status, 0) == a, "the whole group died");
}

/* pidreuse [pidfd|nopidfd]: one half, or both */
int main(int argc, char **argv)
{
	const char *half = argc > 1 ? argv[1] : "";

	if (getpid() != 1)
		fprintf(stderr, "pidreuse: not PID 1 of a new namespace\n");
	if (strcmp(half, "nopidfd") != 0) {
		one(0);
		one(1);
	}
	if (strcmp(half, "pidfd") != 0) {
		no_pidfd_reused(0);
		no_pidfd_reused(1);
		no_pidfd_zombie();
		no_pidfd_zombie_leader();
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
