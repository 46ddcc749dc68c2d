/* test_protect.c - --adjust-oom-score on a fixture /proc tree built in a
 * temporary directory (the pass writes oom_score_adj, so the tree cannot
 * be a committed one): what is written, what is left alone, and that
 * later passes read only the PIDs handed out since. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "protect.h"
#include "t.h"

static char root[64];

static void put(const char *rel, const char *text)
{
	char path[160];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", root, rel);
	f = fopen(path, "w");
	if (!CHECK(f != NULL))
		return;
	fputs(text, f);
	fclose(f);
}

/* a process directory: comm and oom_score_adj */
static void proc(int pid, const char *comm, int adj)
{
	char rel[96], text[32];

	snprintf(rel, sizeof rel, "%s/%d", root, pid);
	mkdir(rel, 0755);
	snprintf(rel, sizeof rel, "%d/comm", pid);
	snprintf(text, sizeof text, "%s\n", comm);
	put(rel, text);
	snprintf(rel, sizeof rel, "%d/oom_score_adj", pid);
	snprintf(text, sizeof text, "%d\n", adj);
	put(rel, text);
}

static int adj_of(int pid)
{
	char path[160], text[32] = { 0 };
	FILE *f;

	snprintf(path, sizeof path, "%s/%d/oom_score_adj", root, pid);
	f = fopen(path, "r");
	if (!f)
		return 9999;
	if (!fgets(text, sizeof text, f))
		text[0] = '\0';
	fclose(f);
	return atoi(text);
}

static void last_pid(int pid)
{
	char text[64];

	snprintf(text, sizeof text, "0.00 0.01 0.05 1/123 %d\n", pid);
	put("loadavg", text);
}

/* 1 (init), 10 avoided, 11 preferred, 12 ignored, 13 avoided but someone
 * set 100, 14 nobody's, 20 bustd itself (named like an avoided one) */
static int saved_stderr = -1;

/* A fixture /proc tree; bustd's "adjusted ..." lines go to /dev/null
 * while it stands (the checks print to stdout). */
