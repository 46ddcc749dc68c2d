/* test_procscan.c - choosing the victim from fixture /proc trees
 * (data/proc-*: PID/oom_score, oom_score_adj, comm, status as the kernel
 * writes them), and the ranking underneath. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <dirent.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config.h"
#include "procscan.h"
#include "t.h"

#define ARGS_MAX 6
#define NO_SELF 0

/* the smallest victim worth a kill, in KiB; 0 in most tests */
static uint64_t min_kib;

static const struct skiplist no_skip;

/* procscan_pick on a fixture tree with "bustd" + args; returns its rc. */
static int pick(const char *tree, const char *const args[ARGS_MAX],
		int self, const struct skiplist *skip, uint64_t now_ms,
		struct victim *v, struct scan_stats *st)
{
	char *argv[ARGS_MAX + 2], err_mem[LOG_LINE_MAX] = { 0 };
	struct buf err = { err_mem, 0, sizeof err_mem - 1, 0 };
	struct config c;
	int argc = 0, rc, dfd;

	argv[argc++] = (char *)"bustd";
	for (int i = 0; args && i < ARGS_MAX && args[i]; i++)
		argv[argc++] = (char *)args[i];
	argv[argc] = NULL;
	if (!CHECK_EQ_I64(config_parse(&c, argc, argv, &err), CONFIG_RUN)) {
		printf("       message: %s\n", err_mem);
		return -EINVAL;
	}
	dfd = open(tree, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (!CHECK(dfd >= 0))
		return -ENOENT;
	memset(v, 0xa5, sizeof *v);
	{
		struct pick_ctx x = { dfd, self, false, min_kib, skip, now_ms };
		rc = procscan_pick(&x, &c, v, st);
	}
	close(dfd);
	if (rc == 0)
		CHECK_EQ_I64(v->pidfd, -1); /* not pinned: fixture pids */
	return rc;
}

#define ARGS(...) ((const char *const[ARGS_MAX]){ __VA_ARGS__ })

TEST(pick_highest_oom_score)
{
	struct victim v;
	struct scan_stats st;

	if (!CHECK_EQ_I64(pick("data/proc-basic", NULL, 999, &no_skip, 0, &v,
			       &st), 0))
		return;
	CHECK_EQ_I64(v.pid, 200);
	CHECK_STR(v.name, "firefox");
	CHECK_EQ_U64(v.score, 700);
	CHECK_EQ_U64(v.rss_kib, 800000);
	CHECK_EQ_U64(v.uid, 1000);
	CHECK_EQ_I64(v.adj, 0);
	/* 1, 100, 200, 300, 400, 555, 999: not self, sys, meminfo ... */
	CHECK_EQ_U64(st.procs, 7);
	/* 100, 200, 300: not PID 1, self, score 0 or the vanished 555 */
	CHECK_EQ_U64(st.candidates, 3);
	CHECK_EQ_U64(st.passes, 1); /* the common case: one pass */
}

TEST(pick_never_pid_1_or_self)
{
	struct victim v;
	struct scan_stats st;

	/* 999 is "bustd" with 990 points and oom_score_adj 0, as when it
	 * lacks CAP_SYS_RESOURCE: passed over only as self_pid ... */
	if (CHECK_EQ_I64(pick("data/proc-basic", NULL, 999, &no_skip, 0, &v,
			      &st), 0))
		CHECK_EQ_I64(v.pid, 200);
	if (CHECK_EQ_I64(pick("data/proc-basic", NULL, NO_SELF, &no_skip, 0,
			      &v, &st), 0))
		CHECK_EQ_I64(v.pid, 999);
	/* ... while PID 1, with 900, never */
	CHECK_EQ_U64(st.candidates, 4);
}

TEST(pick_tie_broken_by_rss)
{
	struct victim v;
	struct scan_stats st;

	/* a, b, c at 500 points with 1000, 3000, 2000 KiB; d has 90000 KiB
	 * but 400 points; the zombie e has 500 points and no memory */
	if (CHECK_EQ_I64(pick("data/proc-tie", NULL, NO_SELF, &no_skip, 0, &v,
			      &st), 0)) {
		CHECK_EQ_I64(v.pid, 20);
		CHECK_STR(v.name, "b");
		CHECK_EQ_U64(v.rss_kib, 3000);
	}
	CHECK_EQ_U64(st.candidates, 5);
}

TEST(pick_skips_what_old_kernels_score)
{
	struct victim v;
	struct scan_stats st;

	/* Before 5.9 kernel threads, zombies and oom_score_adj -1000 get a
	 * score too; processes also vanish between the scan and the look. */
	if (CHECK_EQ_I64(pick("data/proc-ineligible", NULL, NO_SELF, &no_skip,
			      0, &v, &st), 0)) {
		CHECK_EQ_I64(v.pid, 80);
		CHECK_STR(v.name, "victim");
	}
	CHECK_EQ_U64(st.candidates, 8);
}

TEST(pick_process_with_long_groups_line)
{
	struct victim v;
	struct scan_stats st;

	/* 200 supplementary groups (an AD user) push VmRSS past the first
	 * 2 KiB of status: still a process, not a kernel thread */
	if (CHECK_EQ_I64(pick("data/proc-many-groups", NULL, NO_SELF, &no_skip,
			      0, &v, &st), 0)) {
		CHECK_EQ_I64(v.pid, 70);
		CHECK_STR(v.name, "java");
		CHECK_EQ_U64(v.uid, 1187401234u);
	}
}

TEST(pick_with_patterns)
{
	static const struct {
		const char *what;
		const char *args[ARGS_MAX];
		int pid;
		unsigned candidates;
	} rows[] = {
		/* firefox 700, chrome 600, Web Content 300, python3 200,
		 * sshd 50, then three small ones */
		{ "no patterns", { NULL }, 10, 8 },
		{ "--prefer adds 300: chrome 900 passes firefox 700",
		  { "--prefer", "^chrom" }, 20, 8 },
		{ "--prefer is no class of its own: python3 500 stays behind",
		  { "--prefer", "^python" }, 10, 8 },
		{ "--prefer, several match: highest of them",
		  { "--prefer", "^(python3|Web Content|chrome)$" }, 20, 8 },
		{ "--avoid takes 300: firefox 400 behind chrome 600",
		  { "--avoid", "firefox" }, 20, 8 },
		{ "--avoid everything: back to the highest", { "--avoid", "." }, 10, 8 },
		{ "--avoid: far bigger than the rest still goes",
		  { "--avoid", "firefox", "--ignore", "chrome" }, 10, 7 },
		{ "--prefer and --avoid both: they cancel",
		  { "--prefer", "chrome", "--avoid", "chrome" }, 10, 8 },
		{ "--ignore excludes", { "--ignore", "firefox|chrome" }, 30, 6 },
		{ "--ignore beats --prefer",
		  { "--ignore", "firefox", "--prefer", "firefox" }, 20, 7 },
		{ "anchored: no partial match", { "--prefer", "^chrom$" }, 10, 8 },
		{ "unanchored: found inside the name", { "--prefer", "hrom" }, 20, 8 },
		{ "name with a space", { "--ignore", "Web Content" }, 10, 7 },
		{ "name with a newline", { "--ignore", "^a.b$" }, 10, 7 },
		{ "name with odd bytes", { "--ignore", "^\xff" }, 10, 7 },
		{ "15-byte name", { "--ignore", "^123456789012345$" }, 10, 7 },
	};

	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct victim v;
		struct scan_stats st;

		T_ROW("%s", rows[i].what);
		if (CHECK_EQ_I64(pick("data/proc-patterns", rows[i].args,
				      NO_SELF, &no_skip, 0, &v, &st), 0))
			CHECK_EQ_I64(v.pid, rows[i].pid);
		CHECK_EQ_U64(st.candidates, rows[i].candidates);
	}
}

