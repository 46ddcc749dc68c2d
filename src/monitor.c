/* monitor.c - see monitor.h */
#include "monitor.h"

#include <signal.h>
#include <string.h>

#include "cgroup.h"
#include "hook.h"
#include "kill.h"
#include "log.h"
#include "policy.h"
#include "protect.h"
#include "sys.h"
#include "thrash.h"

/* force: read MemAvailable even far from the levels, for lines that
 * report it */
static void sense_memory(struct monitor *mo, struct reading *r, bool force)
{
	if (mem_read_fast(&r->mem) < 0)
		return; /* sysinfo cannot fail on a live kernel; keep last */
	policy_levels(mo->cfg, &r->mem, &r->lv);
	if ((force ||
	     policy_need_avail(&r->lv, &r->mem, mo->avail_margin_kib)) &&
	    mem_read_avail(&mo->mi, &r->mem) < 0)
		r->mem.avail_known = false;
}

/* Working-set activations per second since the last vmstat read; unknown
 * (-1) for the first read or when the last one is stale. */
static int64_t activation_rate(struct monitor *mo, uint64_t now_ms)
{
	struct vmstat_fields f;
	int64_t rate = -1;

	if (mem_read_vmstat(&mo->mi, &f) < 0)
		return -1;
	if (mo->vm_have && now_ms > mo->vm_prev_ms &&
	    now_ms - mo->vm_prev_ms <= 3000 && f.activate >= mo->vm_prev)
		rate = (int64_t)((f.activate - mo->vm_prev) * 1000 /
				 (now_ms - mo->vm_prev_ms));
	if (!mo->vm_have || now_ms - mo->vm_prev_ms >= 500) {
		mo->vm_prev = f.activate;
		mo->vm_prev_ms = now_ms;
		mo->vm_have = true;
	}
	return rate;
}

/* KiB a second lost since base b (0 when it grew, -1 when b is not older):
 * MemAvailable's when both readings have it, free RAM's otherwise.  held:
 * whether processes (now_held: policy_held_kib now) took half of
 * MemAvailable's fall or more, not a file streaming through the cache. */
static int64_t fall_since(const struct fall_base *b, const struct reading *r,
			  uint64_t now_held, bool *held)
{
	uint64_t was = b->free_kib, is = r->mem.free_kib;

	*held = false;
	if (!b->ms || r->now_ms <= b->ms)
		return -1;
	if (b->avail_known && r->mem.avail_known) {
		was = b->avail_kib;
		is = r->mem.avail_kib;
		*held = was > is && now_held > b->held_kib &&
			(now_held - b->held_kib) * 2 >= was - is;
	}
	return was > is ? (int64_t)((was - is) * 1000 / (r->now_ms - b->ms))
			: 0;
}

/* Memory lost per second (0 when it grew, -1 on the first reading), as a
 * hog taking reclaimable page cache leaves free RAM at the watermark and
 * moves only MemAvailable.  Over the 10-20 ms pauses of a race MemAvailable
 * moves in steps (per-CPU counters, a hog stalled in reclaim), and one flat
 * step must not read as a stop: the base moves on only once it is
 * FALL_BASE_MS old, and the fall is the larger of the ones since the base
 * and since the base before it (at least FALL_BASE_MS older).  The base
 * alone is young right after it moved: 11 ms after one, a step of 0.4 MiB
 * read as 38 MB/s where the last 70 ms said 469, the pause ran past TERM
 * and the hog met SIGKILL at 25 MiB, TERM 47 (scenario 23).  The young
 * base alone keeps the start of a race: the base before is the rest's. */
static int64_t fall_rate(struct monitor *mo, struct reading *r)
{
	uint64_t held = policy_held_kib(&r->mem);
	bool held_old = false;
	int64_t rate = fall_since(&mo->base, r, held, &r->pr.fall_held);
	int64_t older = -1;

	if (mo->base_old.avail_known == mo->base.avail_known)
		older = fall_since(&mo->base_old, r, held, &held_old);
	r->pr.fall_now = rate;
	if (older > rate) {
		rate = older;
		r->pr.fall_held = held_old;
	}
	if (mo->base.ms && r->now_ms >= mo->base.ms &&
	    r->now_ms - mo->base.ms < FALL_BASE_MS &&
	    mo->base.avail_known == r->mem.avail_known)
		return rate;
	mo->base_old = mo->base;
	mo->base = (struct fall_base){ r->mem.free_kib, r->mem.avail_kib, held,
				       r->now_ms, r->mem.avail_known };
	return rate;
}