static int tree(void)
{
	int null = open("/dev/null", O_WRONLY | O_CLOEXEC);

	if (saved_stderr < 0)
		saved_stderr = dup(2);
	if (null >= 0) {
		dup2(null, 2);
		close(null);
	}
	snprintf(root, sizeof root, "/tmp/bustd-protect-XXXXXX");
	if (!CHECK(mkdtemp(root) != NULL))
		return -1;
	mkdir(strcat(strcpy((char[96]){ 0 }, root), "/sys"), 0755);
	mkdir(strcat(strcpy((char[96]){ 0 }, root), "/sys/kernel"), 0755);
	put("sys/kernel/osrelease", "6.1.0-57-amd64\n");
	last_pid(20);
	proc(1, "precious", 0);
	proc(10, "precious", 0);
	proc(11, "java", 0);
	proc(12, "sshd", 0);
	proc(13, "precious", 100);
	proc(14, "bash", 0);
	proc(20, "precious", 0);
	return open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

static void untree(int dfd)
{
	char cmd[96];

	close(dfd);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
	CHECK(system(cmd) == 0);
	if (saved_stderr >= 0)
		dup2(saved_stderr, 2);
}

static void cfg(struct config *c, const char *extra)
{
	char *argv[] = { (char *)"bustd", (char *)"--avoid",
			 (char *)"^precious$", (char *)"--prefer",
			 (char *)"java", (char *)"-u", (char *)"sshd",
			 (char *)extra, NULL };
	char e[LOG_LINE_MAX];
	struct buf err = BUF_ON(e);

	CHECK_EQ_I64(config_parse(c, extra ? 8 : 7, argv, &err), CONFIG_RUN);
}

TEST(protect_target_follows_the_patterns)
{
	struct config c;
	bool set;

	cfg(&c, NULL);
	CHECK_EQ_I64(protect_target(&c, "precious", 450, &set), -450);
	CHECK(set);
	CHECK_EQ_I64(protect_target(&c, "java", 450, &set), 450);
	CHECK(set);
	CHECK_EQ_I64(protect_target(&c, "sshd", 450, &set), -1000);
	CHECK(set);
	protect_target(&c, "bash", 450, &set);
	CHECK(!set);
	/* a name matching both is weighed as neither, as procscan.c does */
	cfg(&c, "--prefer=prec");
	protect_target(&c, "precious", 450, &set);
	CHECK(!set);
}

TEST(protect_first_pass_writes_matches_and_keeps_set_values)
{
	struct protect p = { 0 };
	struct config c;
	int dfd = tree();

	if (dfd < 0)
		return;
	cfg(&c, "--adjust-oom-score");
	CHECK(c.adjust_oom && !c.adjust_force);
	CHECK_EQ_I64(protect_pass(&p, &c, dfd, 20, 1000), 3);
	CHECK_EQ_I64(p.weight, 450); /* 6.1 */
	CHECK_EQ_I64(adj_of(10), -450);
	CHECK_EQ_I64(adj_of(11), 450);
	CHECK_EQ_I64(adj_of(12), -1000);
	CHECK_EQ_I64(adj_of(13), 100); /* someone chose it */
	CHECK_EQ_I64(adj_of(14), 0);
	CHECK_EQ_I64(adj_of(1), 0);  /* init: the kernel never takes it */
	CHECK_EQ_I64(adj_of(20), 0); /* bustd itself */
	CHECK_EQ_U64(p.looked, 5);   /* 10 11 12 13 14 */
	untree(dfd);
}

TEST(protect_force_overwrites_and_dry_run_writes_nothing)
{
	struct protect p = { 0 }, q = { 0 };
	struct config c;
	int dfd = tree();

	if (dfd < 0)
		return;
	cfg(&c, "--dry-run");
	c.adjust_oom = true;
	CHECK_EQ_I64(protect_pass(&q, &c, dfd, 20, 1000), 3);
	CHECK_EQ_I64(adj_of(10), 0);
	CHECK_EQ_I64(adj_of(12), 0);
	cfg(&c, "--adjust-oom-score-force");
	CHECK(c.adjust_oom && c.adjust_force);
	CHECK_EQ_I64(protect_pass(&p, &c, dfd, 20, 1000), 4);
	CHECK_EQ_I64(adj_of(13), -450);
	untree(dfd);
}

TEST(protect_later_passes_read_only_new_pids)
{
	struct protect p = { 0 };
	struct config c;
	unsigned looked;
	int dfd = tree();

	if (dfd < 0)
		return;
	cfg(&c, "--adjust-oom-score");
	protect_pass(&p, &c, dfd, 20, 1000);
	/* an old PID renamed, and a new one */
	proc(14, "precious", 0);
	proc(30, "precious", 0);
	looked = p.looked;
	CHECK_EQ_I64(protect_pass(&p, &c, dfd, 20, 1500), 0); /* not due */
	CHECK_EQ_U64(p.looked, looked);
	CHECK_EQ_I64(protect_pass(&p, &c, dfd, 20, 2000), 0); /* no new PID */
	CHECK_EQ_U64(p.looked, looked);
	last_pid(30);
	CHECK_EQ_I64(protect_pass(&p, &c, dfd, 20, 3000), 1);
	CHECK_EQ_U64(p.looked, looked + 1); /* 30 only */
	CHECK_EQ_I64(adj_of(30), -450);
	CHECK_EQ_I64(adj_of(14), 0);
	/* the second look at 30 (a fork caught before its exec) */
	CHECK_EQ_I64(protect_pass(&p, &c, dfd, 20, 4000), 0);
	CHECK_EQ_U64(p.looked, looked + 2);
	CHECK_EQ_I64(protect_pass(&p, &c, dfd, 20, 5000), 0);
	CHECK_EQ_U64(p.looked, looked + 2);
	/* PIDs wrapped at pid_max: 3 is new, 25 is not */
	proc(3, "precious", 0);
	proc(25, "precious", 0);
	last_pid(5);
	CHECK_EQ_I64(protect_pass(&p, &c, dfd, 20, 6000), 1);
	CHECK_EQ_I64(adj_of(3), -450);
	CHECK_EQ_I64(adj_of(25), 0);
	untree(dfd);
}

TEST(protect_weight_by_kernel_release)
{
	static const struct {
		const char *release;
		int weight;
	} rows[] = {
		{ "4.19.0-26-amd64\n", 300 }, { "5.4.238\n", 300 },
		{ "5.9.0\n", 450 },           { "5.10.0-32-amd64\n", 450 },
		{ "6.12.117+deb13-amd64\n", 450 },
	};
	int dfd = tree();

	if (dfd < 0)
		return;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		T_ROW("%s", rows[i].release);
		put("sys/kernel/osrelease", rows[i].release);
		CHECK_EQ_I64(protect_weight(dfd), rows[i].weight);
	}
	untree(dfd);
}