TEST(pick_nothing)
{
	struct victim v;
	struct scan_stats st;

	T_ROW("empty tree");
	CHECK_EQ_I64(pick("data/proc-empty", NULL, NO_SELF, &no_skip, 0, &v,
			  &st), -ESRCH);
	CHECK_EQ_U64(st.procs, 0);
	CHECK_EQ_U64(st.candidates, 0);

	T_ROW("everything ignored");
	CHECK_EQ_I64(pick("data/proc-patterns", ARGS("-u", "^"), NO_SELF,
			  &no_skip, 0, &v, &st), -ESRCH);
	CHECK_EQ_U64(st.procs, 8);
	CHECK_EQ_U64(st.candidates, 0);

	T_ROW("a tree without /proc files");
	CHECK_EQ_I64(pick("data/proc-old", NULL, NO_SELF, &no_skip, 0, &v, &st),
		     -ESRCH);
}

TEST(pick_skiplist_until_expiry)
{
	struct skiplist skip = { { 200 }, { 5000 } };
	struct victim v;
	struct scan_stats st;

	T_ROW("before expiry");
	if (CHECK_EQ_I64(pick("data/proc-basic", NULL, 999, &skip, 4999, &v,
			      &st), 0))
		CHECK_EQ_I64(v.pid, 300);
	CHECK_STR(v.name, "Web Content");
	T_ROW("at expiry");
	if (CHECK_EQ_I64(pick("data/proc-basic", NULL, 999, &skip, 5000, &v,
			      &st), 0))
		CHECK_EQ_I64(v.pid, 200);
}