static bool pin_fresh(const struct monitor *mo, uint64_t now_ms)
{
	return mo->pinned && now_ms - mo->pin_ms <= PIN_FRESH_MS;
}

/* How long a scan would take now: the last one's time scaled by the tasks
 * running then and now (its cost is per process; sysinfo counts threads,
 * near enough).  A hog among 5,000 processes that came after a scan among
 * 1,000 must not be met by a fifth of the time it takes to choose. */
static uint64_t scan_estimate_ms(const struct monitor *mo, unsigned tasks)
{
	if (!mo->scan_tasks)
		return (uint64_t)tasks * SCAN_TASK_US / 1000;
	return mo->scan_ms * tasks / mo->scan_tasks;
}

/* How late a signal decided at this reading can land after the next one
 * (policy_decide looks that far ahead): the last wake-up's lateness, and
 * a scan's time unless a fresh pin makes the scan unnecessary. */
static uint64_t lag_ms(const struct monitor *mo, uint64_t now_ms)
{
	uint64_t late = 0;

	if (mo->last_ms && now_ms > mo->last_ms + mo->asked_ms)
		late = now_ms - mo->last_ms - mo->asked_ms;
	if (late > LATE_MAX_MS)
		late = LATE_MAX_MS;
	return late + (pin_fresh(mo, now_ms) ? 0 : mo->scan_ms);
}

/* Whether this wake-up reads the stall.  With a trigger armed, a stall
 * worth a look wakes the loop by itself; and the pressure rule needs free
 * RAM short, so far from the levels, at rest, the read is skipped: a
 * quarter of the cost of an idle wake-up. */
static bool want_psi(struct monitor *mo, const struct reading *r, bool force)
{
	if (mo->psi.fired) {
		mo->psi.fired = false;
		mo->psi.fired_ms = r->now_ms;
	}
	return force || mo->psi.trigger_fd < 0 || r->mem.avail_known ||
	       policy_free_short(&r->lv, &r->mem) ||
	       r->now_ms - mo->psi.fired_ms < 2 * PSI_WINDOW_US / 1000;
}

/* The --sustained window (thrash.c): a sample once a step while free RAM
 * is short (thrashing needs it), with the stall when PSI was read and
 * vmstat's activations, read only then. */
static void sense_sustained(struct monitor *mo, struct reading *r)
{
	uint64_t horizon = mo->cfg->sus_s * 1000ull;
	struct thrash_sample s = { r->now_ms, r->psi.some.total_us, 0,
				   r->psi.some.present, false };
	struct vmstat_fields f;

	r->pr.psi_off = mo->psi.read_fd < 0;
	if (mo->cfg->sus_pct && policy_free_short(&r->lv, &r->mem) &&
	    (s.has_stall || r->pr.psi_off) &&
	    thrash_due(&mo->th, r->now_ms, horizon)) {
		if (!thrash_calm(&mo->th, &s) &&
		    mem_read_vmstat(&mo->mi, &f) == 0) {
			s.act = f.activate;
			s.has_act = true;
		}
		thrash_feed(&mo->th, horizon, &s);
	}
	/* nothing fed yet (a zeroed monitor, or the rule off): unknown */
	r->pr.sus_stall = mo->th.n ? mo->th.stall : -1;
	r->pr.sus_act = mo->th.n ? mo->th.act : -1;
}

