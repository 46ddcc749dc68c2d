/* test_fillrate.c - the fill-rate arithmetic and the CPU list parser, and
 * one real measurement (a quarter MiB of this process's own memory). */
#include <string.h>

#include "fillrate.h"
#include "t.h"

TEST(cpulist_count_sysfs_forms)
{
	static const struct {
		const char *text;
		unsigned n;
	} rows[] = {
		{ "0\n", 1 },          { "0-3\n", 4 },
		{ "0-3,6\n", 5 },      { "0,2,4-7\n", 6 },
		{ "0-127\n", 128 },    { "", 0 },
		{ "3-1\n", 0 },        /* backwards: not trusted */
		{ "0-\n", 0 },         { "x\n", 0 },
		{ "0-4294967295\n", 0 }, /* absurd: not trusted */
	};

	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		CHECK_EQ_U64(cpulist_count(rows[i].text,
					   (long)strlen(rows[i].text)),
			     rows[i].n);
}

TEST(fillrate_from_scales_clamps)
{
	/* 256 KiB in 500 us is 500 MiB/s a CPU */
	CHECK_EQ_U64(fillrate_from(256 << 10, 500000, 1), 500);
	CHECK_EQ_U64(fillrate_from(256 << 10, 500000, 2), 1000);
	/* past FILLRATE_MAX_CPUS the memory bus is the limit */
	CHECK_EQ_U64(fillrate_from(256 << 10, 500000, 64), 2000);
	/* CPU count unknown: counted as the most */
	CHECK_EQ_U64(fillrate_from(256 << 10, 500000, 0), 2000);
	/* never slower than the floor, never faster than the default */
	CHECK_EQ_U64(fillrate_from(256 << 10, 100000000, 1), FILLRATE_FLOOR_MIBS);
	CHECK_EQ_U64(fillrate_from(2 << 20, 100000, 4), FILLRATE_CEILING_MIBS);
	/* nothing measured */
	CHECK_EQ_U64(fillrate_from(256 << 10, 0, 1), 0);
}

TEST(fillrate_measure_gives_a_rate)
{
	unsigned r = fillrate_measure(-1);

	CHECK(r >= FILLRATE_FLOOR_MIBS && r <= FILLRATE_CEILING_MIBS);
}
