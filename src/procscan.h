/* procscan.h - walk /proc once per decision and pick the victim.
 *
 * One read per process: the kernel's oom_score already weighs RSS, swap
 * and oom_score_adj, and since Linux 5.9 it is 0 for everything that must
 * never be chosen (kernel threads, zombies, oom_score_adj -1000).  Only the
 * best few candidates are then opened further (status, comm), so a scan of
 * thousands of processes stays within the time a fast hog leaves us. */
#ifndef BUSTD_PROCSCAN_H
#define BUSTD_PROCSCAN_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"

/* How many leading candidates the scan keeps: enough that several of them
 * vanishing or being ineligible still leaves a choice, small enough to
 * insert into by shifting. */
#define SCAN_TOP 8
#define COMM_MAX 17 /* TASK_COMM_LEN 16, plus our terminator */

enum rank_class { CLASS_PREFER, CLASS_NORMAL, CLASS_AVOID };

struct candidate {
	int pid;
	enum rank_class cls;
	unsigned score;
};

struct victim {
	int pid, pidfd; /* pidfd -1 when the kernel lacks pidfd_open */
	unsigned uid, score;
	int adj;
	uint64_t rss_kib;
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
	unsigned threads; /* "Threads:": a zombie leader's live threads count */
};

/* What /proc/PID/stat adds: the task flags. */
#define PF_EXITING 0x00000004ul /* getting out of the way: memory is coming back */
#define PF_KTHREAD 0x00200000ul
struct stat_fields {
	char state;
	unsigned long flags;
	bool ok; /* the line was whole and had the flags field */
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
	unsigned procs;      /* pid directories seen */
	unsigned candidates; /* with oom_score > 0 and not ignored */
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
};

/* Scans /proc and fills v with the best victim.  Returns 0; -ESRCH when
 * no process may be killed; -EINPROGRESS when a better-ranked process is
 * already exiting (killed by someone else, or by the kernel): its memory is
 * on its way back and nobody else should die for it. */
int procscan_pick(const struct pick_ctx *x, const struct config *c,
		  struct victim *v, struct scan_stats *st);

/* Closes v's pidfd. */
void victim_release(struct victim *v);

#endif