void monitor_sense(struct monitor *mo, struct reading *r)
{
	bool force;

	r->now_ms = sys_now_ms();
	/* waiting (hold-off, back-off) compares MemAvailable with its peak:
	 * every reading must have it */
	force = mo->status_due || mo->holdoff_until_ms ||
		r->now_ms < mo->backoff_until_ms ||
		(mo->cfg->report_ms && r->now_ms >= mo->next_report_ms);
	sense_memory(mo, r, force);
	r->pr.lag_ms = lag_ms(mo, r->now_ms);
	/* a pause at rest leaves keep_pin its three scans (policy_sleep_ms):
	 * otherwise a hog at the fill rate is first seen at TERM itself */
	r->pr.choose_ms = pin_fresh(mo, r->now_ms)
				  ? 0
				  : 3 * scan_estimate_ms(mo, r->mem.tasks);
	mo->last_ms = r->now_ms;
	r->pr.fall_free = !(mo->base.avail_known && r->mem.avail_known);
	r->pr.fall = fall_rate(mo, r);
	if (r->pr.fall > mo->fall_peak ||
	    r->now_ms - mo->fall_peak_ms > POLICY_RACE_MS) {
		mo->fall_peak = r->pr.fall;
		mo->fall_peak_ms = r->now_ms;
	}
	r->pr.fall_peak = mo->fall_peak;
	if (want_psi(mo, r, force || mo->cfg->verbose)) {
		r->pr.stall = psi_read(&mo->psi, r->now_ms * 1000, &r->psi);
	} else {
		r->pr.stall = -1;
		memset(&r->psi, 0, sizeof r->psi);
	}
	r->pr.activations = -1;
	if (mo->cfg->psi_pct && r->pr.stall >= (int)mo->cfg->psi_pct * 50 &&
	    policy_free_short(&r->lv, &r->mem))
		r->pr.activations = activation_rate(mo, r->now_ms);
	sense_sustained(mo, r);
}

/* next: the runner-up too, for a pin (see procscan_recheck) */
static int pick(struct monitor *mo, const struct reading *r, bool pin,
		struct victim *v, struct victim *next)
{
	/* 1/1024 of RAM: a process smaller than that cannot relieve a
	 * shortage, and killing it is pure loss (the kernel's oom_score
	 * rounds such processes to its floor, too) */
	struct pick_ctx x = { mo->proc_fd, mo->self_pid, pin,
			      r->mem.total_kib / 1024, &mo->skip, r->now_ms,
			      next, pin };

	return procscan_pick(&x, mo->cfg, v, &mo->scan);
}

int monitor_pick(struct monitor *mo, const struct reading *r, bool pin,
		 struct victim *v)
{
	return pick(mo, r, pin, v, NULL);
}

/* rc: what sending returned; a failed signal is a warning, not a kill
 * line ("warning: cannot kill pid=... errno=1") */
static void log_kill(struct monitor *mo, int sig, enum reason why,
		     const struct reading *r, int rc)
{
	char line[LOG_LINE_MAX];
	struct buf b = BUF_ON(line);

	if (rc < 0)
		buf_str(&b, "warning: cannot ");
	report_kill(&b, &mo->v, sig, why, r, mo->cfg->dry_run);
	if (!mo->killing) { /* the first signal: what choosing cost */
		buf_str(&b, " scan_ms=");
		buf_u64(&b, mo->scan_ms);
		buf_str(&b, " procs=");
		buf_u64(&b, mo->scan.procs);
		buf_str(&b, mo->pin_used ? " pinned=1 pin_age_ms=" : " pinned=0");
		if (mo->pin_used)
			buf_u64(&b, mo->pin_age_ms);
		if (mo->pin_next_used)
			buf_str(&b, " runner_up=1");
		buf_str(&b, " react_us=");
		buf_u64(&b, mo->react_us);
	}
	if (rc < 0) {
		buf_str(&b, " errno=");
		buf_u64(&b, (uint64_t)-rc);
	}
	log_buf(LV_WARN, &b);
}

static void log_victim(const char *what, const struct victim *v,
		       const char *key, uint64_t n, const char *tail)
{
	char line[LOG_LINE_MAX];
	struct buf b = BUF_ON(line);

	buf_str(&b, what);
	buf_str(&b, " pid=");
	buf_u64(&b, (uint64_t)v->pid);
	buf_str(&b, " name=");
	buf_name(&b, v->name);
	if (key) {
		buf_str(&b, " ");
		buf_str(&b, key);
		buf_str(&b, "=");
		buf_u64(&b, n);
	}
	if (tail)
		buf_str(&b, tail);
	log_buf(LV_INFO, &b);
}

/* From now on, memory held rising from its low means a process eating. */
static void watch_held(struct monitor *mo, const struct reading *r)
{
	mo->held_low_kib =
		r->mem.avail_known ? policy_killable_kib(&r->mem) : UINT64_MAX;
}

