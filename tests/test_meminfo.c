/* test_meminfo.c - meminfo_open and the reads against fixture trees:
 * MemAvailable where the kernel has it, the estimate where it does not,
 * and the working-set counters. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "meminfo.h"
#include "t.h"

static int open_tree(const char *tree)
{
	return open(tree, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

static void close_src(struct meminfo_src *s)
{
	if (s->meminfo_fd >= 0)
		close(s->meminfo_fd);
	if (s->vmstat_fd >= 0)
		close(s->vmstat_fd);
}

TEST(mem_read_from_trees)
{
	static const struct {
		const char *tree;
		uint64_t avail;
		int vm_rc;
		uint64_t activate;
		const char *log; /* what bustd says, once */
	} rows[] = {
		{ "data/proc-basic", 23988148, 0, 39971, "" },
		/* MemFree + Active(file) + Inactive(file) + SReclaimable */
		{ "data/proc-old", 212340ull + 1074092 + 636080 + 134216, -ENOENT, 0,
		  "bustd: warning: /proc/meminfo has no MemAvailable (kernel "
		  "before 3.14): estimating it\n" },
		{ "data/proc-router", 13952, 0, 402117 + 98812, "" },
	};

	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct meminfo_src s;
		struct vmstat_fields vf;
		struct mem m = { .free_kib = 1 };
		char log[256];
		int dfd = open_tree(rows[i].tree);

		T_ROW("%s", rows[i].tree);
		if (!CHECK(dfd >= 0))
			continue;
		CHECK_EQ_I64(meminfo_open(&s, dfd), 0);
		t_stderr_begin();
		CHECK_EQ_I64(mem_read_avail(&s, &m), 0);
		CHECK(m.avail_known);
		CHECK_EQ_U64(m.avail_kib, rows[i].avail);
		CHECK_EQ_U64(m.free_kib, 1); /* sysinfo's fields untouched */
		/* re-read through the same descriptor */
		CHECK_EQ_I64(mem_read_avail(&s, &m), 0);
		CHECK_EQ_U64(m.avail_kib, rows[i].avail);
		t_stderr_end(log, sizeof log);
		CHECK_STR(log, rows[i].log);
		CHECK_EQ_I64(mem_read_vmstat(&s, &vf), rows[i].vm_rc);
		CHECK_EQ_U64(vf.activate, rows[i].activate);
		close_src(&s);
		close(dfd);
	}
}

TEST(meminfo_open_without_files)
{
	struct meminfo_src s;
	struct vmstat_fields vf;
	int dfd = open_tree("data/proc-empty");

	if (!CHECK(dfd >= 0))
		return;
	CHECK_EQ_I64(meminfo_open(&s, dfd), -ENOENT);
	CHECK(s.vmstat_fd < 0);
	CHECK_EQ_I64(mem_read_vmstat(&s, &vf), -ENOENT);
	close(dfd);
}

TEST(mem_read_fast_on_this_host)
{
	struct mem m;

	CHECK_EQ_I64(mem_read_fast(&m), 0);
	CHECK(m.total_kib > 0);
	CHECK(m.free_kib <= m.total_kib);
	CHECK(m.swap_free_kib <= m.swap_total_kib);
	CHECK(!m.avail_known);
}

/* The boost of every zone, read through the scratch buffer in pieces
 * (the fixtures are 2.5-5.4 KiB): the armv7 board's one boosted zone, and
 * zones at rest. */
TEST(mem_read_boost_from_zoneinfo)
{
	static const struct {
		const char *file;
		uint64_t pages;
	} rows[] = {
		{ "data/zoneinfo-6.1-armv7-64m", 2048 },
		{ "data/zoneinfo-6.1-x86-256m", 0 },
		{ "data/zoneinfo-6.18-host-24g", 0 },
	};
	struct meminfo_src s = { -1, -1, -1, false };
	uint64_t pages = 1;

	CHECK_EQ_I64(mem_read_boost(&s, &pages), -ENOENT);
	CHECK_EQ_U64(pages, 1);
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		T_ROW("%s", rows[i].file);
		s.zoneinfo_fd = open(rows[i].file, O_RDONLY | O_CLOEXEC);
		if (!CHECK(s.zoneinfo_fd >= 0))
			continue;
		CHECK_EQ_I64(mem_read_boost(&s, &pages), 0);
		CHECK_EQ_U64(pages, rows[i].pages);
		CHECK_EQ_I64(mem_read_boost(&s, &pages), 0); /* again */
		CHECK_EQ_U64(pages, rows[i].pages);
		close(s.zoneinfo_fd);
	}
}

/* Only a line whose first word is "boost" counts, its number whole, and
 * the sum does not depend on where the reads cut the text. */
TEST(boost_feed_lines_and_pieces)
{
	static const char text[] =
		"Node 0, zone   Normal\n"
		"  pages free     1187\n"
		"        boost    2048\n"
		"        boosted  5\n"   /* another word */
		"        boost    3x\n"  /* not a number */
		"        boost\n"        /* none */
		"  boost 1 boost 9\n"    /* more than its number */
		"\tboost\t100 \n"
		"        min      203\n"
		"        boost    7";    /* the last line, no newline */
	const uint64_t want = 2048 + 100 + 7;
	long n = (long)strlen(text);

	for (long cut = 0; cut <= n; cut++) {
		struct boost_scan b = { 0, 0, 0, false };

		boost_feed(&b, text, cut);
		boost_feed(&b, text + cut, n - cut);
		boost_feed(&b, "\n", 1);
		if (!CHECK_EQ_U64(b.sum, want))
			printf("       cut at %ld\n", cut);
	}
}