TEST(skiplist_keeps_four_and_replaces_the_oldest)
{
	struct skiplist s = { { 0 }, { 0 } };

	skiplist_add(&s, 11, 1000);
	skiplist_add(&s, 12, 4000);
	skiplist_add(&s, 13, 2000);
	skiplist_add(&s, 14, 3000);
	CHECK(skiplist_has(&s, 11, 999));
	CHECK(!skiplist_has(&s, 11, 1000));
	CHECK(skiplist_has(&s, 14, 0));
	CHECK(!skiplist_has(&s, 15, 0));
	skiplist_add(&s, 15, 9000); /* replaces 11, the soonest to expire */
	CHECK(!skiplist_has(&s, 11, 0));
	CHECK(skiplist_has(&s, 12, 0) && skiplist_has(&s, 13, 0) &&
	      skiplist_has(&s, 14, 0) && skiplist_has(&s, 15, 0));
	CHECK(!skiplist_has(&s, 0, 0)); /* empty slots match no pid */
}

TEST(rank_then_pid)
{
	struct candidate hi = { 9, 900 }, lo = { 3, 100 }, neg = { 1, -200 };
	struct candidate tie_first = { 2, 900 };

	CHECK(rank_before(&hi, &lo));
	CHECK(!rank_before(&lo, &hi));
	CHECK(rank_before(&lo, &neg)); /* an avoided small one goes below 0 */
	CHECK(rank_before(&tie_first, &hi)); /* a total order: the lower pid */
	CHECK(!rank_before(&hi, &tie_first));
	CHECK(!rank_before(&hi, &hi));
}

TEST(top_insert_keeps_the_best_in_order)
{
	struct candidate top[SCAN_TOP], c;
	int n = 0;

	/* ranks 1..40, scrambled */
	for (int i = 0; i < 40; i++) {
		c = (struct candidate){ 100 + i, (i * 17) % 40 + 1 };
		top_insert(top, &n, &c);
	}
	CHECK_EQ_I64(n, SCAN_TOP);
	for (int i = 0; i < SCAN_TOP; i++) {
		T_ROW("slot %d", i);
		CHECK_EQ_I64(top[i].rank, 40 - i);
	}
	T_ROW("too low");
	c = (struct candidate){ 1, 40 - SCAN_TOP };
	top_insert(top, &n, &c);
	CHECK_EQ_I64(top[SCAN_TOP - 1].rank, 40 - SCAN_TOP + 1);
	T_ROW("new best");
	c = (struct candidate){ 2, 1000 };
	top_insert(top, &n, &c);
	CHECK_EQ_I64(top[0].pid, 2);
	CHECK_EQ_I64(top[1].rank, 40);
	CHECK_EQ_I64(top[SCAN_TOP - 1].rank, 40 - SCAN_TOP + 2);
	T_ROW("equal rank: the lower pid first");
	c = (struct candidate){ 999, 40 };
	top_insert(top, &n, &c);
	CHECK_EQ_I64(top[1].rank, 40);
	CHECK_EQ_I64(top[2].pid, 999);
	c = (struct candidate){ 3, 40 };
	top_insert(top, &n, &c);
	CHECK_EQ_I64(top[1].pid, 3);
	CHECK_EQ_I64(top[3].pid, 999);
	CHECK_EQ_I64(n, SCAN_TOP);
}

TEST(top_insert_fewer_than_top)
{
	struct candidate top[SCAN_TOP], c;
	int n = 0;

	for (int r = 1; r <= 3; r++) {
		c = (struct candidate){ r, r };
		top_insert(top, &n, &c);
	}
	CHECK_EQ_I64(n, 3);
	CHECK_EQ_I64(top[0].rank, 3);
	CHECK_EQ_I64(top[2].rank, 1);
}

static void put(const char *dir, int pid, const char *file, const char *text)
{
	char path[256];
	int fd;

	snprintf(path, sizeof path, "%s/%d/%s", dir, pid, file);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd >= 0) {
		CHECK(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
		close(fd);
	}
}

