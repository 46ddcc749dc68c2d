/* test_levels.c - the default levels derived from captured /proc/zoneinfo
 * (levels.c): small machines get levels above where their kernel gave up,
 * big ones keep 10 %/5 %.  Expected figures computed apart from levels.c
 * (a few lines of Python over the same files, the rule in levels.h). */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "levels.h"
#include "t.h"

static char text[16384];
/* what levels_read reads beside zoneinfo: pages per pageblock and
 * vm.watermark_boost_factor (0: unknown, as without them) */
static uint64_t pageblock, boost_factor;

/* feeds the file in pieces of step bytes, so lines split between reads */
static bool derive_file(const char *path, uint64_t total, unsigned step,
			struct derived *d)
{
	static struct zoneinfo z;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	long n = fd >= 0 ? read(fd, text, sizeof text) : -1;

	if (fd >= 0)
		close(fd);
	if (!CHECK(n > 0 && n < (long)sizeof text))
		return false;
	zoneinfo_init(&z);
	z.pageblock = pageblock;
	z.boost_factor = boost_factor;
	for (long i = 0; i < n; i += (long)step)
		zoneinfo_feed(&z, text + i,
			      (unsigned long)(n - i < (long)step ? n - i
								 : (long)step));
	zoneinfo_end(&z);
	levels_derive(&z, total, 4, d);
	return true;
}

TEST(levels_from_zoneinfo)
{
	static const struct {
		const char *file;
		uint64_t total, slab, reserve, kill, term;
	} rows[] = {
		/* 64 MiB armv7 board (Debian armmp 6.1): the kernel gave up
		 * at MemAvailable 5-7 MiB; 5 %/10 % were 2.3/4.6 MiB.  Its
		 * zone showed a watermark boost of 2048 pages, not counted. */
		{ "data/zoneinfo-6.1-armv7-64m", 46276, 5224, 1232, 6456, 12912 },
		/* 128 MiB x86_64 guest: gave up at 7.8-8.9 MiB */
		{ "data/zoneinfo-6.1-x86-128m", 81908, 8372, 1816, 10188, 20376 },
		/* 256 MiB: about 10 %/5 % already */
		{ "data/zoneinfo-6.1-x86-256m", 210740, 7460, 3400, 10860, 21720 },
		/* 2 GiB (THP raised min_free_kbytes to 45056): 10 %/5 % */
		{ "data/zoneinfo-6.1-x86-2g", 2014388, 4852, 75340, 100719, 201438 },
		/* 24 GiB host with 1.2 GiB of slab: counted at most
		 * 64 x sqrt(RAM in KiB); 10 %/5 % */
		{ "data/zoneinfo-6.18-host-24g", 24683748, 317952, 139080, 1234187, 2468374 },
	};
	static const unsigned steps[] = { 1, 7, 4096 };

	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		for (size_t s = 0; s < sizeof steps / sizeof steps[0]; s++) {
			struct derived d;

			T_ROW("%s step %u", rows[i].file, steps[s]);
			if (!derive_file(rows[i].file, rows[i].total, steps[s], &d))
				continue;
			CHECK(d.ok);
			CHECK_EQ_U64(d.slab_kib, rows[i].slab);
			CHECK_EQ_U64(d.reserve_kib, rows[i].reserve);
			CHECK_EQ_U64(d.kill_kib, rows[i].kill);
			CHECK_EQ_U64(d.term_kib, rows[i].term);
		}
	}
}

/* The old defaults lie below where the small machines' kernels gave up;
 * the derived ones above it (measured MemAvailable at the kernel's OOM:
 * 128 MiB x86_64 up to 8.9 MiB, 64 MiB armv7 up to 7.2 MiB). */
TEST(levels_above_the_kernel)
{
	struct derived d;

	if (derive_file("data/zoneinfo-6.1-x86-128m", 81908, 4096, &d)) {
		CHECK(81908 / 20 < 8 * 1024);
		CHECK(d.kill_kib > 9 * 1024ull);
		CHECK(d.term_kib >= 2 * d.kill_kib);
	}
	if (derive_file("data/zoneinfo-6.1-armv7-64m", 46276, 4096, &d)) {
		CHECK(46276 / 10 < 5 * 1024);
		CHECK(d.kill_kib > 6 * 1024ull);
	}
}