/* Memory held (policy_killable_kib) rose from its low by more than 1 % of
 * RAM and a quarter of the TERM-KILL window, and available memory is at
 * the TERM level: a process is eating it (it ranks first: kill it).  Above
 * TERM only the pressure rule can hold.  On a router-size board the
 * window is an eighth of RAM, and a quarter of it more than its small
 * daemons hold: by then the eater outranks them.  Not a fall of
 * MemAvailable, which fell 0.8 MiB under TERM after a hog's exit in
 * scenario 28 with nobody eating, and bustd took the working set's shell. */
static bool eater(struct monitor *mo, const struct reading *r)
{
	uint64_t held, min = r->mem.total_kib / 100, window = 0;

	if (!r->mem.avail_known)
		return false; /* far above the levels (policy_need_avail) */
	held = policy_killable_kib(&r->mem);
	if (held < mo->held_low_kib)
		mo->held_low_kib = held;
	if (r->lv.mem_term > r->lv.mem_kill)
		window = r->lv.mem_term - r->lv.mem_kill;
	if (window / 4 > min)
		min = window / 4;
	return mem_avail(&r->mem) <= r->lv.mem_term &&
	       held - mo->held_low_kib > min;
}

/* Waits for memory a dying process is giving back (see holding_off). */
static void start_holdoff(struct monitor *mo, const struct reading *r)
{
	mo->holdoff_until_ms = r->now_ms + HOLDOFF_MS;
	watch_held(mo, r);
}

static void stop_following(struct monitor *mo)
{
	victim_release(&mo->v);
	mo->killing = false;
}

/* --kernel-oom: the kernel's OOM killer chooses and kills (one process
 * per request); bustd's choice is let go, and the hold-off waits for the
 * memory as after an exit.  No hook: bustd does not know who died. */
static void kill_by_kernel(struct monitor *mo, enum reason why,
			   const struct reading *r)
{
	int rc = mo->cfg->dry_run ? 0 : kill_kernel_oom();

	stop_following(mo);
	log_str(rc < 0 ? LV_WARN : LV_INFO,
		rc < 0 ? "warning: cannot write /proc/sysrq-trigger"
		       : mo->cfg->dry_run ? "kill: would ask the kernel's OOM killer"
					  : "kill: asked the kernel's OOM killer",
		why == WHY_PRESSURE ? " reason=pressure" : " reason=memory",
		NULL);
	if (rc < 0 || mo->cfg->dry_run)
		return;
	mo->kills++;
	start_holdoff(mo, r);
}

/* Signals (and reaps) first, logs after: a slow log sink must not delay
 * the kill.  Only a delivered signal is a kill (counted, the hook run). */
static void signal_victim(struct monitor *mo, int sig, enum reason why,
			  const struct reading *r)
{
	int rc = 0;
	struct cgroup_kill g;
	bool group;

	if (mo->cfg->kernel_oom) { /* earlyoom's --kernel-oom */
		kill_by_kernel(mo, why, r);
		return;
	}
	/* -P: before the first signal, as earlyoom's (which then waits
	 * 200 ms; bustd does not: SIGTERM leaves the grace period) */
	if (mo->cfg->pre_hook[0] && !mo->killing && !mo->cfg->dry_run &&
	    hook_run(mo->cfg->pre_hook, &mo->v) == 0)
		mo->hooks_running++;
	/* memory.oom.group: the victim's whole cgroup dies with it */
	group = cgroup_group_of("", mo->proc_fd, mo->v.pid, &g);
	if (!mo->cfg->dry_run)
		rc = kill_send(&mo->v, sig, mo->cfg->kill_group);
	/* the victim's signal, not its group's nor the reaping after it */
	if (!mo->killing)
		mo->react_us = (sys_now_ns() - mo->sensed_ns) / 1000;
	if (!mo->cfg->dry_run) {
		if (rc == 0 && group)
			cgroup_signal(&g, mo->proc_fd, mo->self_pid, sig);
		/* after SIGTERM too: the kernel turns a signal nobody
		 * handles into a group exit as it is sent, so such a victim
		 * is already dying and its memory can come back now, as
		 * after SIGKILL; one that handles SIGTERM is refused
		 * (EINVAL) and keeps its grace */
		if (rc == 0)
			kill_reap(&mo->v);
	}
	log_kill(mo, sig, why, r, rc);
	if (group && rc == 0)
		cgroup_log(mo->v.pid, &g, mo->cfg->dry_run);
	if (rc < 0 && rc != -ESRCH) {
		/* not ours to signal (EPERM: another user namespace, a
		 * security module): the next wake-up tries the next one */
		skiplist_add(&mo->skip, mo->v.pid, r->now_ms + SKIP_MS);
		stop_following(mo);
		return;
	}
	if (mo->cfg->dry_run)
		return;
	if (sig == SIGKILL)
		mo->sigkill_ms = r->now_ms;
	mo->sig = sig;
	if (!mo->killing) {
		mo->killing = true;
		mo->sent_ms = r->now_ms;
		/* -ESRCH: it exited before the signal came; followed to its
		 * exit all the same, its memory awaited, but no kill */
		if (rc < 0)
			return;
		mo->kills++;
		if (mo->cfg->hook[0] && hook_run(mo->cfg->hook, &mo->v) == 0)
			mo->hooks_running++;
	}
}

