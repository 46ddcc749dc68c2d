/* test_earlyoom.c - earlyoom's --ignore-root-user and --sort-by-rss on a
 * /proc tree made here: three processes where each rule picks another. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "procscan.h"
#include "t.h"

static const struct skiplist no_skip;

static void put(const char *dir, int pid, const char *file, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof path, "%s/%d", dir, pid);
	mkdir(path, 0755);
	snprintf(path, sizeof path, "%s/%d/%s", dir, pid, file);
	f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

/* pid, name, uid, oom_score, RSS in pages (statm) */
static void proc(const char *dir, int pid, const char *name, unsigned uid,
		 unsigned score, unsigned pages)
{
	char t[512];

	snprintf(t, sizeof t, "%s\n", name);
	put(dir, pid, "comm", t);
	snprintf(t, sizeof t, "%u\n", score);
	put(dir, pid, "oom_score", t);
	put(dir, pid, "oom_score_adj", "0\n");
	snprintf(t, sizeof t, "%d (%s) S 1 %d %d 0 -1 4194560 120 0 0 0 5 3 "
		 "0 0 20 0 1 0 100 1000000 250 18446744073709551615 1 1 0 0 "
		 "0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n", pid, name, pid, pid);
	put(dir, pid, "stat", t);
	snprintf(t, sizeof t, "Name:\t%s\nState:\tS (sleeping)\nUid:\t%u\t%u\t%u\t%u\n"
		 "Kthread:\t0\nVmRSS:\t%u kB\nVmSwap:\t0 kB\nThreads:\t1\n",
		 name, uid, uid, uid, uid, pages * 4);
	put(dir, pid, "status", t);
	snprintf(t, sizeof t, "%u %u 10 1 0 %u 0\n", pages * 2, pages, pages);
	put(dir, pid, "statm", t);
}

static int pick_in(const char *dir, const char *a1, const char *a2,
		   struct victim *v)
{
	char *argv[] = { "bustd", (char *)a1, (char *)a2, NULL };
	int argc = 1 + !!a1 + !!a2;
	char e[LOG_LINE_MAX];
	struct buf err = BUF_ON(e);
	struct config c;
	struct scan_stats st = { 0 };
	int dfd, rc;

	if (!CHECK_EQ_I64(config_parse(&c, argc, argv, &err), CONFIG_RUN))
		return -1;
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (!CHECK(dfd >= 0))
		return -1;
	{
		struct pick_ctx x = { dfd, 0, false, 0, &no_skip, 0 };
		rc = procscan_pick(&x, &c, v, &st);
	}
	close(dfd);
	return rc;
}

TEST(earlyoom_ignore_root_user_and_sort_by_rss)
{
	char dir[] = "/tmp/bustd-eo-XXXXXX", cmd[64];
	struct victim v;

	if (!CHECK(mkdtemp(dir)))
		return;
	proc(dir, 10, "rootd", 0, 900, 1000);   /* root, highest score */
	proc(dir, 20, "fat", 1000, 600, 50000); /* largest RSS */
	proc(dir, 30, "busy", 1000, 700, 100);  /* best non-root score */
	proc(dir, 40, "other", 1000, 650, 60000); /* avoided below */
	T_ROW("defaults: the kernel's oom_score");
	if (CHECK_EQ_I64(pick_in(dir, NULL, NULL, &v), 0))
		CHECK_EQ_I64(v.pid, 10);
	T_ROW("--ignore-root-user");
	if (CHECK_EQ_I64(pick_in(dir, "--ignore-root-user", NULL, &v), 0))
		CHECK_EQ_I64(v.pid, 30);
	T_ROW("--sort-by-rss");
	if (CHECK_EQ_I64(pick_in(dir, "--sort-by-rss", NULL, &v), 0))
		CHECK_EQ_I64(v.pid, 40);
	T_ROW("--sort-by-rss, --avoid: 3 GiB less");
	if (CHECK_EQ_I64(pick_in(dir, "--sort-by-rss", "--avoid=other", &v), 0))
		CHECK_EQ_I64(v.pid, 20);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	CHECK_EQ_I64(system(cmd), 0);
}
