/* report.h - what bustd says: the kill record, the status line and the
 * --once summary, each built from one reading. */
#ifndef BUSTD_REPORT_H
#define BUSTD_REPORT_H

#include "meminfo.h"
#include "policy.h"
#include "procscan.h"
#include "psi.h"

/* Everything one wake-up learned. */
struct reading {
	uint64_t now_ms;
	struct mem mem;
	struct levels lv;
	struct psi_fields psi; /* raw file, present bits clear without PSI */
	struct pressure pr;
};

/* "kill pid=... signal=SIGTERM reason=memory avail_kib=..." (prefix
 * "would kill" for --dry-run). */
void report_kill(struct buf *b, const struct victim *v, int sig,
		 enum reason why, const struct reading *r, bool dry);
/* "status avail_kib=... swap_free_kib=... psi_some=..." */
void report_status(struct buf *b, const struct reading *r);
/* The multi-line human summary --once prints. */
void report_once(struct buf *b, const struct config *c,
		 const struct reading *r, const struct verdict *v,
		 unsigned sleep_ms,
		 const struct victim *victim, const char *psi_note);

#endif
