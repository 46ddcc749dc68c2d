/* test_policy.c - readings + config -> verdict and sleep, one row per
 * threshold edge.
 *
 * The machine in most rows: 10,000,000 KiB of RAM, so the default -m 10,5
 * puts SIGTERM at 1,000,000 KiB available and SIGKILL at 500,000; free RAM
 * counts as short at or below 1,000,000 (a tenth of RAM); the thrashing
 * floor is 10,000,000 / 4 / 256 = 9765 working-set activations a second.
 * Without swap the swap levels are 0 and 0: no swap counts as exhausted. */
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "policy.h"
#include "t.h"

#define ARGS_MAX 6
#define RAM 10000000ull
#define TERM 1000000ull
#define KILL 500000ull
#define FLOOR 9765
#define SWAP 8000000ull /* -s 10,5: 800,000 and 400,000 */

static bool cfg_from(struct config *c, const char *const args[ARGS_MAX])
{
	char *argv[ARGS_MAX + 2], err_mem[LOG_LINE_MAX] = { 0 };
	struct buf err = { err_mem, 0, sizeof err_mem - 1, 0 };
	int argc = 0;

	argv[argc++] = (char *)"bustd";
	for (int i = 0; i < ARGS_MAX && args[i]; i++)
		argv[argc++] = (char *)args[i];
	argv[argc] = NULL;
	if (!CHECK_EQ_I64(config_parse(c, argc, argv, &err), CONFIG_RUN)) {
		printf("       message: %s\n", err_mem);
		return false;
	}
	return true;
}

/* A reading: avail < 0 means MemAvailable was not read (sysinfo's free
 * RAM stands in); free < 0 means free RAM equals avail. */
struct reading_in {
	int64_t avail, free;
	uint64_t swap_total, swap_free;
	int stall;
	int64_t act;
	int64_t fall; /* free RAM lost per second; 0 when absent */
	uint64_t anon, file; /* AnonPages, the file LRU */
};

static struct mem mem_of(const struct reading_in *in)
{
	struct mem m = { 0 };

	m.total_kib = RAM;
	m.avail_known = in->avail >= 0;
	m.avail_kib = m.avail_known ? (uint64_t)in->avail : 0;
	m.free_kib = in->free >= 0 ? (uint64_t)in->free : m.avail_kib;
	m.swap_total_kib = in->swap_total;
	m.swap_free_kib = in->swap_free;
	m.anon_kib = in->anon;
	m.file_kib = in->file;
	return m;
}

TEST(policy_levels_resolve_against_ram)
{
	static const struct {
		const char *args[ARGS_MAX];
		uint64_t total, swap_total;
		struct levels want;
	} rows[] = {
		{ { NULL }, RAM, 0, { TERM, KILL, 0, 0 } },
		{ { NULL }, RAM, SWAP, { TERM, KILL, 800000, 400000 } },
		{ { "-m", "2.5,1" }, RAM, 0, { 250000, 100000, 0, 0 } },
		/* the host this suite was written on: 10% is 2468409.2 KiB */
		{ { NULL }, 24684092, 0, { 2468409, 1234204, 0, 0 } },
		/* -M alone replaces the default -m */
		{ { "-M", "2000000" }, RAM, 0, { 2000000, 1000000, 0, 0 } },
		/* -m and -M both given: the lower level, each for itself */
		{ { "-m", "10", "-M", "2000000,100" }, RAM, 0, { TERM, 100, 0, 0 } },
		{ { "-M", "20000", "-m", "10" }, RAM, 0, { 20000, 10000, 0, 0 } },
		{ { "-S", "1000" }, RAM, SWAP, { TERM, KILL, 1000, 500 } },
		{ { "-S", "1000" }, RAM, 0, { TERM, KILL, 1000, 500 } },
		{ { "-s", "0.01,0" }, RAM, SWAP, { TERM, KILL, 800, 0 } },
		{ { "-m", "99" }, RAM, 0, { RAM / 100 * 99, RAM / 200 * 99, 0, 0 } },
		/* no overflow on absurd sizes */
		{ { "-s", "100,99.99" }, RAM, 1ull << 60,
		  { TERM, KILL, 1ull << 60, (1ull << 60) / 10000 * 9999 +
					(1ull << 60) % 10000 * 9999 / 10000 } },
	};

	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct config c;
		struct mem m = { 0 };
		struct levels l;

		T_ROW("levels row %zu", i);
		if (!cfg_from(&c, rows[i].args))
			continue;
		m.total_kib = rows[i].total;
		m.swap_total_kib = rows[i].swap_total;
		policy_levels(&c, &m, &l);
		CHECK_EQ_U64(l.mem_term, rows[i].want.mem_term);
		CHECK_EQ_U64(l.mem_kill, rows[i].want.mem_kill);
		CHECK_EQ_U64(l.swap_term, rows[i].want.swap_term);
		CHECK_EQ_U64(l.swap_kill, rows[i].want.swap_kill);
	}
}

struct decide_row {
	const char *what;
	const char *args[ARGS_MAX];
	struct reading_in in;
	enum action action;
	enum reason reason;
};

#define NO_PSI -1, -1
#define A(...) { __VA_ARGS__ }

