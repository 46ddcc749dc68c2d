/* monitor.h - one wake-up of the daemon: sense, decide, act.
 *
 *   sense:  sysinfo; MemAvailable only near a level; PSI; vmstat only
 *           while stall and low free RAM suggest thrashing
 *   decide: policy.c
 *   act:    scan for a victim, re-read memory, signal; then follow the
 *           victim (SIGTERM -> grace -> SIGKILL -> give up) across later
 *           wake-ups, so monitoring never stops while a victim dies
 */
#ifndef BUSTD_MONITOR_H
#define BUSTD_MONITOR_H

#include "config.h"
#include "meminfo.h"
#include "procscan.h"
#include "psi.h"
#include "report.h"
#include "thrash.h"

/* After a victim exits, how long its freed memory may take to show up
 * before the kill is judged to have freed nothing. */
#define HOLDOFF_MS 2000
/* A SIGKILLed victim still alive after this is stuck (uninterruptible
 * sleep); it is passed over for SKIP_MS and the next candidate chosen.  A
 * process someone else is killing gets as long from when it is first seen
 * exiting. */
#define KILL_TIMEOUT_MS 5000
#define SKIP_MS 60000
/* Kills that free nothing (tmpfs, shared memory, kernel memory) are
 * spaced 8, 16, 32 ... seconds apart, up to this. */
#define BACKOFF_MAX_MS 64000
/* After a scan that found nobody to kill, the next one waits this long,
 * unless a process is seen eating memory: a scan of /proc costs hundreds
 * of system calls, a wake-up three. */
#define RESCAN_MS 1000
/* Choosing ahead: a victim is scanned for and pinned (pidfd) when the
 * observed fall would bring available memory to TERM within three of the
 * last scans (at least PIN_SCAN_MIN_MS each) plus the next pause: one
 * scan to choose, and room for the next to take twice as long (a TCG
 * guest's scan of 2,000 processes took 100-300 ms); the TERM reading then
 * signals the pin without scanning.  What a pin cannot see, a process
 * that grew unseen since the scan, take_pin finds by the fall the pin
 * and its runner-up do not explain; so a pin stays fresh for seconds:
 * a hog stalled in its own reclaim can take that long from where it was
 * seen coming to TERM, and a scan among 5,000 processes in a loaded TCG
 * guest took 250-600 ms, so a one-second pin had gone stale at TERM in 2
 * of 3 runs.  An older one is chosen again while memory is still headed
 * for TERM, PIN_RETRY_MS at the earliest after the last try: scanning
 * more often would spend a third of a slow CPU on it.  A pin is dropped
 * once memory is back above where it was pinned, by more than
 * PIN_SLACK_POINTS. */
#define PIN_SCAN_MIN_MS 50
#define PIN_FRESH_MS 5000
#define PIN_RETRY_MS 1000
/* Before the first scan is timed, one is reckoned at this many µs a task:
 * a TCG guest measured 35-45 (42 ms for 1,054 processes, 448 ms for
 * 10,058); hardware is several times faster, so this errs early. */
#define SCAN_TASK_US 40
/* oom_score points (thousandths of RAM + swap) of fall a pin need not
 * explain: the scores' own rounding (see take_pin) */
#define PIN_SLACK_POINTS 8
/* The fall is measured over at least this (see fall_rate). */
#define FALL_BASE_MS 50
/* Wake-up lateness counted as lag at most this: more is a suspend, not
 * the pace of this machine. */
#define LATE_MAX_MS 1000

struct monitor {
	const struct config *cfg;
	int proc_fd, self_pid;
	struct meminfo_src mi;
	struct psi_src psi;
	uint64_t avail_margin_kib; /* see main.c */

	/* the readings pr.fall is measured from: base, at least FALL_BASE_MS
	 * after base_old (see fall_rate) */
	struct fall_base {
		uint64_t free_kib, avail_kib, held_kib, ms; /* policy_held_kib */
		bool avail_known;
	} base, base_old;
	uint64_t last_ms;  /* the last reading */
	int64_t fall_peak; /* pr.fall_peak, from fall_peak_ms */
	uint64_t fall_peak_ms;
	unsigned asked_ms; /* the pause the last step asked for */
	uint64_t vm_prev, vm_prev_ms; /* last working-set activation count */
	bool vm_have;
	struct thrash th; /* the --sustained window */

	struct scan_stats scan; /* the last choice of victim, for the log */
	uint64_t scan_ms;
	unsigned scan_tasks; /* sysinfo's task count as it ran; 0: none yet */
	struct victim pin; /* chosen ahead, valid while pinned */
	struct victim pin_next; /* its runner-up then (pid 0: none) */
	bool pinned, pin_used, pin_next_used;
	uint64_t pin_ms, pin_avail_kib, pin_tried_ms, pin_age_ms;
	bool killing; /* a victim is being followed */
	struct victim v;
	int sig;
	uint64_t sent_ms, sigkill_ms;
	/* when a kill began (its reading complete), and from then to the
	 * first signal: what the kill line's react_us says */
	uint64_t sensed_ns, react_us;

	uint64_t holdoff_until_ms; /* 0: not waiting for freed memory */
	/* Least memory held (policy_killable_kib) since the last exit,
	 * through the hold-off and the back-off after it, or since a scan
	 * found nobody: a rise from it is a process eating memory. */
	uint64_t held_low_kib;
	unsigned strikes;          /* consecutive kills that freed nothing */
	uint64_t fine_since_ms;    /* verdict none since; clears strikes */
	/* no kill before this (a back-off, or the pause after a scan that
	 * found nobody) unless a process is seen eating memory */
	uint64_t backoff_until_ms;
	struct skiplist skip;
	/* a process seen exiting, not by our hand: the hold-off waits for it,
	 * and no strike follows; 0 once a victim of our own is chosen */
	int exiting_pid;
	uint64_t exiting_since_ms;
	bool said_nothing_to_kill;

	uint64_t next_report_ms;
	bool status_due; /* -r period reached, or SIGUSR1 */
	unsigned kills, hooks_running;
	enum action last_action;
};

void monitor_sense(struct monitor *mo, struct reading *r);
/* Chooses a victim for this reading (procscan_pick's results). */
int monitor_pick(struct monitor *mo, const struct reading *r, bool pin,
		 struct victim *v);
/* Acts on one reading; returns how long to sleep before the next. */
unsigned monitor_step(struct monitor *mo, const struct reading *r);

#endif