/* A process named "worker" in dir, all but its oom_score (the tests
 * write that). */
static void worker(const char *dir, int pid, const char *status)
{
	char path[256];

	snprintf(path, sizeof path, "%s/%d", dir, pid);
	mkdir(path, 0755);
	put(dir, pid, "oom_score_adj", "0\n");
	put(dir, pid, "comm", "worker\n");
	put(dir, pid, "status", status);
	snprintf(path, sizeof path, "%d (worker) S 1 %d %d 0 -1 4194560 "
		 "0 0 0 0 0 0 0 0 20 0 1 0 1 1 1\n", pid, pid, pid);
	put(dir, pid, "stat", path);
}

/* Workers 10, 20, ... up to last. */
static void workers(const char *dir, const char *status, int last)
{
	for (int pid = 10; pid <= last; pid += 10)
		worker(dir, pid, status);
}

/* The tests that pick through a tree of workers 10, 20 and 30 with the
 * default configuration: makes dir (a mkdtemp template) and returns it
 * open, or -1 after a failed check.  The tests write the oom_scores. */
static int three_workers(char *dir, struct config *c)
{
	static char status[2048];
	long len = t_slurp("data/status-6.18-sleep", status, sizeof status);
	char *argv[] = { (char *)"bustd", NULL };
	char err_mem[LOG_LINE_MAX];
	struct buf err = BUF_ON(err_mem);

	if (!CHECK(mkdtemp(dir) != NULL) || !CHECK(len > 0) ||
	    !CHECK_EQ_I64(config_parse(c, 1, argv, &err), CONFIG_RUN))
		return -1;
	workers(dir, status, 30);
	return open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

/* More pids than one getdents64 call returns, and than SCAN_TOP. */
TEST(pick_from_a_big_tree)
{
	static char status[2048];
	char dir[] = "/tmp/bustd-proc-XXXXXX", path[256], num[32];
	long n = t_slurp("data/status-6.18-sleep", status, sizeof status);
	struct victim v;
	struct scan_stats st;
	const int pids = 600;

	if (!CHECK(mkdtemp(dir) != NULL) || n < 0)
		return;
	for (int pid = 2; pid < 2 + pids; pid++) {
		worker(dir, pid, status);
		/* the best is in the middle of the listing */
		snprintf(num, sizeof num, "%d\n", pid == 333 ? 999 : pid % 500);
		put(dir, pid, "oom_score", num);
	}
	if (CHECK_EQ_I64(pick(dir, NULL, NO_SELF, &no_skip, 0, &v, &st), 0))
		CHECK_EQ_I64(v.pid, 333);
	CHECK_EQ_U64(st.procs, pids);
	CHECK_EQ_U64(st.candidates, pids - 1); /* pid 500 scores 0 */
	CHECK_EQ_U64(st.passes, 1);

	snprintf(path, sizeof path, "rm -rf '%s'", dir);
	CHECK(system(path) == 0);
}

/* --adjust-oom-score writes -450/+450 into matching processes'
 * oom_score_adj, which the kernel's oom_score then carries: bustd must not
 * weigh them again.  firefox (pid 10) and chrome (pid 20), oom_score and
 * oom_score_adj as the kernel shows them. */
TEST(pick_weighs_an_adjusted_process_once)
{
	static const struct {
		const char *what;
		const char *args[ARGS_MAX];
		const char *ff_score, *ff_adj, *ch_score, *ch_adj;
		int pid;
	} rows[] = {
		{ "avoided, adjusted: the kernel's -300 only, 400 over 300",
		  { "--adjust-oom-score", "--avoid", "firefox" },
		  "400\n", "-450\n", "300\n", "0\n", 10 },
		{ "preferred, adjusted: the kernel's +300 only, 600 under 700",
		  { "--adjust-oom-score", "--prefer", "chrome" },
		  "700\n", "0\n", "600\n", "450\n", 10 },
		{ "not adjusted yet: bustd's -300, 550 is 250 under 300",
		  { "--adjust-oom-score", "--avoid", "firefox" },
		  "550\n", "0\n", "300\n", "0\n", 20 },
		{ "someone else's -100, left alone: bustd's -300 on top",
		  { "--adjust-oom-score", "--avoid", "firefox" },
		  "550\n", "-100\n", "300\n", "0\n", 20 },
		{ "no --adjust-oom-score: a -450 is someone's, weighed too",
		  { "--avoid", "firefox" },
		  "400\n", "-450\n", "300\n", "0\n", 20 },
	};
	static char status[2048];
	char dir[] = "/tmp/bustd-adj-XXXXXX", path[256];
	long n = t_slurp("data/status-6.18-sleep", status, sizeof status);

	if (!CHECK(mkdtemp(dir) != NULL) || n < 0)
		return;
	for (int pid = 10; pid <= 20; pid += 10) {
		const char *name = pid == 10 ? "firefox" : "chrome";

		snprintf(path, sizeof path, "%s/%d", dir, pid);
		mkdir(path, 0755);
		snprintf(path, sizeof path, "%s\n", name);
		put(dir, pid, "comm", path);
		put(dir, pid, "status", status);
		snprintf(path, sizeof path, "%d (%s) S 1 %d %d 0 -1 4194560 "
			 "0 0 0 0 0 0 0 0 20 0 1 0 1 1 1\n", pid, name, pid, pid);
		put(dir, pid, "stat", path);
	}
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct victim v;
		struct scan_stats st;

		T_ROW("%s", rows[i].what);
		put(dir, 10, "oom_score", rows[i].ff_score);
		put(dir, 10, "oom_score_adj", rows[i].ff_adj);
		put(dir, 20, "oom_score", rows[i].ch_score);
		put(dir, 20, "oom_score_adj", rows[i].ch_adj);
		if (CHECK_EQ_I64(pick(dir, rows[i].args, NO_SELF, &no_skip, 0,
				      &v, &st), 0))
			CHECK_EQ_I64(v.pid, rows[i].pid);
	}
	snprintf(path, sizeof path, "rm -rf '%s'", dir);
	CHECK(system(path) == 0);
}