static const char stuck_tail[] =
	" (uninterruptible sleep?); trying the next process";

/* Follows the victim: exit -> hold-off; SIGTERM ignored -> SIGKILL;
 * SIGKILL ignored (D state) -> give up on it. */
static void follow_victim(struct monitor *mo, const struct reading *r,
			  const struct verdict *v)
{
	uint64_t waited = r->now_ms - mo->sent_ms;

	if (kill_exited(&mo->v)) {
		log_victim("exited", &mo->v, "after_ms", waited, NULL);
		stop_following(mo);
		start_holdoff(mo, r);
		/* the stall that led here is history now */
		mo->psi.win.primed = false;
		thrash_reset(&mo->th);
		return;
	}
	if (mo->sig == SIGTERM) {
		if (v->action == ACT_KILL ||
		    (v->action != ACT_NONE && waited >= mo->cfg->grace_ms)) {
			signal_victim(mo, SIGKILL, v->reason, r);
		} else if (v->action == ACT_NONE &&
			   waited >= mo->cfg->grace_ms) {
			log_victim("still running after SIGTERM, memory "
				   "recovered; not escalating",
				   &mo->v, NULL, 0, NULL);
			stop_following(mo);
		}
		return;
	}
	if (r->now_ms - mo->sigkill_ms >= KILL_TIMEOUT_MS) {
		log_victim("warning: did not exit after SIGKILL", &mo->v,
			   "waited_ms", r->now_ms - mo->sigkill_ms, stuck_tail);
		skiplist_add(&mo->skip, mo->v.pid, r->now_ms + SKIP_MS);
		stop_following(mo);
	}
}

static void log_backoff(uint64_t wait_ms)
{
	char line[LOG_LINE_MAX];
	struct buf b = BUF_ON(line);

	buf_str(&b, "backoff: the last kill did not end the shortage, and no "
		    "process is eating memory (it is held by tmpfs, shared "
		    "memory or the kernel?); next kill in ");
	buf_u64(&b, wait_ms / 1000);
	buf_str(&b, " s");
	log_buf(LV_WARN, &b);
}

/* The shortage is over: the verdict is none, and thrashing cannot resume
 * at the next reading: the pressure rule is off, free RAM is not short,
 * or the stall (re-measured from the exit, unknown for its first second)
 * is under half of -p.  A stall hovering at -p flips the verdict at every
 * reading; one none is no sign that a kill helped. */
static bool shortage_over(const struct monitor *mo, const struct reading *r,
			  const struct verdict *v)
{
	int half = (int)mo->cfg->psi_pct * 50, sus = (int)mo->cfg->sus_pct * 100;

	if (sus && (!half || sus < half)) /* the sustained rule's level */
		half = sus;

	return v->action == ACT_NONE &&
	       (!half || mo->psi.read_fd < 0 ||
		!policy_free_short(&r->lv, &r->mem) ||
		(r->pr.stall >= 0 && r->pr.stall < half));
}

/* The hold-off after an exit ends when the shortage is over, when a
 * process is seen eating (see eater: kill it; the victim's memory coming
 * back lowers memory held, so it is never mistaken for one), or at its
 * deadline.  A shortage not over then, with no eater, is held where no
 * kill can free it (tmpfs, shared memory, the kernel; a working set that
 * no longer fits).  That earns a strike, whatever the verdict's reason:
 * the next kill waits 8, 16, 32, 64 s instead of taking process after
 * process.  Someone else's kill (exiting_pid) earns none. */
