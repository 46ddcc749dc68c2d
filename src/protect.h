/* protect.h - --adjust-oom-score: bustd's choices written where the
 * kernel's OOM killer reads them.
 *
 * A hog faster than any reading is met by the kernel, which knows nothing
 * of --ignore, --avoid or --prefer.  So, with the flag, each process whose
 * name matches gets an oom_score_adj that makes the kernel choose as bustd
 * would: --ignore -1000 (never), --avoid -PROTECT_WEIGHT, --prefer
 * +PROTECT_WEIGHT, where the weight is the oom_score_adj that moves
 * oom_score by bustd's own 300 points (procscan.h).  Processes that hold a
 * non-zero value already are left alone (someone chose it), unless
 * --adjust-oom-score-force.
 *
 * It must be in place before a race, so it cannot wait for a scan at
 * TERM: at most once a second, at a wake-up at rest, one pread of
 * /proc/loadavg tells the last PID the kernel handed out; when it moved,
 * one getdents pass over /proc reads comm (and oom_score_adj on a match)
 * only for the PIDs handed out since the pass before last (each new PID
 * is looked at twice, so a fork caught before its exec is seen again under
 * its new name).  No PID set is kept: the PIDs since a pass are the range
 * between two loadavg readings, wrapping at pid_max. */
#ifndef BUSTD_PROTECT_H
#define BUSTD_PROTECT_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"

/* Passes at most this often; none at all while no PID is handed out. */
#define PROTECT_PERIOD_MS 1000
/* Lines a pass logs one by one; the rest are counted in one line (the
 * first pass meets every process already running). */
#define PROTECT_LOG_MAX 8
/* oom_score_adj for --avoid/--prefer: since Linux 5.9 oom_score is
 * (1000 + adj + per-mille of RAM + swap) * 2/3, so bustd's 300 points are
 * 450; before, oom_score was adj + per-mille, 300. */
#define PROTECT_WEIGHT_NEW 450
#define PROTECT_WEIGHT_OLD 300

struct protect {
	int weight;          /* 0 until the first pass reads the release */
	int loadavg_fd;      /* kept open: one pread a pass at rest */
	bool started;        /* a pass has run: later ones look at new PIDs */
	int prev1, prev2;    /* last PID at the last pass, and the one before */
	uint64_t next_ms;    /* no pass before this */
	bool warned;         /* a write refused (no CAP_SYS_RESOURCE?) */
	unsigned looked;     /* comm reads, for tests and the cost figure */
};

/* pure: the oom_score_adj a name should have (set true), or none */
int protect_target(const struct config *c, const char *name, int weight,
		   bool *set);

/* The weight for this kernel, from /proc/sys/kernel/osrelease. */
int protect_weight(int proc_fd);

/* One pass if due (see above); returns how many processes it adjusted
 * (with --dry-run: would have). */
int protect_pass(struct protect *p, const struct config *c, int proc_fd,
		 int self_pid, uint64_t now_ms);

#endif