/* Someone else (the kernel's OOM killer) is already killing the biggest
 * process: its memory is coming back, and nobody else should die. */
TEST(pick_waits_for_an_exiting_process)
{
	struct victim v;
	struct scan_stats st;

	CHECK_EQ_I64(pick("data/proc-exiting", NULL, NO_SELF, &no_skip, 0, &v,
			  &st), -EINPROGRESS);
	CHECK_EQ_I64(v.pid, 10);
}

/* Too small to matter: a 60 KiB process is skipped once the floor is
 * above it (monitor.c sets the floor to 1/1024 of RAM), and an exiting
 * process in the skip list no longer blocks the choice. */
TEST(pick_skips_victims_too_small_to_matter)
{
	struct skiplist skip = { { 10 }, { 1000 } };
	struct victim v;
	struct scan_stats st;

	if (CHECK_EQ_I64(pick("data/proc-exiting", NULL, NO_SELF, &skip, 0, &v,
			      &st), 0))
		CHECK_EQ_I64(v.pid, 30); /* floor 0: the tiny one ranks first */
	min_kib = 100;
	if (CHECK_EQ_I64(pick("data/proc-exiting", NULL, NO_SELF, &skip, 0, &v,
			      &st), 0))
		CHECK_EQ_I64(v.pid, 20);
	min_kib = 0;
}

TEST(stat_parse_names_and_flags)
{
	static const struct {
		const char *text;
		char state;
		unsigned long flags;
		uint64_t start;
		bool ok;
	} rows[] = {
		{ "42 (sh) S 1 42 42 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 "
		  "5191 1 1 18446744073709551615\n", 'S', 4194560, 5191, true },
		{ "7 (a b) c)) R 1 7 7 0 -1 4194308 0 0 0 0 0 0 0 0 20 0 1 0 "
		  "77\n", 'R', 4194308, 77, true },
		{ "2 (kthreadd) S 0 0 0 0 -1 2129984 0 0 0 0 0 0 0 0 20 0 1 0 "
		  "3 0\n", 'S', 2129984, 3, true },
		{ "9 (x) Z 1 9 9 0 -1 4194564 0 0 0 0 0 0 0 0 20 0 1 0 "
		  "18446744073709551615 0\n", 'Z', 4194564, UINT64_MAX, true },
		{ "9 (x) S 1 9 9 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 5 1",
		  0, 0, 0, false }, /* cut line */
		{ "42 (sh) S 1 42 42 0 -1 4194560 0 0\n", 'S', 0, 0, false },
		{ "9 (x) S 1 9\n", 'S', 0, 0, false },
		{ "garbage\n", 0, 0, 0, false },
	};

	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct stat_fields f;
		stat_parse(rows[i].text, (long)strlen(rows[i].text), &f);
		T_ROW("%s", rows[i].text);
		CHECK_EQ_I64(f.ok, rows[i].ok);
		if (rows[i].ok) {
			CHECK_EQ_I64(f.state, rows[i].state);
			CHECK_EQ_U64(f.flags, rows[i].flags);
			CHECK_EQ_U64(f.start, rows[i].start);
		}
	}
}

