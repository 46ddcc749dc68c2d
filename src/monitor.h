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

/* After a victim exits, how long its freed memory may take to show up
 * before the kill is judged to have freed nothing. */
#define HOLDOFF_MS 2000
/* A SIGKILLed victim still alive after this is stuck (uninterruptible
 * sleep); it is passed over for SKIP_MS and the next candidate chosen. */
#define KILL_TIMEOUT_MS 5000
#define SKIP_MS 60000
/* Kills that free nothing (tmpfs, shared memory, kernel memory) are
 * spaced 8, 16, 32 ... seconds apart, up to this. */
#define BACKOFF_MAX_MS 64000

struct monitor {
	const struct config *cfg;
	int proc_fd, self_pid;
	struct meminfo_src mi;
	struct psi_src psi;
	uint64_t avail_margin_kib; /* see main.c */

	uint64_t prev_free_kib, prev_ms; /* the last reading, for pr.fall */
	uint64_t vm_prev, vm_prev_ms; /* last working-set activation count */
	bool vm_have;

	struct scan_stats scan; /* the last choice of victim, for the log */
	uint64_t scan_ms;
	bool killing; /* a victim is being followed */
	struct victim v;
	int sig;
	uint64_t sent_ms, sigkill_ms;

	uint64_t holdoff_until_ms; /* 0: not waiting for freed memory */
	uint64_t holdoff_peak_kib; /* most memory available since the exit */
	uint64_t holdoff_shmem_kib; /* Shmem at that peak */
	unsigned strikes;          /* consecutive kills that freed nothing */
	uint64_t fine_since_ms;    /* verdict none since; clears strikes */
	uint64_t backoff_until_ms;
	struct skiplist skip;
	int exiting_pid; /* a process seen exiting, not by our hand */
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