static bool holding_off(struct monitor *mo, const struct reading *r,
			const struct verdict *v)
{
	bool eating, over;
	uint64_t wait;

	if (!mo->holdoff_until_ms)
		return false;
	over = shortage_over(mo, r, v);
	eating = eater(mo, r);
	if (r->now_ms < mo->holdoff_until_ms && !over && !eating)
		return true;
	mo->holdoff_until_ms = 0;
	if (over)
		mo->strikes = 0;
	if (over || eating || mo->exiting_pid || mo->cfg->dry_run)
		return false;
	if (mo->strikes < 4)
		mo->strikes++;
	wait = 4000ull << mo->strikes;
	if (wait > BACKOFF_MAX_MS)
		wait = BACKOFF_MAX_MS;
	mo->backoff_until_ms = r->now_ms + wait;
	log_backoff(wait);
	return true;
}

/* A back-off, or the pause after a scan that found nobody, lasts to its
 * end unless a process is seen eating memory: a new hog is not made to
 * wait up to 64 s for a shortage that no kill could end. */
static bool backing_off(struct monitor *mo, const struct reading *r)
{
	return r->now_ms < mo->backoff_until_ms && !eater(mo, r);
}

/* A process someone else is killing (the kernel's OOM killer, a user)
 * gets as long to exit as a victim of our own: then it is passed over. */
static int pick_not_stuck(struct monitor *mo, const struct reading *r)
{
	int rc = monitor_pick(mo, r, true, &mo->v);

	if (rc == -EINPROGRESS && mo->v.pid == mo->exiting_pid &&
	    r->now_ms - mo->exiting_since_ms >= KILL_TIMEOUT_MS) {
		log_victim("warning: still exiting", &mo->v, "waited_ms",
			   r->now_ms - mo->exiting_since_ms, stuck_tail);
		skiplist_add(&mo->skip, mo->v.pid, r->now_ms + SKIP_MS);
		rc = monitor_pick(mo, r, true, &mo->v);
	}
	return rc;
}

static void drop_pin(struct monitor *mo)
{
	if (mo->pinned) {
		victim_release(&mo->pin);
		victim_release(&mo->pin_next);
	}
	mo->pinned = false;
}

/* The victim chosen ahead, if it is fresh, alive (its pidfd does not poll
 * readable) and not passed over since: then this reading signals it
 * without a scan, or its runner-up if that one's score has overtaken it
 * since (two preads).  Unless the two did not do the eating: when
 * available memory fell by over twice what they gained since the scan
 * (and by more than the scores' resolution), someone the scan could not
 * see, a process started since, took it: this reading scans. */
static bool take_pin(struct monitor *mo, const struct reading *r)
{
	uint64_t avail = mem_avail(&r->mem), fell, grown;
	uint64_t total = r->mem.total_kib + r->mem.swap_total_kib;
	struct victim *best;

	mo->pin_used = mo->pin_next_used = false;
	if (!pin_fresh(mo, r->now_ms) || kill_exited(&mo->pin) ||
	    skiplist_has(&mo->skip, mo->pin.pid, r->now_ms)) {
		drop_pin(mo);
		return false;
	}
	if (skiplist_has(&mo->skip, mo->pin_next.pid, r->now_ms)) {
		victim_release(&mo->pin_next);
		mo->pin_next.pid = 0;
	}
	best = procscan_recheck(mo->cfg, &mo->pin, &mo->pin_next, total,
				&grown);
	fell = mo->pin_avail_kib > avail ? mo->pin_avail_kib - avail : 0;
	if (fell > 2 * grown + PIN_SLACK_POINTS * total / 1000) {
		drop_pin(mo);
		return false;
	}
	mo->v = *best;
	victim_release(best == &mo->pin ? &mo->pin_next : &mo->pin);
	mo->pinned = false;
	mo->pin_used = true;
	mo->pin_next_used = best != &mo->pin;
	mo->pin_age_ms = r->now_ms - mo->pin_ms;
	return true;
}

/* Chooses ahead while memory is headed for TERM sooner than a few scans
 * and a pause (see PIN_FRESH_MS); drops the pin once memory is back above
 * where it was pinned, or when it is stale. */
