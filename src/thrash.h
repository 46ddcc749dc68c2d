/* thrash.h - the sustained-thrash window: how much of the last
 * --sustained horizon tasks spent stalled on memory, and how fast the
 * working set was re-faulted meanwhile, from cumulative counters (PSI's
 * "some" total, vmstat's workingset activations) sampled at wake-ups.
 *
 * The acute rule (-p) looks at the last 1-2 s and misses a machine that
 * loses a fifth of its time to memory for minutes in a row: each second
 * alone is under -p.  A longer window at a lower level sees it, and a
 * burst shorter than the horizon is diluted by the calm around it. */
#ifndef BUSTD_THRASH_H
#define BUSTD_THRASH_H

#include <stdbool.h>
#include <stdint.h>

/* Samples per horizon: the window ends up between one horizon and one
 * horizon plus a step (horizon / THRASH_STEPS) long, and vmstat is read
 * at most once a step, and only after a step with some stall (or without
 * PSI): at rest on a machine full of page cache, free RAM is short all
 * the time, and vmstat is the costliest file bustd reads. */
#define THRASH_STEPS 8

struct thrash_sample {
	uint64_t ms;       /* monotonic time of the reading */
	uint64_t stall_us; /* PSI "some" total, if has_stall */
	uint64_t act;      /* working-set activations, if has_act */
	bool has_stall, has_act;
};

struct thrash {
	struct thrash_sample s[THRASH_STEPS + 1]; /* oldest first */
	unsigned n;
	int stall;   /* over the last window: centi-percent, -1 unknown */
	int64_t act; /* activations per second, likewise */
};

void thrash_reset(struct thrash *t);

/* Whether a sample is due at now_ms: one step after the last. */
bool thrash_due(const struct thrash *t, uint64_t now_ms, uint64_t horizon_ms);

/* Whether sample s comes after a step with no stall at all since the last
 * one (PSI's total unmoved): nothing the rule could act on re-faulted, so
 * the caller need not read vmstat for it (has_act false; see measure). */
bool thrash_calm(const struct thrash *t, const struct thrash_sample *s);

/* Takes a due sample and measures the window from the newest sample at
 * least horizon_ms old to it (t->stall, t->act; -1 while there is less
 * history, or only history older than two horizons, as after a long
 * sleep).  A sample that is not due changes nothing: the last window's
 * figures stand until the next step. */
void thrash_feed(struct thrash *t, uint64_t horizon_ms,
		 const struct thrash_sample *now);

#endif
