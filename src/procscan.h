/* procscan.h - walk /proc once per decision and pick the victim.
 *
 * One read per process: the kernel's oom_score already weighs RSS, swap
 * and oom_score_adj, and since Linux 5.9 it is 0 for everything that must
 * never be chosen (kernel threads, zombies, oom_score_adj -1000).  Only the
 * best few candidates are then opened further (status, comm), so a scan of
 * thousands of processes stays within the time a fast hog leaves us.  When
 * none of those few may be killed, a second pass ranks only those below
 * them that may (each that would enter the top is opened), so one eligible
 * process anywhere is always found. */
#ifndef BUSTD_PROCSCAN_H
#define BUSTD_PROCSCAN_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"

/* How many leading candidates a pass keeps: enough that several of them
 * vanishing or being ineligible still leaves a choice, small enough to
 * insert into by shifting. */
#define SCAN_TOP 8
#define COMM_MAX 17 /* TASK_COMM_LEN 16, plus our terminator */

/* --prefer and --avoid weigh on the kernel's oom_score as earlyoom's do
 * (users migrate from it): a name matching --prefer gains 300 points, one
 * matching --avoid loses 300, one matching both keeps its score.  Since
 * Linux 5.9 a process at oom_score_adj 0 scores 666 plus 2/3 of a point
 * per 1/1000 of RAM + swap it holds (before: 1 point), so 300 points are
 * 45 % of RAM + swap (30 % before): an avoided process bigger than the
 * others by that much still goes first.  Never killing is --ignore's job. */
#define WEIGHT_PREFER 300
#define WEIGHT_AVOID 300

struct candidate {
	int pid;
	int rank; /* oom_score, weighed by --prefer and --avoid */
};

struct victim {
	int pid, pidfd; /* pidfd -1 when the kernel lacks pidfd_open */
	int proc_fd;    /* where kill.c checks the PID without a pidfd */
	int score_fd;   /* its oom_score kept open for procscan_recheck; -1 */
	unsigned uid, score;
	int adj;
	uint64_t rss_kib;
	uint64_t start; /* start time (struct stat_fields) */
	char name[COMM_MAX];
};

/* What /proc/PID/status tells about a candidate. */
struct status_fields {
	char state;       /* R S D Z X ...; 0 when absent */
	unsigned uid;     /* real uid */
	uint64_t rss_kib; /* VmRSS */
	uint64_t swap_kib; /* VmSwap */
	bool has_rss;     /* kernel threads have no VmRSS line */
	bool kthread;     /* "Kthread: 1" (Linux 6.x) */
};

/* What /proc/PID/stat adds: the task flags, the threads and the start
 * time. */
#define PF_EXITING 0x00000004ul /* getting out of the way: memory is coming back */
#define PF_KTHREAD 0x00200000ul
struct stat_fields {
	char state;
	unsigned long flags;
	uint64_t threads; /* a zombie leader's live threads count */
	uint64_t start;   /* clock ticks after boot: who holds the PID */
	bool ok;          /* the line was whole up to the start time */
};

/* pure */
bool rank_before(const struct candidate *a, const struct candidate *b);
void top_insert(struct candidate *top, int *n, const struct candidate *c);
void status_parse(const char *text, long len, struct status_fields *f);
void stat_parse(const char *text, long len, struct stat_fields *f);
int comm_parse(const char *text, long len, char name[COMM_MAX]);

/* PIDs to pass over: victims that would not die. */
struct skiplist {
	int pid[4];
	uint64_t until_ms[4];
};
bool skiplist_has(const struct skiplist *s, int pid, uint64_t now_ms);
void skiplist_add(struct skiplist *s, int pid, uint64_t until_ms);

struct scan_stats {
	unsigned procs;      /* pid directories seen (first pass) */
	unsigned candidates; /* with oom_score > 0 and not ignored (likewise) */
	unsigned passes;     /* over /proc: 1 unless the best few were all
				ineligible */
};

/* What choosing needs besides the configuration. */
struct pick_ctx {
	int proc_fd; /* an open /proc, or a fixture tree */
	int self_pid;
	bool pin;         /* hold a pidfd on the victim; false for fixture
			     trees, whose pids are not live processes */
	uint64_t min_kib; /* RSS + swap below this cannot relieve a shortage */
	const struct skiplist *skip;
	uint64_t now_ms;
	/* When set, the runner-up (the best other eligible process of the
	 * same top; pid 0 when there is none) is chosen too, and both keep
	 * their oom_score open: choosing ahead re-checks the two at TERM. */
	struct victim *next;
	/* Keep each process's oom_score open across scans (see held_score):
	 * the daemon's live /proc */
	bool hold;
};

/* How many oom_score files the scans hold open under a soft fd limit:
 * a quarter of it, so that they never starve the daemon's other opens (a
 * hardened unit's LimitNOFILE=64: 16), at most 128. */
int procscan_held_max(uint64_t soft_limit);

/* Closes every oom_score file the scans hold open, and reads the fd
 * limit again at the next (tests: between fixture trees). */
void procscan_release_held(void);

/* Scans /proc and fills v with the best victim.  Returns 0; -ESRCH when
 * no process may be killed; -EINPROGRESS when a better-ranked process is
 * already exiting (killed by someone else, or by the kernel): its memory is
 * on its way back and nobody else should die for it. */
int procscan_pick(const struct pick_ctx *x, const struct config *c,
		  struct victim *v, struct scan_stats *st);

/* The TERM reading's re-check of a victim chosen ahead against its
 * runner-up: one pread of each's oom_score, weighed as the scan did.
 * Returns next when it now ranks higher than pin (or pin's score cannot
 * be read: it has gone), pin otherwise; the one returned gets its score
 * brought up to date.  A process that outgrew the pinned one since the
 * scan is the one chosen, at no scan's cost.  *grown_kib: what the two
 * gained since the scan, by their scores (total_kib: RAM + swap), so the
 * caller can tell whether they are the ones eating. */
struct victim *procscan_recheck(const struct config *c, struct victim *pin,
				struct victim *next, uint64_t total_kib,
				uint64_t *grown_kib);

/* Closes v's pidfd and kept oom_score. */
void victim_release(struct victim *v);

/* For kill.c when there is no pidfd: true while v->pid still names the
 * process inspected (same start time) and it has not died (a zombie,
 * unless a leader whose other threads run on). */
bool victim_alive(const struct victim *v);

#endif