static void keep_pin(struct monitor *mo, const struct reading *r,
		     unsigned sleep)
{
	uint64_t avail = mem_avail(&r->mem), term = r->lv.mem_term;
	uint64_t est = scan_estimate_ms(mo, r->mem.tasks);
	uint64_t scan = est > PIN_SCAN_MIN_MS ? est : PIN_SCAN_MIN_MS;
	bool headed = r->pr.fall > 0 && avail > term &&
		      (avail - term) * 1000 / (uint64_t)r->pr.fall <
			      3 * scan + sleep;
	uint64_t done_ms;
	struct mem after;

	/* back above where it was pinned by more than the scores' rounding:
	 * while a hog stalls in reclaim, MemAvailable pauses and wavers up
	 * by a few MiB (a 2 GiB guest dropped a 0.6 s old pin so, and its
	 * TERM reading scanned 10,000 processes) */
	if (mo->pinned &&
	    (!pin_fresh(mo, r->now_ms) || kill_exited(&mo->pin) ||
	     (!headed &&
	      avail > mo->pin_avail_kib + PIN_SLACK_POINTS *
						  r->mem.total_kib / 1000)))
		drop_pin(mo);
	/* a second between scans, and at least one scan's time: at nice -20
	 * a scan of many thousand processes must not take the CPU whole */
	if (!headed || mo->pinned ||
	    (mo->pin_tried_ms &&
	     r->now_ms - mo->pin_tried_ms < PIN_RETRY_MS + mo->scan_ms))
		return;
	mo->pin_tried_ms = r->now_ms;
	if (pick(mo, r, true, &mo->pin, &mo->pin_next) != 0)
		return; /* nobody, or one exiting: the TERM reading scans */
	done_ms = sys_now_ms();
	mo->scan_ms = done_ms - r->now_ms;
	mo->scan_tasks = r->mem.tasks;
	mo->pinned = true;
	mo->pin_ms = done_ms;
	/* memory as the scan ends, not as it began: the scan read each score
	 * on its way (the hog, a young process, last of all, 0.5 s later
	 * among 10,000), so take_pin's "what fell since" must not count what
	 * a score read already holds; growth after a read and before this
	 * one counts for the pin, never against it */
	after = r->mem;
	mo->pin_avail_kib = mem_read_avail(&mo->mi, &after) == 0
				    ? mem_avail(&after)
				    : avail;
}

/* The first signal to a victim.  SIGTERM while memory is above KILL,
 * also when the look-ahead finds the next reading below it: the victim
 * gets its chance to exit cleanly (scenario 22: 2 of 40 full-speed hogs
 * had SIGKILL first at 13.9 and 15.6 MiB, KILL 10.9), and that next
 * reading, still finding it alive, sends SIGKILL (follow_victim).  One
 * without a handler is reaped at once all the same (signal_victim):
 * before it was, the soak (scenario 20) lost fast hogs to the kernel's
 * OOM killer in 2 of 2 runs.  SIGKILL at KILL, and for the pressure
 * rule: a thrashing victim pages its handler in slowly, if at all. */
static int opening_signal(const struct reading *r, const struct verdict *v)
{
	if (v->action != ACT_KILL ||
	    (v->reason == WHY_MEMORY && mem_avail(&r->mem) > r->lv.mem_kill))
		return SIGTERM;
	return SIGKILL;
}