TEST(policy_decide_table)
{
	static const struct decide_row rows[] = {
		/* memory levels: comparisons are <= */
		{ "far above", A(NULL), { 5000000, -1, 0, 0, NO_PSI }, ACT_NONE, WHY_NONE },
		{ "1 KiB above TERM", A(NULL), { TERM + 1, -1, 0, 0, NO_PSI }, ACT_NONE, WHY_NONE },
		{ "exactly TERM", A(NULL), { TERM, -1, 0, 0, NO_PSI }, ACT_TERM, WHY_MEMORY },
		{ "1 KiB above KILL", A(NULL), { KILL + 1, -1, 0, 0, NO_PSI }, ACT_TERM, WHY_MEMORY },
		{ "exactly KILL", A(NULL), { KILL, -1, 0, 0, NO_PSI }, ACT_KILL, WHY_MEMORY },
		{ "nothing left", A(NULL), { 0, -1, 0, 0, NO_PSI }, ACT_KILL, WHY_MEMORY },
		{ "no MemAvailable read: free RAM decides",
		  A(NULL), { -1, TERM, 0, 0, NO_PSI }, ACT_TERM, WHY_MEMORY },
		{ "MemAvailable, not free RAM, when read",
		  A(NULL), { TERM + 1, KILL, 0, 0, NO_PSI }, ACT_NONE, WHY_NONE },
		/* swap: both must be short */
		{ "RAM short, swap half free", A(NULL),
		  { 0, -1, SWAP, SWAP / 2, NO_PSI }, ACT_NONE, WHY_NONE },
		{ "RAM short, swap 1 KiB above TERM", A(NULL),
		  { 0, -1, SWAP, 800001, NO_PSI }, ACT_NONE, WHY_NONE },
		{ "RAM at TERM, swap at TERM", A(NULL),
		  { TERM, -1, SWAP, 800000, NO_PSI }, ACT_TERM, WHY_MEMORY },
		{ "RAM at KILL, swap at TERM", A(NULL),
		  { KILL, -1, SWAP, 800000, NO_PSI }, ACT_TERM, WHY_MEMORY },
		{ "RAM at KILL, swap at KILL", A(NULL),
		  { KILL, -1, SWAP, 400000, NO_PSI }, ACT_KILL, WHY_MEMORY },
		{ "swap short, RAM plenty", A(NULL),
		  { TERM + 1, -1, SWAP, 0, NO_PSI }, ACT_NONE, WHY_NONE },
		{ "-S 1,0: swap must be all but used up", A("-S", "1,0"),
		  { 0, -1, SWAP, 2, NO_PSI }, ACT_NONE, WHY_NONE },
		{ "-S alone, no swap configured", A("-S", "1000"),
		  { TERM, -1, 0, 0, NO_PSI }, ACT_TERM, WHY_MEMORY },
		/* -M, and -m with -M */
		{ "-M alone: at its TERM", A("-M", "2000000"),
		  { 2000000, -1, 0, 0, NO_PSI }, ACT_TERM, WHY_MEMORY },
		{ "-M alone: KILL above the default -m's TERM",
		  A("-M", "3000000,2000000"), { 2000000, -1, 0, 0, NO_PSI }, ACT_KILL, WHY_MEMORY },
		{ "-m and -M: the lower TERM", A("-m", "10", "-M", "20000"),
		  { 20000, -1, 0, 0, NO_PSI }, ACT_TERM, WHY_MEMORY },
		{ "-m and -M: above the lower TERM", A("-m", "10", "-M", "20000"),
		  { 20001, -1, 0, 0, NO_PSI }, ACT_NONE, WHY_NONE },
		{ "-m and -M: -m lower", A("-m", "10", "-M", "5000000"),
		  { 2000000, -1, 0, 0, NO_PSI }, ACT_NONE, WHY_NONE },
		/* pressure: stall >= -p, free RAM short, and re-faults over the
		 * floor or MemAvailable within twice TERM */
		{ "stall at -p, re-faults at floor", A(NULL),
		  { 1500000, TERM, 0, 0, 2500, FLOOR }, ACT_KILL, WHY_PRESSURE },
		{ "stall just under -p", A(NULL),
		  { 1500000, TERM, 0, 0, 2499, FLOOR }, ACT_NONE, WHY_NONE },
		{ "stall far above -p", A(NULL),
		  { 1500000, TERM, 0, 0, 10000, 100000 }, ACT_KILL, WHY_PRESSURE },
		{ "free RAM not short", A(NULL),
		  { 1500000, TERM + 1, 0, 0, 10000, 100000 }, ACT_NONE, WHY_NONE },
		{ "re-faults under floor, MemAvailable plenty", A(NULL),
		  { 2000001, 900000, 0, 0, 5000, FLOOR - 1 }, ACT_NONE, WHY_NONE },
		{ "re-faults unknown, MemAvailable at twice TERM", A(NULL),
		  { 2000000, 900000, 0, 0, 5000, -1 }, ACT_KILL, WHY_PRESSURE },
		{ "re-faults under floor, MemAvailable at twice TERM", A(NULL),
		  { 2000000, 900000, 0, 0, 5000, 0 }, ACT_KILL, WHY_PRESSURE },
		{ "re-faults unknown, MemAvailable not read", A(NULL),
		  { -1, 900000, SWAP, SWAP / 2, 5000, -1 }, ACT_NONE, WHY_NONE },
		{ "streaming I/O: stall, short free, no re-faults", A(NULL),
		  { 5000000, 100000, 0, 0, 8000, 0 }, ACT_NONE, WHY_NONE },
		{ "stall unknown (-1)", A(NULL),
		  { 1500000, 100000, 0, 0, -1, 100000 }, ACT_NONE, WHY_NONE },
		{ "-p 0 disables the rule", A("-p", "0"),
		  { 1500000, 100000, 0, 0, 10000, 100000 }, ACT_NONE, WHY_NONE },
		{ "-p 100: only total stall", A("-p", "100"),
		  { 1500000, 100000, 0, 0, 9999, 100000 }, ACT_NONE, WHY_NONE },
		{ "-p 100 at total stall", A("-p", "100"),
		  { 1500000, 100000, 0, 0, 10000, 100000 }, ACT_KILL, WHY_PRESSURE },
		{ "-m 50: free short up to TERM", A("-m", "50"),
		  { 5000001, 5000000, 0, 0, 3000, FLOOR, 0, 6000000 }, ACT_KILL, WHY_PRESSURE },
		{ "thrashing with swap left", A(NULL),
		  { 1500000, TERM, SWAP, SWAP / 2, 3000, FLOOR }, ACT_KILL, WHY_PRESSURE },
		/* the memory KILL level outranks pressure; pressure outranks
		 * the memory TERM level (a thrashing victim gets SIGKILL) */
		{ "KILL level and stall", A(NULL),
		  { KILL, -1, 0, 0, 10000, 100000 }, ACT_KILL, WHY_MEMORY },
		{ "TERM level and thrashing", A(NULL),
		  { TERM, -1, 0, 0, 10000, 100000 }, ACT_KILL, WHY_PRESSURE },
		/* a hog racing down stalls in its own reclaim: the memory
		 * rule's case, not thrashing; hovering memory is */
		{ "stall, twice TERM, falling to KILL in 0.75 s", A(NULL),
		  { 2000000, 100000, 0, 0, 5000, 0, 2000000 }, ACT_NONE, WHY_NONE },
		{ "stall, twice TERM, falling to KILL in 1.5 s", A(NULL),
		  { 2000000, 100000, 0, 0, 5000, 0, 1000000 }, ACT_KILL, WHY_PRESSURE },
		/* racing to TERM is the memory rule's too, when it can act
		 * there: no swap, or swap at or below its level */
		{ "stall, 1.8 x TERM, falling to TERM in 0.8 s, no swap", A(NULL),
		  { 1800000, 100000, 0, 0, 5000, 0, 1000000 }, ACT_NONE, WHY_NONE },
		{ "stall, 1.8 x TERM, to TERM in 0.8 s, swap above its level", A("-s", "10,5"),
		  { 1800000, 100000, SWAP, SWAP / 2, 5000, 0, 1000000 }, ACT_KILL, WHY_PRESSURE },
		{ "stall, 1.8 x TERM, to TERM in 0.8 s, swap at its level", A("-s", "10,5"),
		  { 1800000, 100000, SWAP, 800000, 5000, 0, 1000000 }, ACT_NONE, WHY_NONE },
		{ "stall, under TERM, racing: SIGTERM first", A(NULL),
		  { 900000, 100000, 0, 0, 5000, 0, 2000000 }, ACT_TERM, WHY_MEMORY },
		{ "stall, at KILL, racing: KILL", A(NULL),
		  { KILL, 100000, 0, 0, 5000, 0, 2000000 }, ACT_KILL, WHY_MEMORY },
		{ "stall, racing, re-faults over floor: thrashing", A(NULL),
		  { 900000, 100000, 0, 0, 5000, FLOOR, 2000000 }, ACT_KILL, WHY_PRESSURE },
	};

	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const struct decide_row *r = &rows[i];
		struct pressure p = { r->in.stall, r->in.act, r->in.fall,
				      r->in.fall, 0 };
		struct mem m = mem_of(&r->in);
		struct config c;
		struct levels l;
		struct verdict v;

		T_ROW("%s", r->what);
		if (!cfg_from(&c, r->args))
			continue;
		policy_levels(&c, &m, &l);
		v = policy_decide(&c, &l, &m, &p);
		CHECK_EQ_U64(v.action, r->action);
		CHECK_EQ_U64(v.reason, r->reason);
	}
}