TEST(levels_fallback)
{
	static struct zoneinfo z;
	struct derived d;
	int fd = open("data", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	/* nothing fed, or no zoneinfo in the tree: 10 %/5 % */
	zoneinfo_init(&z);
	zoneinfo_end(&z);
	levels_derive(&z, 100000, 4, &d);
	CHECK(!d.ok);
	CHECK_EQ_U64(d.term_kib, 10000);
	CHECK_EQ_U64(d.kill_kib, 5000);
	if (CHECK(fd >= 0)) {
		levels_read(fd, 100000, 4, &d);
		close(fd);
		CHECK(!d.ok);
		CHECK_EQ_U64(d.term_kib, 10000);
	}
	/* a machine whose slab is huge next to RAM: KILL at most 25 % */
	zoneinfo_init(&z);
	static const char big[] =
		"Node 0, zone Normal\n  per-node stats\n"
		"      nr_slab_reclaimable 9000\n        low      10\n"
		"        high     12\n        managed  10000\n";
	zoneinfo_feed(&z, big, sizeof big - 1);
	zoneinfo_end(&z);
	levels_derive(&z, 40000, 4, &d);
	CHECK(d.ok);
	CHECK_EQ_U64(d.kill_kib, 10000);
	CHECK_EQ_U64(d.term_kib, 20000);
}

TEST(levels_note_says_where_from)
{
	char out[512];
	struct buf b = BUF_ON(out);
	struct derived d;

	if (!derive_file("data/zoneinfo-6.1-x86-128m", 81908, 4096, &d))
		return;
	levels_note(&b, &d, 81908);
	out[b.len < sizeof out ? b.len : sizeof out - 1] = '\0';
	CHECK_HAS(out, "levels from: /proc/zoneinfo: reclaimable slab counted 8.17 MiB");
	CHECK_HAS(out, "= 9.94 MiB; KILL");
	CHECK_HAS(out, "TERM max(10 %, 2 x KILL) = 19.89 MiB\n");
}

/* The watermark boost (one pageblock, in a zone of 4 pageblocks or more,
 * with vm.watermark_boost_factor set) is reported, not counted: the armv7
 * board's 8 MiB pageblock puts the kernel's give-up above TERM (scenario
 * 28 at 64 MiB: its OOM killer at 13-16 MiB available), x86's 2 MiB does
 * not. */
TEST(levels_boost_reported_not_counted)
{
	static const struct {
		const char *file;
		uint64_t total, pageblock, factor, boost;
		bool over;
	} rows[] = {
		{ "data/zoneinfo-6.1-armv7-64m", 46276, 2048, 15000, 8192, true },
		{ "data/zoneinfo-6.1-armv7-64m", 46276, 2048, 0, 0, false },
		{ "data/zoneinfo-6.1-armv7-64m", 46276, 0, 15000, 0, false },
		/* 4 pageblocks of 4096 pages do not fit its 11,569 */
		{ "data/zoneinfo-6.1-armv7-64m", 46276, 4096, 15000, 0, false },
		{ "data/zoneinfo-6.1-x86-128m", 81908, 512, 15000, 2048, false },
		{ "data/zoneinfo-6.1-x86-256m", 210740, 512, 15000, 2048, false },
	};
	char out[512];

	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct derived d, plain;
		struct buf b = BUF_ON(out);

		T_ROW("%s pageblock %llu factor %llu", rows[i].file,
		      (unsigned long long)rows[i].pageblock,
		      (unsigned long long)rows[i].factor);
		pageblock = boost_factor = 0;
		if (!derive_file(rows[i].file, rows[i].total, 4096, &plain))
			continue;
		pageblock = rows[i].pageblock;
		boost_factor = rows[i].factor;
		derive_file(rows[i].file, rows[i].total, 4096, &d);
		pageblock = boost_factor = 0;
		CHECK_EQ_U64(d.boost_kib, rows[i].boost);
		CHECK_EQ_U64(d.kill_kib, plain.kill_kib);
		CHECK_EQ_U64(d.term_kib, plain.term_kib);
		CHECK(levels_boost_over_term(&d) == rows[i].over);
		levels_note(&b, &d, rows[i].total);
		out[b.len < sizeof out ? b.len : sizeof out - 1] = '\0';
		if (!rows[i].boost)
			CHECK(!strstr(out, "boost"));
		else if (rows[i].over)
			CHECK_HAS(out, "adds 8.00 MiB to where the kernel gives "
				       "up, not counted: above TERM");
		else
			CHECK(!strstr(out, "above TERM"));
	}
}

/* -m or -M given, from argv or the kernel command line, wins over the
 * derived levels (main.c derives only when mem_given is false). */
TEST(levels_given_win)
{
	static const struct {
		const char *args[4];
		const char *kernel; /* NULL: no --cmdline */
		bool given;
	} rows[] = {
		{ { "bustd" }, NULL, false },
		{ { "bustd", "-m", "10,5" }, NULL, true },
		{ { "bustd", "-M", "20000" }, NULL, true },
		{ { "bustd", "-s", "10" }, NULL, false },
		{ { "bustd", "--cmdline" }, "quiet bustd.m=20", true },
		{ { "bustd", "--cmdline" }, "quiet bustd.p=30", false },
	};

	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		static struct config c;
		char msg[256], kernel[64] = "";
		struct buf err = BUF_ON(msg);
		int argc = 0;

		while (argc < 4 && rows[i].args[argc])
			argc++;
		T_ROW("row %zu", i);
		if (rows[i].kernel)
			(void)snprintf(kernel, sizeof kernel, "%s",
				       rows[i].kernel);
		CHECK_EQ_I64(config_parse_with(&c, argc, (char **)rows[i].args,
					       rows[i].kernel ? kernel : NULL,
					       &err),
			     CONFIG_RUN);
		CHECK(c.mem_given == rows[i].given);
	}
}