static void start_kill(struct monitor *mo, const struct reading *r,
		       const struct verdict *v)
{
	struct reading again = *r;
	struct verdict now;
	int rc;

	/* the reading is complete and its verdict pure arithmetic: from here
	 * to the signal is what choosing costs (react_us), not what reading
	 * under pressure does.  Taken here, not after every reading: a
	 * wake-up at rest makes one system call fewer. */
	mo->sensed_ns = sys_now_ns();
	if (take_pin(mo, r)) {
		mo->exiting_pid = 0;
		mo->said_nothing_to_kill = false;
		signal_victim(mo, opening_signal(r, v), v->reason, r);
		if (mo->cfg->dry_run) {
			victim_release(&mo->v);
			start_holdoff(mo, r);
		}
		return;
	}
	rc = pick_not_stuck(mo, r);

	if (rc == -EINPROGRESS) {
		/* a bigger process is exiting already: wait for its memory,
		 * from when it was first seen exiting */
		if (mo->exiting_pid != mo->v.pid) {
			mo->exiting_pid = mo->v.pid;
			mo->exiting_since_ms = r->now_ms;
		}
		if (mo->cfg->verbose)
			log_victim("exiting already; waiting for its memory",
				   &mo->v, NULL, 0, NULL);
		start_holdoff(mo, r);
		mo->holdoff_until_ms = mo->exiting_since_ms + KILL_TIMEOUT_MS;
		return;
	}
	mo->exiting_pid = 0;
	if (rc < 0) {
		if (!mo->said_nothing_to_kill)
			log_str(LV_WARN, "warning: memory is low but no "
					 "process may be killed",
				NULL, NULL);
		mo->said_nothing_to_kill = true;
		/* the next scan would find nobody either, unless a process
		 * starts eating memory */
		mo->backoff_until_ms = r->now_ms + RESCAN_MS;
		watch_held(mo, r);
		return;
	}
	mo->said_nothing_to_kill = false;
	/* The scan took time: act only if memory is still short now. */
	again.now_ms = sys_now_ms();
	mo->scan_ms = again.now_ms - r->now_ms;
	mo->scan_tasks = r->mem.tasks;
	sense_memory(mo, &again, true);
	now = policy_decide(mo->cfg, &again.lv, &again.mem, &again.pr);
	if (now.action == ACT_NONE) {
		if (mo->cfg->verbose)
			log_victim("memory recovered while choosing; spared",
				   &mo->v, NULL, 0, NULL);
		victim_release(&mo->v);
		return;
	}
	if (v->reason == WHY_PRESSURE && now.action < v->action)
		now = *v; /* pressure does not show in a memory re-read */
	signal_victim(mo, opening_signal(&again, &now), now.reason, &again);
	if (mo->cfg->dry_run) {
		victim_release(&mo->v);
		start_holdoff(mo, &again);
	}
}

/* --adjust-oom-score's state (protect.h); one daemon, one instance */
static struct protect protection;

static void periodic(struct monitor *mo, const struct reading *r)
{
	while (mo->hooks_running && sys_reap_children() > 0)
		mo->hooks_running--;
	if (mo->cfg->report_ms && r->now_ms >= mo->next_report_ms) {
		mo->next_report_ms = r->now_ms + mo->cfg->report_ms;
		mo->status_due = true;
	}
	if (mo->status_due) {
		char line[LOG_LINE_MAX];
		struct buf b = BUF_ON(line);
		report_status(&b, r);
		log_buf(LV_INFO, &b);
		mo->status_due = false;
	}
}

unsigned monitor_step(struct monitor *mo, const struct reading *r)
{
	struct verdict v = policy_decide(mo->cfg, &r->lv, &r->mem, &r->pr);
	unsigned sleep = policy_sleep_ms(mo->cfg, &r->lv, &r->mem, &r->pr);

	periodic(mo, r);
	if (mo->cfg->verbose && v.action != mo->last_action) {
		char line[LOG_LINE_MAX];
		struct buf b = BUF_ON(line);
		static const char *const name[] = { "verdict none ",
						    "verdict term ",
						    "verdict kill " };
		buf_str(&b, name[v.action]);
		report_status(&b, r);
		log_buf(LV_DEBUG, &b);
	}
	mo->last_action = v.action;
	if (v.action != ACT_NONE)
		mo->fine_since_ms = r->now_ms;
	else if (r->now_ms - mo->fine_since_ms >= BACKOFF_MAX_MS)
		mo->strikes = 0;

	if (mo->killing) {
		follow_victim(mo, r, &v);
	} else {
		bool waiting = holding_off(mo, r, &v);

		if (!waiting && v.action != ACT_NONE) {
			if (!backing_off(mo, r))
				start_kill(mo, r, &v);
		} else if (waiting || r->now_ms < mo->backoff_until_ms) {
			drop_pin(mo); /* a pin would only go stale */
		} else {
			keep_pin(mo, r, sleep);
			/* at rest, so that it is in place before a race */
			if (mo->cfg->adjust_oom)
				protect_pass(&protection, mo->cfg, mo->proc_fd,
					     mo->self_pid, r->now_ms);
		}
	}

	if (mo->killing || mo->holdoff_until_ms)
		sleep = mo->cfg->min_sleep_ms;
	if (mo->cfg->report_ms && mo->next_report_ms - r->now_ms < sleep)
		sleep = (unsigned)(mo->next_report_ms - r->now_ms);
	mo->asked_ms = sleep;
	return sleep;
}