struct sleep_row {
	const char *what;
	const char *args[ARGS_MAX];
	struct reading_in in;
	unsigned sleep_ms;
};

/* Acting on where memory will be at the next reading: the observed fall
 * over the pause policy_sleep_ms would take, plus the lag (lateness, a
 * scan).  The fill rate is 4000 KiB/ms, --min-sleep 100. */
TEST(policy_decide_looks_ahead)
{
	static const struct {
		const char *what;
		int64_t avail, fall;
		uint64_t lag, swap_free;
		enum action action;
		bool flat_now;
	} rows[] = {
		{ "100 MB above TERM, still", 1100000, 0, 0, 0, ACT_NONE },
		{ "100 MB above, 2 GB/s: 25 ms pause, 50 MB", 1100000, 2000000,
		  0, 0, ACT_NONE },
		{ "100 MB above, 2 GB/s, 30 ms lag: 110 MB", 1100000, 2000000,
		  30, 0, ACT_TERM },
		{ "10 MB above, 2 GB/s: the 10 ms floor, 20 MB", 1010000,
		  2000000, 0, 0, ACT_TERM },
		{ "10 MB above, 100 GB/s: TERM first, never KILL", 1010000,
		  100000000, 1000, 0, ACT_TERM },
		{ "between, 2 GB/s: 25 ms to 550 MB", 600000, 2000000, 0, 0,
		  ACT_TERM },
		{ "between, 2 GB/s, 30 ms lag: 490 MB", 600000, 2000000, 30, 0,
		  ACT_KILL },
		{ "swap above its TERM: no memory verdict", 1010000, 2000000, 0,
		  SWAP, ACT_NONE },
		/* the fall since the last base alone (fall_now) is flat: a hog
		 * that stopped between the levels, the older base still
		 * reading 2 GB/s (scenario 17's hog got SIGKILL first) */
		{ "between, 30 ms lag, flat since the last base: SIGTERM",
		  600000, 2000000, 30, 0, ACT_TERM, true },
	};

	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct reading_in in = { rows[i].avail, 100000,
					 rows[i].swap_free ? SWAP : 0,
					 rows[i].swap_free, NO_PSI, rows[i].fall };
		struct pressure p = { -1, -1, rows[i].fall, rows[i].fall,
				      rows[i].lag };
		struct mem m = mem_of(&in);
		struct config c;
		struct levels l;

		p.fall_held = true; /* processes took it */
		p.fall_now = rows[i].flat_now ? 0 : rows[i].fall;
		T_ROW("%s", rows[i].what);
		if (!cfg_from(&c, (const char *const[ARGS_MAX]){ NULL }))
			continue;
		policy_levels(&c, &m, &l);
		CHECK_EQ_U64(policy_decide(&c, &l, &m, &p).action,
			     rows[i].action);
	}
}