TEST(pick_zombie_leader_with_live_threads)
{
	struct victim v;
	struct scan_stats st;

	/* 40 is a real zombie (one thread, scored as before 5.9); 41 is a
	 * leader that exited while 3 threads hold the memory: the hog.  Its
	 * PF_EXITING is the leader's own exit, not the group's. */
	if (CHECK_EQ_I64(pick("data/proc-zombie-leader", NULL, NO_SELF,
			      &no_skip, 0, &v, &st), 0)) {
		CHECK_EQ_I64(v.pid, 41);
		CHECK_STR(v.name, "hog");
	}
}

TEST(stat_threads)
{
	struct stat_fields f;
	static const char t[] = "41 (hog) Z 1 41 41 0 -1 4227076 0 0 0 0 7 "
				"2 0 0 20 0 12 0 3300 0\n";

	stat_parse(t, (long)sizeof t - 1, &f);
	CHECK(f.ok);
	CHECK_EQ_U64(f.threads, 12);
	CHECK_EQ_U64(f.start, 3300);
	CHECK_EQ_U64((unsigned char)f.state, 'Z');
}

/* 64 GiB, so nothing under 64 MiB may be killed.  Eight BestEffort pods
 * (20 MiB, oom_score_adj 1000: 1333 points) outrank a 10 GiB java (770):
 * the first pass's top is all too small, and the second finds java. */
TEST(pick_past_a_top_of_ineligibles)
{
	struct skiplist skip = { { 200 }, { 1000 } };
	struct victim v;
	struct scan_stats st;

	min_kib = 65536;
	T_ROW("the ninth");
	if (CHECK_EQ_I64(pick("data/proc-besteffort", NULL, NO_SELF, &no_skip,
			      0, &v, &st), 0)) {
		CHECK_EQ_I64(v.pid, 200);
		CHECK_STR(v.name, "java");
		CHECK_EQ_U64(v.score, 770);
	}
	CHECK_EQ_U64(st.passes, 2);
	CHECK_EQ_U64(st.candidates, 11); /* the first pass's count */
	T_ROW("the best of the rest, not the first found");
	if (CHECK_EQ_I64(pick("data/proc-besteffort", NULL, NO_SELF, &skip, 0,
			      &v, &st), 0))
		CHECK_EQ_I64(v.pid, 300); /* postgres 687, past sshd 666 */
	T_ROW("none anywhere");
	min_kib = 20u << 20;
	CHECK_EQ_I64(pick("data/proc-besteffort", NULL, NO_SELF, &no_skip, 0,
			  &v, &st), -ESRCH);
	CHECK_EQ_U64(st.passes, 2);
	min_kib = 0;
	T_ROW("the pods themselves when they are big enough");
	if (CHECK_EQ_I64(pick("data/proc-besteffort", NULL, NO_SELF, &no_skip,
			      0, &v, &st), 0))
		CHECK_EQ_I64(v.pid, 101); /* ties: equal RSS, the lowest pid */
	CHECK_EQ_U64(st.passes, 1);
}

/* A 64 MiB OpenWrt router with its default --avoid list, where hostapd
 * leaks to 40 MiB (1083 points, 783 avoided): it goes, not uhttpd (2 MiB,
 * 687) nor, after it, every other daemon. */
TEST(pick_an_avoided_process_far_bigger_than_the_rest)
{
	struct victim v;
	struct scan_stats st;

	if (CHECK_EQ_I64(pick("data/proc-openwrt-leak",
			      ARGS("--avoid", "netifd|dropbear|dnsmasq|odhcpd|"
					      "hostapd|wpa_supplicant|ubusd|"
					      "procd|logd"),
			      NO_SELF, &no_skip, 0, &v, &st), 0)) {
		CHECK_EQ_I64(v.pid, 1200);
		CHECK_STR(v.name, "hostapd");
		CHECK_EQ_U64(v.score, 1083); /* the kernel's, unweighed */
	}
}

