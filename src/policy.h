/* policy.h - pure: readings + config -> verdict and how long to sleep.
 * No I/O here, so every threshold edge is a row in a unit-test table. */
#ifndef BUSTD_POLICY_H
#define BUSTD_POLICY_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "meminfo.h"

/* The configured levels resolved against this machine's sizes, in KiB. */
struct levels {
	uint64_t mem_term, mem_kill, swap_term, swap_kill;
};

/* What pressure readings say; -1 where unknown (no PSI, too little
 * history, no vmstat). */
struct pressure {
	int stall;          /* "some" stall share, hundredths of a percent */
	int64_t activations; /* working-set activations per second */
	/* memory lost per second since the last reading: MemAvailable's
	 * fall when both readings had it (a hog taking page cache moves
	 * only that), else free RAM's */
	int64_t fall;
	int64_t fall_peak; /* the fastest fall over the last second */
	/* how long after the next reading's time a signal can land: that
	 * wake-up's lateness, plus a scan when no victim is pinned */
	uint64_t lag_ms;
	/* over the --sustained horizon (thrash.c): the "some" stall share,
	 * hundredths of a percent, and working-set activations per second;
	 * -1 unknown */
	int sus_stall;
	int64_t sus_act;
	bool psi_off; /* the kernel has no PSI: sus_act is all there is */
	/* fall is free RAM's: one of the two readings lacked MemAvailable */
	bool fall_free;
	/* policy_held_kib grew by half of MemAvailable's fall or more:
	 * processes are taking it (not a file streaming through the cache) */
	bool fall_held;
	/* time to choose a victim ahead (a few scans, for the tasks running
	 * now), 0 while one is pinned: a pause at rest ends that much before
	 * memory could reach TERM at the fill rate, so that the reading
	 * which sees a hog coming still has time to pin it */
	uint64_t choose_ms;
	/* the fall since the last base alone (see fall_rate): the KILL
	 * look-ahead's, so that a hog stopping between the levels, whose
	 * older fall still reads fast, gets its SIGTERM first */
	int64_t fall_now;
};

/* The shortest pause, taken only while free RAM is falling fast enough to
 * reach the next level down (TERM; KILL once at or below TERM) before
 * --min-sleep would end. */
#define POLICY_FAST_MS 10
/* Memory falling to a level within this is a process racing to eat it:
 * the memory rule's, neither stall rule's (see racing_to in policy.c). */
#define POLICY_RACE_MS 1000

enum action { ACT_NONE, ACT_TERM, ACT_KILL };
enum reason { WHY_NONE, WHY_MEMORY, WHY_PRESSURE, WHY_SUSTAINED };

struct verdict {
	enum action action;
	enum reason reason;
};

void policy_levels(const struct config *c, const struct mem *m,
		   struct levels *l);

/* Whether sysinfo's free RAM is close enough to the TERM level that
 * MemAvailable must be read.  MemAvailable can sit below free RAM by the
 * kernel's reserves, hence the margin (see main.c). */
bool policy_need_avail(const struct levels *l, const struct mem *m,
		       uint64_t margin_kib);

/* Free RAM low enough that stall may be thrashing rather than I/O. */
bool policy_free_short(const struct levels *l, const struct mem *m);

/* What processes hold: AnonPages + Shmem + swap in use (an anonymous page
 * swapped out still counts, so swapping to zram moves nothing here). */
uint64_t policy_held_kib(const struct mem *m);

/* What a kill can free: that less Shmem (tmpfs outlives its writers),
 * AnonPages + swap in use.  Unlike MemAvailable it stays put while the
 * kernel refills page cache or boosts its watermarks. */
uint64_t policy_killable_kib(const struct mem *m);

/* Whether killing a process can relieve a stall: not while a third of RAM
 * or more is available and page cache, not processes, holds it
 * (MemAvailable above AnonPages + swap in use).  Such a stall comes from
 * cache churn (a file streamed past a working set), and a kill would add
 * to the cache less than it already has.  True when MemAvailable is
 * unknown. */
bool policy_kill_can_help(const struct mem *m);

/* Sustained thrash is also working-set activations of at least this % of
 * the file LRU every second, with PSI or without (lmkd's thrashing limit
 * measures refaults against the file LRU the same way). */
#define POLICY_REFAULT_PCT 2

/* Working-set activations per second that mark thrashing on this machine:
 * 1/256 of RAM re-faulted every second. */
int64_t policy_activation_floor(const struct mem *m);

/* Acts on where memory will be when the next reading could act: at the
 * observed fall, after the pause policy_sleep_ms would take plus lag_ms.
 * A fall that would cross TERM before then makes this reading the TERM
 * reading; one that would cross KILL, once at or below TERM, the KILL
 * reading (never KILL straight from above TERM: SIGTERM comes first). */
struct verdict policy_decide(const struct config *c, const struct levels *l,
			     const struct mem *m, const struct pressure *p);

/* Where available memory will be after ahead_ms at a fall of fall KiB/s. */
uint64_t policy_ahead_kib(const struct mem *m, int64_t fall,
			  uint64_t ahead_ms);

/* Time to the nearest level at the configured fill rate, clamped to
 * [min_sleep, max_sleep]; the floor while stall is building up; and,
 * while memory is seen falling toward the next level down (TERM, or KILL
 * at or below TERM), half the time it would take at that rate (down to
 * POLICY_FAST_MS), so a fast hog is read often near the end.  Below the
 * KILL level it never goes under min_sleep. */
unsigned policy_sleep_ms(const struct config *c, const struct levels *l,
			 const struct mem *m, const struct pressure *p);

#endif