/* Free RAM falling fast while MemAvailable was not read is a file
 * streaming into the page cache as often as a hog: no verdict from it
 * (an armv7 guest SIGTERMed scenario 04's bystander so, at 33 MiB free
 * and 24 MiB TERM). */
TEST(policy_decide_looks_ahead_only_on_memavailable)
{
	struct reading_in in = { -1, 1010000, 0, 0, NO_PSI, 2000000 };
	struct pressure p = { -1, -1, 2000000, 2000000, 30 };
	struct mem m = mem_of(&in);
	struct config c;
	struct levels l;

	p.fall_held = true;
	if (!cfg_from(&c, (const char *const[ARGS_MAX]){ NULL }))
		return;
	policy_levels(&c, &m, &l);
	CHECK_EQ_U64(policy_decide(&c, &l, &m, &p).action, ACT_NONE);
	m.avail_known = true;
	m.avail_kib = m.free_kib;
	CHECK_EQ_U64(policy_decide(&c, &l, &m, &p).action, ACT_TERM);
	/* MemAvailable's own fall, but no process holds what it lost (a
	 * file streaming in on a small board): no verdict */
	p.fall_held = false;
	CHECK_EQ_U64(policy_decide(&c, &l, &m, &p).action, ACT_NONE);
	p.fall_held = true;
	/* MemAvailable read now, but the fall was measured on free RAM (the
	 * reading before had none): no verdict either (a 128 MiB guest so
	 * SIGTERMed a bystander while a disk streamed, at 45 MiB available,
	 * TERM 20 MiB, on a free-RAM fall of 77 MB/s) */
	p.fall_free = true;
	CHECK_EQ_U64(policy_decide(&c, &l, &m, &p).action, ACT_NONE);
}

/* A hog racing to KILL evicts the cache, so the working set re-faults
 * over the floor under its stall: while processes hold the fall, the
 * memory rule's SIGTERM at TERM, not the pressure rule's SIGKILL above it
 * (scenario 22: SIGKILL at 35.4 MiB, TERM 21.9).  Memory that hovers, a
 * fall nobody holds, or swap left that the memory rule waits for: thrash. */
TEST(policy_racing_hog_refaults_are_not_thrash)
{
	/* 1,500,000 available, 2,000,000 KiB/s: KILL in 0.5 s, TERM in
	 * 0.25 s; free RAM short, a 30 % stall, re-faults over the floor */
	struct reading_in in = { 1500000, 100000, 0, 0, 3000, FLOOR };
	struct pressure p = { 3000, FLOOR, 2000000, 2000000, 0 };
	struct mem m = mem_of(&in);
	struct config c;
	struct levels l;
	struct verdict v;

	p.fall_held = true;
	p.fall_now = p.fall;
	if (!cfg_from(&c, (const char *const[ARGS_MAX]){ NULL }))
		return;
	policy_levels(&c, &m, &l);
	CHECK_EQ_U64(policy_decide(&c, &l, &m, &p).action, ACT_NONE);
	m.avail_kib = TERM;
	v = policy_decide(&c, &l, &m, &p);
	CHECK_EQ_U64(v.action, ACT_TERM);
	CHECK_EQ_U64(v.reason, WHY_MEMORY);
	m.avail_kib = 1500000;
	p.fall_held = false;
	CHECK_EQ_U64(policy_decide(&c, &l, &m, &p).reason, WHY_PRESSURE);
	p.fall_held = true;
	p.fall = p.fall_now = 0; /* hovering, fall_peak from a second ago */
	CHECK_EQ_U64(policy_decide(&c, &l, &m, &p).reason, WHY_PRESSURE);
	p.fall = p.fall_now = 2000000;
	m.swap_total_kib = m.swap_free_kib = SWAP;
	CHECK_EQ_U64(policy_decide(&c, &l, &m, &p).reason, WHY_PRESSURE);
}