/* Serves fifo to its readers, one text each: first, then `then` ever
 * after.  Held open for reading and writing, the FIFO never ends a file
 * and keeps its buffer between readers; a text is written once the last
 * was taken (each reader reads once). */
static pid_t score_server(const char *fifo, const char *first,
			  const char *then)
{
	pid_t p = fork();
	int fd, unread;

	if (p != 0)
		return p;
	fd = open(fifo, O_RDWR);
	for (const char *s = first;; s = then) {
		if (fd < 0 || write(fd, s, strlen(s)) < 0)
			_exit(1);
		do
			usleep(1000);
		while (ioctl(fd, FIONREAD, &unread) == 0 && unread > 0);
	}
}

/* The scan reads oom_score before the pidfd pins anything: if the PID
 * changes hands in between, the score read after pinning tells.  PID 10's
 * oom_score is a FIFO that says 900 to the scan and `then` afterwards. */
TEST(pick_rechecks_the_score_after_pinning)
{
	static const struct {
		const char *what, *then;
		int pid;
		unsigned score;
	} rows[] = {
		{ "fell far (a stranger has the PID): the next one", "100\n",
		  20, 500 },
		{ "fell within the slack: kept", "891\n", 10, 891 },
		{ "rose: kept, with the new score", "990\n", 10, 990 },
	};
	static char status[2048];
	long len = t_slurp("data/status-6.18-sleep", status, sizeof status);
	char dir[] = "/tmp/bustd-proc-XXXXXX", path[256];

	if (!CHECK(mkdtemp(dir) != NULL) || !CHECK(len > 0))
		return;
	workers(dir, status, 20);
	put(dir, 20, "oom_score", "500\n");
	snprintf(path, sizeof path, "%s/10/oom_score", dir);
	if (!CHECK(mkfifo(path, 0644) == 0))
		return;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		pid_t server = score_server(path, "900\n", rows[i].then);
		struct victim v;
		struct scan_stats st;

		T_ROW("%s", rows[i].what);
		if (CHECK_EQ_I64(pick(dir, NULL, NO_SELF, &no_skip, 0, &v, &st),
				 0)) {
			CHECK_EQ_I64(v.pid, rows[i].pid);
			CHECK_EQ_U64(v.score, rows[i].score);
		}
		kill(server, SIGKILL);
		waitpid(server, NULL, 0);
	}
	snprintf(path, sizeof path, "rm -rf '%s'", dir);
	CHECK(system(path) == 0);
}

/* Choosing ahead keeps the runner-up, and both oom_score files open: at
 * TERM one pread of each says which to signal.  The files are rewritten in
 * place, as the kernel's change under an open descriptor. */
TEST(pick_keeps_the_runner_up_and_rechecks_both)
{
	static const struct {
		const char *what, *pin_now, *next_now;
		int pid;
		unsigned score;
	} rows[] = {
		{ "as pinned: the pin", "900\n", "800\n", 10, 900 },
		{ "the runner-up outgrew the pin", "900\n", "950\n", 20, 950 },
		{ "a tie: the pin", "900\n", "900\n", 10, 900 },
		{ "the pin has gone: the runner-up", "", "800\n", 20, 800 },
		{ "the runner-up has gone: the pin", "900\n", "0\n", 10, 900 },
	};
	char dir[] = "/tmp/bustd-proc-XXXXXX", path[256];
	struct victim v, next;
	struct scan_stats st;
	struct config c;
	int dfd = three_workers(dir, &c);

	if (dfd < 0)
		return;
	put(dir, 30, "oom_score", "300\n");
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct pick_ctx x = { dfd, NO_SELF, false, 0, &no_skip, 0,
				      &next };

		T_ROW("%s", rows[i].what);
		put(dir, 10, "oom_score", "900\n");
		put(dir, 20, "oom_score", "800\n");
		memset(&next, 0xa5, sizeof next);
		if (!CHECK_EQ_I64(procscan_pick(&x, &c, &v, &st), 0))
			continue;
		CHECK_EQ_I64(v.pid, 10);
		CHECK_EQ_I64(next.pid, 20);
		CHECK(v.score_fd >= 0 && next.score_fd >= 0);
		put(dir, 10, "oom_score", rows[i].pin_now);
		put(dir, 20, "oom_score", rows[i].next_now);
		{
			uint64_t grown;
			struct victim *best =
				procscan_recheck(&c, &v, &next, 1000000, &grown);
			CHECK_EQ_I64(best->pid, rows[i].pid);
			CHECK_EQ_U64(best->score, rows[i].score);
		}
		victim_release(&v);
		victim_release(&next);
		CHECK(v.score_fd == -1 && next.score_fd == -1);
	}
	/* no runner-up: pid 0, nothing held; and a pick without one asked
	 * holds no oom_score open */
	put(dir, 10, "oom_score", "900\n");
	put(dir, 20, "oom_score", "0\n");
	put(dir, 30, "oom_score", "0\n");
	{
		struct pick_ctx x = { dfd, NO_SELF, false, 0, &no_skip, 0,
				      &next };
		if (CHECK_EQ_I64(procscan_pick(&x, &c, &v, &st), 0)) {
			CHECK_EQ_I64(next.pid, 0);
			CHECK_EQ_I64(next.score_fd, -1);
			uint64_t grown;
			CHECK_EQ_I64(procscan_recheck(&c, &v, &next, 1000000,
						      &grown)->pid, 10);
			victim_release(&v);
		}
		x.next = NULL;
		if (CHECK_EQ_I64(procscan_pick(&x, &c, &v, &st), 0))
			CHECK_EQ_I64(v.score_fd, -1);
	}
	close(dfd);
	snprintf(path, sizeof path, "rm -rf '%s'", dir);
	CHECK(system(path) == 0);
}

