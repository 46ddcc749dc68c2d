/* test_thrash.c - the sustained-thrash window: samples of cumulative
 * counters in, the stall share and activation rate over one horizon out. */
#include "t.h"
#include "thrash.h"

#define H 5000ull /* horizon, ms: a step is 625 ms */

/* Feeds a sample at ms with stall_us of stall so far and act activations. */
static void at(struct thrash *t, uint64_t ms, uint64_t stall_us, uint64_t act)
{
	struct thrash_sample s = { ms, stall_us, act, true, true };

	thrash_feed(t, H, &s);
}

TEST(thrash_unknown_until_a_horizon_of_history)
{
	struct thrash t;
	uint64_t ms;

	thrash_reset(&t);
	for (ms = 0; ms < H; ms += 625) {
		at(&t, ms, ms * 500, ms); /* 50 % stall */
		CHECK_EQ_I64(t.stall, -1);
		CHECK_EQ_I64(t.act, -1);
	}
	at(&t, H, H * 500, H);
	CHECK_EQ_I64(t.stall, 5000);
	CHECK_EQ_I64(t.act, 1000);
}

TEST(thrash_steady_stall_is_measured_over_the_horizon)
{
	struct thrash t;
	uint64_t ms;

	thrash_reset(&t);
	/* 10 % of each ms stalled (100 us), 300 activations a second, read
	 * every 100 ms: only one reading a step is taken */
	for (ms = 0; ms <= 30000; ms += 100)
		at(&t, ms, ms * 100, ms * 3 / 10);
	CHECK_EQ_I64(t.stall, 1000);
	CHECK_EQ_I64(t.act, 300);
	CHECK(t.n == THRASH_STEPS + 1);
	CHECK(t.s[THRASH_STEPS].ms - t.s[0].ms >= H);
}

TEST(thrash_a_sample_only_once_a_step)
{
	struct thrash t;

	thrash_reset(&t);
	CHECK(thrash_due(&t, 0, H));
	at(&t, 1000, 0, 0);
	CHECK(!thrash_due(&t, 1624, H));
	CHECK(thrash_due(&t, 1625, H));
	at(&t, 1300, 999, 999); /* not due: ignored */
	CHECK_EQ_U64(t.n, 1);
	CHECK(thrash_due(&t, 999, H)); /* the clock went back */
}

/* The target: moderate thrash (10 %) that starts on a calm machine is
 * seen at the 5 % level within three quarters of a horizon (half a
 * horizon of dilution, and a window up to a step longer), and a one-second
 * burst of total stall reads as a fifth of the horizon. */
TEST(thrash_onset_and_burst)
{
	struct thrash t;
	uint64_t ms, stall = 0, fired = 0;

	thrash_reset(&t);
	for (ms = 0; ms <= 20000; ms += 100) {
		if (ms > 10000)
			stall += 10000; /* 10 % from 10 s on */
		at(&t, ms, stall, 0);
		if (!fired && t.stall >= 500)
			fired = ms;
	}
	T_ROW("fired at %llu ms", (unsigned long long)fired);
	CHECK(fired > 10000 && fired <= 10000 + H * 3 / 4);

	thrash_reset(&t);
	stall = 0;
	for (ms = 0; ms <= 20000; ms += 100) {
		if (ms > 10000 && ms <= 11000)
			stall += 100000; /* all of each 100 ms */
		at(&t, ms, stall, 0);
		CHECK(t.stall <= 2500);
	}
}

TEST(thrash_a_gap_of_two_horizons_starts_over)
{
	struct thrash t;
	uint64_t ms;

	thrash_reset(&t);
	for (ms = 0; ms <= 10000; ms += 625)
		at(&t, ms, ms * 1000, 0); /* all stalled */
	CHECK_EQ_I64(t.stall, 10000);
	/* PSI not read for 11 s (free RAM plentiful), then one reading */
	at(&t, 10000 + 2 * H + 1000, 0, 0);
	CHECK_EQ_I64(t.stall, -1);
	CHECK_EQ_U64(t.n, 1);
}

TEST(thrash_a_counter_missing_at_either_end_is_unknown)
{
	struct thrash t;
	struct thrash_sample s = { 0, 0, 0, true, false }; /* no vmstat */

	thrash_reset(&t);
	thrash_feed(&t, H, &s);
	s = (struct thrash_sample){ H, H * 200, 1000, true, true };
	thrash_feed(&t, H, &s);
	CHECK_EQ_I64(t.stall, 2000);
	CHECK_EQ_I64(t.act, -1);
	/* without PSI: activations alone */
	thrash_reset(&t);
	s = (struct thrash_sample){ 0, 0, 0, false, true };
	thrash_feed(&t, H, &s);
	s = (struct thrash_sample){ H, 0, 5000, false, true };
	thrash_feed(&t, H, &s);
	CHECK_EQ_I64(t.stall, -1);
	CHECK_EQ_I64(t.act, 1000);
}

/* A sample taken after a calm step has no activations (monitor.c does not
 * read vmstat then): over a window that starts in the calm, they count
 * from the first sample that has them. */
TEST(thrash_activations_count_from_the_first_sample_with_them)
{
	struct thrash t;
	struct thrash_sample s;
	uint64_t ms;

	thrash_reset(&t);
	for (ms = 0; ms < H; ms += 625) {
		s = (struct thrash_sample){ ms, 0, 0, true, false };
		thrash_feed(&t, H, &s);
	}
	/* from H on, half of each ms stalled and 1,000 activations a second */
	s = (struct thrash_sample){ H, 0, 7777, true, true };
	thrash_feed(&t, H, &s);
	CHECK_EQ_I64(t.stall, 0);
	CHECK_EQ_I64(t.act, -1); /* only now has them */
	s = (struct thrash_sample){ H + 625, 625 * 500, 7777 + 625, true, true };
	thrash_feed(&t, H, &s);
	CHECK_EQ_I64(t.stall, 625 * 500 * 10 / (H + 625 - 625));
	CHECK_EQ_I64(t.act, 1000);
}

/* Calm: PSI's total has not moved since the last sample.  No history, no
 * PSI on either side, or any stall at all: not calm (vmstat is read). */
TEST(thrash_calm_only_when_the_stall_total_stood_still)
{
	struct thrash t;
	struct thrash_sample s = { 0, 500, 0, true, true };

	thrash_reset(&t);
	CHECK(!thrash_calm(&t, &s));
	thrash_feed(&t, H, &s);
	s = (struct thrash_sample){ 625, 500, 0, true, false };
	CHECK(thrash_calm(&t, &s));
	s.stall_us = 501;
	CHECK(!thrash_calm(&t, &s));
	s = (struct thrash_sample){ 625, 500, 0, false, false };
	CHECK(!thrash_calm(&t, &s));
}