TEST(policy_sleep_table)
{
	static const struct sleep_row rows[] = {
		/* MiB/s ~ KiB/ms: 2,000,000 KiB above TERM at 4000 is 500 ms */
		{ "2 GB to go", A(NULL), { TERM + 2000000, -1, 0, 0, NO_PSI }, 500 },
		{ "200 MB to go: min", A(NULL), { TERM + 200000, -1, 0, 0, NO_PSI }, 100 },
		{ "at TERM: min", A(NULL), { TERM, -1, 0, 0, NO_PSI }, 100 },
		{ "below TERM: min", A(NULL), { 0, -1, 0, 0, NO_PSI }, 100 },
		{ "far: max", A(NULL), { TERM + 100000000, -1, 0, 0, NO_PSI }, 10000 },
		{ "just under max", A(NULL), { TERM + 39996000, -1, 0, 0, NO_PSI }, 9999 },
		{ "free RAM when not read", A(NULL), { -1, TERM + 2000000, 0, 0, NO_PSI }, 500 },
		/* swap counts 8x: (4,000,000 - 800,000) * 8 / 4000 = 6400 */
		{ "swap adds", A(NULL), { TERM, -1, SWAP, SWAP / 2, NO_PSI }, 6400 },
		{ "RAM and swap", A(NULL), { TERM + 2000000, -1, SWAP, SWAP / 2, NO_PSI }, 6900 },
		{ "--fill-rate 1000", A("--fill-rate", "1000"),
		  { TERM + 2000000, -1, 0, 0, NO_PSI }, 2000 },
		{ "--max-sleep", A("--max-sleep", "300"),
		  { TERM + 2000000, -1, 0, 0, NO_PSI }, 300 },
		{ "--min-sleep", A("--min-sleep", "700"),
		  { TERM + 2000000, -1, 0, 0, NO_PSI }, 700 },
		/* stall halfway to -p 25 (12.5%) pins the floor */
		{ "stall at half of -p", A(NULL), { TERM + 2000000, -1, 0, 0, 1250, -1 }, 100 },
		{ "stall just under half", A(NULL), { TERM + 2000000, -1, 0, 0, 1249, -1 }, 500 },
		{ "stall unknown", A(NULL), { TERM + 2000000, -1, 0, 0, -1, -1 }, 500 },
		/* a hog racing down stalls in its own reclaim: still half the
		 * time to TERM, 200 MB at 2 GB/s */
		{ "stall, racing", A(NULL), { TERM + 200000, -1, 0, 0, 5000, -1, 2000000 }, 50 },
		{ "-p 0 ignores stall", A("-p", "0"), { TERM + 2000000, -1, 0, 0, 10000, -1 }, 500 },
		{ "stall floor is --min-sleep", A("--min-sleep", "20"),
		  { TERM + 100000000, -1, 0, 0, 5000, -1 }, 20 },
		/* falling memory: half the time to TERM at the observed rate */
		{ "falling 1 GB/s, 200 MB to go", A(NULL),
		  { TERM + 200000, -1, 0, 0, NO_PSI, 1000000 }, 100 },
		{ "falling 2 GB/s, 200 MB to go", A(NULL),
		  { TERM + 200000, -1, 0, 0, NO_PSI, 2000000 }, 50 },
		/* at or below TERM the next level is KILL (500,000 to go) */
		{ "at TERM, falling 4 GB/s: half the time to KILL", A(NULL),
		  { TERM, -1, 0, 0, NO_PSI, 4000000 }, 62 },
		{ "at TERM, falling 100 GB/s: the fast floor", A(NULL),
		  { TERM, -1, 0, 0, NO_PSI, 100000000 }, POLICY_FAST_MS },
		{ "at TERM, a slow fall: min", A(NULL),
		  { TERM, -1, 0, 0, NO_PSI, 50 }, 100 },
		{ "at TERM, falling 2 GB/s: KILL is 250 ms away, min", A(NULL),
		  { TERM, -1, 0, 0, NO_PSI, 2000000 }, 100 },
		/* below KILL there is no level left to race toward */
		{ "at KILL, falling fast: min", A(NULL),
		  { KILL, -1, 0, 0, NO_PSI, 100000000 }, 100 },
		{ "below KILL, falling fast: --min-sleep", A("--min-sleep", "300"),
		  { 0, -1, 0, 0, NO_PSI, 100000000 }, 300 },
		{ "falling slowly: the fill rate rules", A(NULL),
		  { TERM + 2000000, -1, 0, 0, NO_PSI, 1000 }, 500 },
	};

	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const struct sleep_row *r = &rows[i];
		struct pressure p = { r->in.stall, r->in.act, r->in.fall,
				      r->in.fall, 0 };
		struct mem m = mem_of(&r->in);
		struct config c;
		struct levels l;

		T_ROW("%s", r->what);
		if (!cfg_from(&c, r->args))
			continue;
		policy_levels(&c, &m, &l);
		CHECK_EQ_U64(policy_sleep_ms(&c, &l, &m, &p), r->sleep_ms);
	}
}