/* Open file descriptors of this process. */
static int open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	if (!d)
		return -1;
	while (readdir(d))
		n++;
	closedir(d);
	return n;
}

/* With hold (the daemon's live /proc), each oom_score stays open across
 * scans and is read with pread: a rewrite is seen, a file unlinked since
 * is still read through the one held, a process no longer listed has its
 * file closed. */
TEST(pick_holds_each_oom_score_open)
{
	char dir[] = "/tmp/bustd-proc-XXXXXX", path[256];
	struct victim v;
	struct scan_stats st;
	struct config c;
	int dfd = three_workers(dir, &c), base;

	if (dfd < 0)
		return;
	put(dir, 10, "oom_score", "500\n");
	put(dir, 20, "oom_score", "900\n");
	put(dir, 30, "oom_score", "300\n");
	procscan_release_held();
	base = open_fds();
	{
		struct pick_ctx x = { dfd, NO_SELF, false, 0, &no_skip, 0,
				      NULL, true };

		if (CHECK_EQ_I64(procscan_pick(&x, &c, &v, &st), 0))
			CHECK_EQ_I64(v.pid, 20);
		CHECK_EQ_I64(open_fds(), base + 3);
		/* rewritten in place: the held file reads the new score */
		put(dir, 20, "oom_score", "100\n");
		if (CHECK_EQ_I64(procscan_pick(&x, &c, &v, &st), 0))
			CHECK_EQ_I64(v.pid, 10);
		CHECK_EQ_I64(open_fds(), base + 3);
		/* unlinked: still ranked through the held file (3
		 * candidates), then refused by the victim's own read */
		snprintf(path, sizeof path, "%s/10/oom_score", dir);
		CHECK(unlink(path) == 0);
		if (CHECK_EQ_I64(procscan_pick(&x, &c, &v, &st), 0))
			CHECK_EQ_I64(v.pid, 30);
		CHECK_EQ_U64(st.candidates, 3);
		/* 30 listed no more: its file closed; 10's too, once read
		 * through a path that has gone (a new process's PID) */
		snprintf(path, sizeof path, "rm -rf '%s/30'", dir);
		CHECK(system(path) == 0);
		put(dir, 10, "oom_score", "500\n");
		if (CHECK_EQ_I64(procscan_pick(&x, &c, &v, &st), 0))
			CHECK_EQ_I64(v.pid, 10);
		CHECK_EQ_I64(open_fds(), base + 2);
		procscan_release_held();
		CHECK_EQ_I64(open_fds(), base);

	}
	close(dfd);
	snprintf(path, sizeof path, "rm -rf '%s'", dir);
	CHECK(system(path) == 0);
}

TEST(held_oom_scores_within_a_quarter_of_the_fd_limit)
{
	static const struct {
		uint64_t soft;
		int held;
	} rows[] = {
		{ 1024, 128 }, { 64, 16 }, { 8, 2 }, { 3, 0 }, { 0, 0 },
		{ 1048576, 128 }, { ~(uint64_t)0, 128 },
	};

	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		T_ROW("soft limit %llu", (unsigned long long)rows[i].soft);
		CHECK_EQ_I64(procscan_held_max(rows[i].soft), rows[i].held);
	}
}
