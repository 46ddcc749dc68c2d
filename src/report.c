/* report.c - see report.h */
#include "report.h"
#include "startup.h"

#include <signal.h>

static void kv(struct buf *b, const char *key, uint64_t v)
{
	buf_str(b, " ");
	buf_str(b, key);
	buf_str(b, "=");
	buf_u64(b, v);
}

static void readings(struct buf *b, const struct reading *r)
{
	kv(b, "avail_kib", mem_avail(&r->mem));
	kv(b, "free_kib", r->mem.free_kib);
	kv(b, "total_kib", r->mem.total_kib);
	kv(b, "swap_free_kib", r->mem.swap_free_kib);
	kv(b, "swap_total_kib", r->mem.swap_total_kib);
	if (r->pr.stall >= 0) {
		buf_str(b, " psi_some=");
		buf_centi(b, (uint64_t)r->pr.stall);
		buf_str(b, "%");
	}
	if (r->psi.some.present) {
		buf_str(b, " psi_some_avg10=");
		buf_centi(b, r->psi.some.avg10);
		buf_str(b, "%");
	}
	if (r->pr.activations >= 0)
		kv(b, "activations_per_s", (uint64_t)r->pr.activations);
	if (r->pr.sus_stall >= 0) {
		buf_str(b, " psi_some_sustained=");
		buf_centi(b, (uint64_t)r->pr.sus_stall);
		buf_str(b, "%");
	}
	if (r->pr.sus_act >= 0)
		kv(b, "activations_sustained_per_s", (uint64_t)r->pr.sus_act);
	if (r->pr.fall >= 0)
		kv(b, "fall_kib_s", (uint64_t)r->pr.fall);
}

void report_kill(struct buf *b, const struct victim *v, int sig,
		 enum reason why, const struct reading *r, bool dry)
{
	buf_str(b, dry ? "would kill pid=" : "kill pid=");
	buf_u64(b, (uint64_t)v->pid);
	buf_str(b, " name=");
	buf_name(b, v->name);
	kv(b, "uid", v->uid);
	kv(b, "rss_kib", v->rss_kib);
	kv(b, "oom_score", v->score);
	buf_str(b, " oom_score_adj=");
	buf_i64(b, v->adj);
	buf_str(b, sig == SIGKILL ? " signal=SIGKILL" : " signal=SIGTERM");
	buf_str(b, why == WHY_PRESSURE	  ? " reason=pressure"
		   : why == WHY_SUSTAINED ? " reason=sustained"
					  : " reason=memory");
	readings(b, r);
}

void report_status(struct buf *b, const struct reading *r)
{
	buf_str(b, "status");
	readings(b, r);
}

STARTUP static void mib(struct buf *b, uint64_t kib)
{
	buf_u64(b, kib / 1024);
	buf_str(b, " MiB");
}

STARTUP static void share(struct buf *b, uint64_t part, uint64_t whole)
{
	buf_str(b, " (");
	buf_centi(b, whole ? part * 10000 / whole : 0);
	buf_str(b, "%)");
}

STARTUP void report_once(struct buf *b, const struct config *c,
		 const struct reading *r, const struct verdict *v,
		 unsigned sleep_ms,
		 const struct victim *victim, const char *psi_note)
{
	static const char *const act[] = { "none", "SIGTERM", "SIGKILL" };

	buf_str(b, "memory:   available ");
	mib(b, mem_avail(&r->mem));
	buf_str(b, " of ");
	mib(b, r->mem.total_kib);
	share(b, mem_avail(&r->mem), r->mem.total_kib);
	buf_str(b, ", free ");
	mib(b, r->mem.free_kib);
	buf_str(b, "\nswap:     ");
	if (r->mem.swap_total_kib) {
		buf_str(b, "free ");
		mib(b, r->mem.swap_free_kib);
		buf_str(b, " of ");
		mib(b, r->mem.swap_total_kib);
		share(b, r->mem.swap_free_kib, r->mem.swap_total_kib);
	} else {
		buf_str(b, "none (counts as exhausted)");
	}
	buf_str(b, "\npressure: ");
	if (r->psi.some.present) {
		buf_str(b, "some avg10 ");
		buf_centi(b, r->psi.some.avg10);
		buf_str(b, "%, full avg10 ");
		buf_centi(b, r->psi.full.avg10);
		buf_str(b, "%");
	} else {
		buf_str(b, "unavailable");
	}
	if (psi_note && *psi_note) {
		buf_str(b, " (");
		buf_str(b, psi_note);
		buf_str(b, ")");
	}
	buf_str(b, "\nlevels:   SIGTERM at available <= ");
	mib(b, r->lv.mem_term);
	buf_str(b, " and swap free <= ");
	mib(b, r->lv.swap_term);
	buf_str(b, "; SIGKILL at ");
	mib(b, r->lv.mem_kill);
	buf_str(b, " and ");
	mib(b, r->lv.swap_kill);
	buf_str(b, "\nverdict:  ");
	buf_str(b, act[v->action]);
	if (v->action != ACT_NONE)
		buf_str(b, v->reason == WHY_PRESSURE	? " (pressure)"
			   : v->reason == WHY_SUSTAINED ? " (sustained)"
							: " (memory)");
	buf_str(b, ", next reading in ");
	buf_u64(b, sleep_ms);
	buf_str(b, " ms (memory assumed to fill at ");
	buf_u64(b, c->fill_rate);
	buf_str(b, c->fill_rate_measured ? " MiB/s, measured)" : " MiB/s)");
	buf_str(b, "\nvictim:   ");
	if (victim) {
		buf_str(b, "pid ");
		buf_u64(b, (uint64_t)victim->pid);
		buf_str(b, " (");
		buf_name(b, victim->name);
		buf_str(b, ") uid ");
		buf_u64(b, victim->uid);
		buf_str(b, ", rss ");
		mib(b, victim->rss_kib);
		buf_str(b, ", oom_score ");
		buf_u64(b, victim->score);
	} else {
		buf_str(b, "none eligible");
	}
	buf_str(b, "\n");
}