/* The pause at rest ends the time to choose ahead before TERM, never
 * under --min-sleep: 2,000,000 KiB at 4000 MiB/s is 500 ms. */
TEST(policy_sleep_leaves_time_to_choose)
{
	static const struct {
		uint64_t choose_ms;
		unsigned sleep_ms;
	} rows[] = { { 0, 500 }, { 150, 350 }, { 450, 100 }, { 5000, 100 } };
	struct reading_in in = { TERM + 2000000, -1, 0, 0, NO_PSI };
	const char *args[ARGS_MAX] = A(NULL);
	struct mem m = mem_of(&in);
	struct config c;
	struct levels l;

	if (!cfg_from(&c, args))
		return;
	policy_levels(&c, &m, &l);
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct pressure p = { -1, -1, 0, 0, 0 };

		p.choose_ms = rows[i].choose_ms;
		T_ROW("choose %llu ms", (unsigned long long)rows[i].choose_ms);
		CHECK_EQ_U64(policy_sleep_ms(&c, &l, &m, &p), rows[i].sleep_ms);
	}
}

TEST(policy_need_avail_and_free_short)
{
	struct config c;
	struct levels l;
	struct mem m = { .total_kib = RAM };

	if (!cfg_from(&c, (const char *const[ARGS_MAX]){ NULL }))
		return;
	policy_levels(&c, &m, &l);

	/* MemAvailable is read while free RAM is within TERM + margin */
	m.free_kib = TERM + 300000;
	CHECK(policy_need_avail(&l, &m, 300000));
	m.free_kib = TERM + 300001;
	CHECK(!policy_need_avail(&l, &m, 300000));
	CHECK(policy_need_avail(&l, &m, 300001));
	m.free_kib = 0;
	CHECK(policy_need_avail(&l, &m, 0));

	/* free RAM is short at or below max(TERM, RAM / 10) */
	m.free_kib = RAM / 10;
	CHECK(policy_free_short(&l, &m));
	m.free_kib = RAM / 10 + 1;
	CHECK(!policy_free_short(&l, &m));
	l.mem_term = 3000000; /* e.g. -m 30 */
	m.free_kib = 3000000;
	CHECK(policy_free_short(&l, &m));
	m.free_kib = 3000001;
	CHECK(!policy_free_short(&l, &m));
	l.mem_term = 1000; /* -M 1000 alone: RAM / 10 still gates */
	m.free_kib = RAM / 10;
	CHECK(policy_free_short(&l, &m));
}

TEST(policy_activation_floor_scales_with_ram)
{
	struct mem m = { .total_kib = RAM };

	CHECK_EQ_I64(policy_activation_floor(&m), FLOOR);
	m.total_kib = 65536; /* 64 MiB router: 64 pages a second */
	CHECK_EQ_I64(policy_activation_floor(&m), 64);
	m.total_kib = 0;
	CHECK_EQ_I64(policy_activation_floor(&m), 0);
}

/* No kill that cannot help: a third of RAM or more available, and more of
 * it than processes hold (AnonPages + swap in use), is page cache churned
 * by something (a file streamed past a working set), not room a kill
 * would make.  Both rules ask. */
TEST(policy_kill_can_help_table)
{
	static const struct {
		const char *what;
		struct reading_in in;
		bool help;
	} rows[] = {
		{ "MemAvailable not read", { -1, 100000 }, true },
		{ "a third of RAM available, processes hold little",
		  { RAM / 3, 100000, 0, 0, 0, 0, 0, 100000 }, false },
		{ "just under a third", { RAM / 3 - 1, 100000, 0, 0, 0, 0, 0, 0 }, true },
		{ "half available, processes hold as much",
		  { RAM / 2, 100000, 0, 0, 0, 0, 0, RAM / 2 }, true },
		{ "half available, processes hold 1 KiB less",
		  { RAM / 2, 100000, 0, 0, 0, 0, 0, RAM / 2 - 1 }, false },
		{ "swap in use counts as held",
		  { RAM / 2, 100000, SWAP, SWAP - RAM / 4, 0, 0, 0, RAM / 4 }, true },
	};

	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct mem m = mem_of(&rows[i].in);

		T_ROW("%s", rows[i].what);
		CHECK_EQ_U64(policy_kill_can_help(&m), rows[i].help);
	}
}

/* What the look-ahead asks processes to have taken: an anonymous page
 * swapped out (to zram) still counts, and tmpfs's Shmem too (a kill does
 * not free it, policy_kill_can_help leaves it out, but it is no file
 * streaming through the cache either). */
TEST(policy_held_counts_swap_and_shmem)
{
	struct mem m = { .anon_kib = 1000, .shmem_kib = 200,
			 .swap_total_kib = 5000, .swap_free_kib = 4000 };

	CHECK_EQ_U64(policy_held_kib(&m), 2200);
	m.swap_free_kib = 5000;
	CHECK_EQ_U64(policy_held_kib(&m), 1200);
}

/* The sustained rule: over --sustained's horizon (default 5 %, 5 s) the
 * stall at its level, activations at a sixteenth of the acute rule's floor
 * (averaged over it), free
 * RAM short and a kill that can help: SIGTERM, reason sustained.  With PSI
 * or without, activations of POLICY_REFAULT_PCT (2) % of the file LRU a
 * second stand in for the stall. */
TEST(policy_decide_sustained)
{
	static const struct {
		const char *what;
		const char *args[ARGS_MAX];
		struct reading_in in;
		int sus_stall;
		int64_t sus_act;
		bool psi_off;
		enum action action;
		enum reason reason;
	} rows[] = {
		/* 1,500,000 available (15 %), processes hold 7,000,000; a
		 * 2,000,000 KiB file LRU, whose 2 % is 10,000 pages a second
		 * (FLOOR is under it) */
#define HOG 1500000, TERM, 0, 0, 1000, 0, 0, 7000000, 2000000
		{ "at the level, activations at a sixteenth of the floor", A(NULL),
		  { HOG }, 500, FLOOR / 16, false, ACT_TERM, WHY_SUSTAINED },
		{ "just under the level", A(NULL),
		  { HOG }, 499, FLOOR, false, ACT_NONE, WHY_NONE },
		{ "activations under a sixteenth of the floor", A(NULL),
		  { HOG }, 2000, FLOOR / 16 - 1, false, ACT_NONE, WHY_NONE },
		{ "activations unknown", A(NULL),
		  { HOG }, 2000, -1, false, ACT_NONE, WHY_NONE },
		{ "stall unknown, activations under 2 % of the file LRU", A(NULL),
		  { HOG }, -1, 9999, false, ACT_NONE, WHY_NONE },
		{ "free RAM not short", A(NULL),
		  { 1500000, TERM + 1, 0, 0, 1000, 0, 0, 7000000 }, 2000, 100000,
		  false, ACT_NONE, WHY_NONE },
		{ "--sustained 0", A("--sustained", "0"),
		  { HOG }, 10000, 100000, false, ACT_NONE, WHY_NONE },
		{ "--sustained 20,10: under it", A("--sustained", "20,10"),
		  { HOG }, 1999, FLOOR, false, ACT_NONE, WHY_NONE },
		{ "--sustained 20,10: at it", A("--sustained", "20,10"),
		  { HOG }, 2000, FLOOR, false, ACT_TERM, WHY_SUSTAINED },
		{ "-p 0 leaves it on", A("-p", "0"),
		  { HOG }, 500, FLOOR, false, ACT_TERM, WHY_SUSTAINED },
		/* the memory rule's TERM comes first, the acute rule's KILL too */
		{ "at TERM", A(NULL), { TERM, TERM, 0, 0, 1000, 0, 0, 7000000 },
		  2000, FLOOR, false, ACT_TERM, WHY_MEMORY },
		{ "acute stall too", A(NULL),
		  { 1500000, TERM, 0, 0, 3000, FLOOR, 0, 7000000 }, 2000, FLOOR,
		  false, ACT_KILL, WHY_PRESSURE },
		/* the 5.10 false kill, scaled: half of RAM available, a file
		 * streamed past a swept working set; processes hold 10 % */
		{ "cache churn: sustained stall, no kill", A(NULL),
		  { 5100000, 320000, 0, 0, 1000, 0, 0, 1000000 }, 2631, 13000,
		  false, ACT_NONE, WHY_NONE },
		{ "cache churn: acute stall, no kill", A(NULL),
		  { 5100000, 320000, 0, 0, 2631, 13000, 0, 1000000 }, 2631, 13000,
		  false, ACT_NONE, WHY_NONE },
		{ "tmpfs holds it (a third not available): a kill may help",
		  A(NULL), { 1500000, TERM, 0, 0, 1000, 0, 0, 0 }, 2000, FLOOR,
		  false, ACT_TERM, WHY_SUSTAINED },
		/* no PSI: 2 % of a 2,000,000 KiB file LRU is 10,000 pages/s */
		{ "no PSI: activations at 2 % of the file LRU", A(NULL),
		  { 1500000, TERM, 0, 0, -1, -1, 0, 7000000, 2000000 }, -1, 10000,
		  true, ACT_TERM, WHY_SUSTAINED },
		{ "no PSI: just under", A(NULL),
		  { 1500000, TERM, 0, 0, -1, -1, 0, 7000000, 2000000 }, -1, 9999,
		  true, ACT_NONE, WHY_NONE },
		{ "no PSI, small LRU: still a sixteenth of the floor", A(NULL),
		  { 1500000, TERM, 0, 0, -1, -1, 0, 7000000, 100000 }, -1, FLOOR / 16 - 1,
		  true, ACT_NONE, WHY_NONE },
		{ "no PSI, small LRU, at a sixteenth of the floor", A(NULL),
		  { 1500000, TERM, 0, 0, -1, -1, 0, 7000000, 100000 }, -1, FLOOR / 16,
		  true, ACT_TERM, WHY_SUSTAINED },
		{ "no PSI, --sustained 0", A("--sustained", "0"),
		  { 1500000, TERM, 0, 0, -1, -1, 0, 7000000, 2000000 }, -1, 100000,
		  true, ACT_NONE, WHY_NONE },
		/* PSI blind to the refaults (6.12, MADV_RANDOM; scenario 39):
		 * they stand in for the stall at the same 2 % */
		{ "PSI under the level, activations at 2 % of the file LRU",
		  A(NULL), { HOG }, 150, 10000, false, ACT_TERM, WHY_SUSTAINED },
		{ "PSI under the level, activations just under 2 %", A(NULL),
		  { HOG }, 150, 9999, false, ACT_NONE, WHY_NONE },
		{ "PSI under the level, --sustained 0", A("--sustained", "0"),
		  { HOG }, 150, 100000, false, ACT_NONE, WHY_NONE },
		{ "no PSI, cache churn", A(NULL),
		  { 5100000, 320000, 0, 0, -1, -1, 0, 1000000, 2000000 }, -1, 100000,
		  true, ACT_NONE, WHY_NONE },
		/* fall_peak (in .in.fall here): TERM is 1,000,000 below HOG's
		 * 1,500,000, so 500,000 KiB/s reaches it in one POLICY_RACE_MS */
		{ "a hog racing to TERM: the memory rule's, at TERM", A(NULL),
		  { 1500000, TERM, 0, 0, 1000, 0, 500001, 7000000 }, 2000, FLOOR,
		  false, ACT_NONE, WHY_NONE },
		{ "a fall that takes over a second to TERM: sustained", A(NULL),
		  { 1500000, TERM, 0, 0, 1000, 0, 500000, 7000000 }, 2000, FLOOR,
		  false, ACT_TERM, WHY_SUSTAINED },
		{ "racing in RAM, swap free above its level: sustained", A(NULL),
		  { 1500000, TERM, 8000000, 8000000, 1000, 0, 9000000, 7000000 },
		  2000, FLOOR, false, ACT_TERM, WHY_SUSTAINED },
#undef HOG
	};

	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct pressure p = { rows[i].in.stall, rows[i].in.act, 0,
				      rows[i].in.fall, 0, rows[i].sus_stall,
				      rows[i].sus_act, rows[i].psi_off };
		struct mem m = mem_of(&rows[i].in);
		struct config c;
		struct levels l;
		struct verdict v;

		T_ROW("%s", rows[i].what);
		if (!cfg_from(&c, rows[i].args))
			continue;
		policy_levels(&c, &m, &l);
		v = policy_decide(&c, &l, &m, &p);
		CHECK_EQ_U64(v.action, rows[i].action);
		CHECK_EQ_U64(v.reason, rows[i].reason);
	}
}

/* The window wants a sample each step (horizon / THRASH_STEPS) while a
 * stall builds up (a quarter of the level) or, without PSI, while free
 * RAM is short; never under --min-sleep. */
TEST(policy_sleep_samples_the_sustained_window)
{
	static const struct {
		const char *what;
		const char *args[ARGS_MAX];
		struct reading_in in;
		bool psi_off;
		unsigned sleep_ms;
		int64_t sus_act; /* the window's activations a second */
	} rows[] = {
		{ "no stall: the fill rate", A(NULL),
		  { TERM + 8000000, TERM, 0, 0, 124, -1 }, false, 2000 },
		{ "a quarter of the level: a step", A(NULL),
		  { TERM + 8000000, TERM, 0, 0, 125, -1 }, false, 625 },
		{ "--sustained 5,20: 2.5 s steps", A("--sustained", "5,20"),
		  { TERM + 40000000, TERM, 0, 0, 125, -1 }, false, 2500 },
		{ "--sustained 5,1 under --min-sleep 300",
		  A("--sustained", "5,1", "--min-sleep", "300"),
		  { TERM + 8000000, TERM, 0, 0, 125, -1 }, false, 300 },
		{ "--sustained 0", A("--sustained", "0"),
		  { TERM + 8000000, TERM, 0, 0, 1000, -1 }, false, 2000 },
		{ "no PSI, free RAM short", A(NULL),
		  { TERM + 8000000, TERM, 0, 0, -1, -1 }, true, 625 },
		{ "no PSI, free RAM plenty", A(NULL),
		  { TERM + 8000000, -1, 0, 0, -1, -1 }, true, 2000 },
		{ "PSI calm, re-faults at a sixteenth of the floor: a step",
		  A(NULL), { TERM + 8000000, TERM, 0, 0, 124, -1 }, false, 625,
		  FLOOR / 16 },
		{ "PSI calm, re-faults under it", A(NULL),
		  { TERM + 8000000, TERM, 0, 0, 124, -1 }, false, 2000,
		  FLOOR / 16 - 1 },
		{ "re-faults, free RAM plenty", A(NULL),
		  { TERM + 8000000, -1, 0, 0, 124, -1 }, false, 2000, FLOOR },
	};

	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct pressure p = { rows[i].in.stall, rows[i].in.act, 0, 0, 0,
				      -1, rows[i].sus_act, rows[i].psi_off };
		struct mem m = mem_of(&rows[i].in);
		struct config c;
		struct levels l;

		T_ROW("%s", rows[i].what);
		if (!cfg_from(&c, rows[i].args))
			continue;
		policy_levels(&c, &m, &l);
		CHECK_EQ_U64(policy_sleep_ms(&c, &l, &m, &p), rows[i].sleep_ms);
	}
}
