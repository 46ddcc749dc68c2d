/* policy.c - see policy.h */
#include "policy.h"

#include "thrash.h"

static uint64_t pct_of(uint64_t total, uint64_t centi)
{
	return total / 10000 * centi + total % 10000 * centi / 10000;
}

/* -m and -M both given: the lower level applies, as in earlyoom. */
static void resolve(const struct level *pct, const struct level *kib,
		    uint64_t total, uint64_t *term, uint64_t *kill)
{
	*term = pct->set ? pct_of(total, pct->term) : UINT64_MAX;
	*kill = pct->set ? pct_of(total, pct->kill) : UINT64_MAX;
	if (kib->set) {
		if (kib->term < *term)
			*term = kib->term;
		if (kib->kill < *kill)
			*kill = kib->kill;
	}
}

void policy_levels(const struct config *c, const struct mem *m,
		   struct levels *l)
{
	resolve(&c->mem_pct, &c->mem_kib, m->total_kib, &l->mem_term,
		&l->mem_kill);
	resolve(&c->swap_pct, &c->swap_kib, m->swap_total_kib, &l->swap_term,
		&l->swap_kill);
}

bool policy_need_avail(const struct levels *l, const struct mem *m,
		       uint64_t margin_kib)
{
	return m->free_kib <= l->mem_term + margin_kib;
}

bool policy_free_short(const struct levels *l, const struct mem *m)
{
	uint64_t gate = m->total_kib / 10;

	return m->free_kib <= (l->mem_term > gate ? l->mem_term : gate);
}

int64_t policy_activation_floor(const struct mem *m)
{
	return (int64_t)(m->total_kib / 4 / 256); /* KiB -> 4 KiB pages */
}

uint64_t policy_killable_kib(const struct mem *m)
{
	uint64_t held = m->anon_kib;

	if (m->swap_total_kib > m->swap_free_kib)
		held += m->swap_total_kib - m->swap_free_kib;
	return held;
}

uint64_t policy_held_kib(const struct mem *m)
{
	return policy_killable_kib(m) + m->shmem_kib;
}

bool policy_kill_can_help(const struct mem *m)
{
	return !m->avail_known || m->avail_kib < m->total_kib / 3 ||
	       m->avail_kib <= policy_killable_kib(m);
}

/* MemAvailable's own fall, both readings having it, and processes took
 * it: a hog, not a file streaming through the page cache. */
static bool fall_taken(const struct pressure *p)
{
	return p->fall > 0 && !p->fall_free && p->fall_held;
}

/* Memory falling to level within POLICY_RACE_MS at the last second's
 * fastest fall (a reading taken while the hog waited on reclaim shows
 * memory flat): a process racing to eat it, the memory rule's case. */
static bool racing_to(uint64_t level, const struct mem *m,
		      const struct pressure *p)
{
	uint64_t avail = mem_avail(m);

	return p->fall_peak > 0 && avail > level &&
	       (avail - level) * 1000 / (uint64_t)p->fall_peak < POLICY_RACE_MS;
}

/* Memory racing to level (TERM or KILL) while the memory rule can act
 * there (swap at or below its level): its signal is due within
 * POLICY_RACE_MS, and the stall a hog's own reclaim adds is no thrash to
 * end first. */
static bool memory_rule_due(uint64_t level, const struct levels *l,
			    const struct mem *m, const struct pressure *p)
{
	return m->swap_free_kib <= l->swap_term && racing_to(level, m, p);
}

/* The sustained rule's least re-fault rate: a sixteenth of the acute
 * rule's floor (see sustained()). */
static int64_t sustained_floor(const struct mem *m)
{
	return policy_activation_floor(m) / 16;
}

/* Thrashing: tasks stall on memory at least psi_pct of the time while
 * free RAM is short, and the stall comes from losing the working set
 * (pages re-faulted soon after eviction) or from memory truly running out.
 * Streaming a big file through the page cache empties free RAM and can
 * stall, but re-faults nothing it recently evicted: no kill. */
static bool thrashing(const struct config *c, const struct levels *l,
		      const struct mem *m, const struct pressure *p)
{
	if (!c->psi_pct || p->stall < 0 || p->stall < (int)c->psi_pct * 100)
		return false;
	if (!policy_free_short(l, m) || !policy_kill_can_help(m))
		return false;
	/* A hog racing down to KILL stalls in its own direct reclaim, and
	 * the cache it takes makes the working set re-fault: while processes
	 * hold the fall and the memory rule can act, that is its case
	 * (SIGTERM at TERM, SIGKILL at KILL), not thrashing (scenario 22:
	 * this rule's SIGKILL at 35.4 MiB, TERM 21.9, a 27 % stall). */
	if (p->activations >= 0 &&
	    p->activations >= policy_activation_floor(m))
		return !(fall_taken(p) &&
			 memory_rule_due(l->mem_kill, l, m, p));
	if (!m->avail_known || m->avail_kib <= l->mem_kill ||
	    m->avail_kib > 2 * l->mem_term)
		return m->avail_known && m->avail_kib <= 2 * l->mem_term;
	/* A hog racing to KILL stalls in its own direct reclaim: that is
	 * the memory rule's case (SIGTERM at TERM, see policy_decide), not
	 * thrashing; so is one racing to TERM where that rule can act
	 * (among 10,000 processes this rule sent SIGKILL at 341 MiB, TERM
	 * 197, KILL 1.17 s away at 212 MB/s).  Memory that hovers near the
	 * levels is thrashing. */
	return !racing_to(l->mem_kill, m, p) &&
	       !memory_rule_due(l->mem_term, l, m, p);
}

/* Sustained thrash: over the --sustained horizon, tasks stalled on memory
 * at least sus_pct of the time, or the working set was re-faulted at
 * POLICY_REFAULT_PCT of the file LRU a second, with the same
 * evidence as the acute rule: free RAM short, pages re-faulted soon after
 * eviction, and a kill that can help.  The re-faults' floor is a
 * sixteenth of the acute rule's (1/4096 of RAM a second): a 10 % stall in
 * a 256 MiB guest (scenario 24) came with 58-122 activations a second
 * over the window (the acute floor is 205), while a file streamed past a
 * working set on 6.1 re-activated under one a second. */
static bool sustained(const struct config *c, const struct levels *l,
		      const struct mem *m, const struct pressure *p)
{
	if (!c->sus_pct || p->sus_act < 0 ||
	    p->sus_act < sustained_floor(m) ||
	    !policy_free_short(l, m) || !policy_kill_can_help(m))
		return false;
	/* The memory rule signals the hog at the level the user set; the
	 * stall its reclaim adds to a window already near this level must
	 * not end it early (scenario 22: SIGTERM by this rule at 73 MiB
	 * available, TERM 22, the hog taking 279 MB/s). */
	if (memory_rule_due(l->mem_term, l, m, p))
		return false;
	if (p->sus_stall >= (int)c->sus_pct * 100)
		return true;
	/* Re-faults alone, with PSI too: 6.12's multi-gen LRU ignores the
	 * recency of a MADV_RANDOM mapping, so its refaults mark no page as
	 * the working set's and PSI misses them (scenario 39: 0.8-3.7 % over
	 * the window, 299-346 activations a second, where 6.1 stalls a third
	 * of the time).  Pages of 4 KiB a second against the file LRU's KiB. */
	return m->avail_known &&
	       (uint64_t)p->sus_act * 4 * 100 >= m->file_kib * POLICY_REFAULT_PCT;
}

uint64_t policy_ahead_kib(const struct mem *m, int64_t fall,
			  uint64_t ahead_ms)
{
	uint64_t avail = mem_avail(m), drop;

	if (fall <= 0)
		return avail;
	drop = (uint64_t)fall * ahead_ms / 1000;
	return avail > drop ? avail - drop : 0;
}

struct verdict policy_decide(const struct config *c, const struct levels *l,
			     const struct mem *m, const struct pressure *p)
{
	uint64_t avail = mem_avail(m), next = avail, next_kill = avail;
	struct verdict v = { ACT_NONE, WHY_NONE };

	/* A fast hog crosses the TERM-KILL window (5 % of RAM) between two
	 * readings: act on where memory will be, not where it was.  Only on
	 * MemAvailable's own fall, both readings having it: free RAM alone
	 * also falls while a file streams into the page cache, which is no
	 * shortage (a 128 MiB guest SIGTERMed a bystander at 45 MiB
	 * available, TERM 20, on a free-RAM fall of 77 MB/s).  And only
	 * while processes hold what MemAvailable lost: on a small board
	 * it also falls, for a moment, as a file streams in (a 64 MiB guest
	 * SIGTERMed a bystander at 21 MiB, TERM 13, on a 61 MB/s fall that
	 * no process took).  KILL ahead only on the fall since the last
	 * base: the one before it still reads a hog that stopped between
	 * the levels as falling (scenario 17's got SIGKILL, no SIGTERM).
	 * A victim's first signal above KILL is SIGTERM all the same
	 * (monitor.c, opening_signal); this verdict escalates it. */
	if (fall_taken(p) && m->avail_known) {
		uint64_t ahead = policy_sleep_ms(c, l, m, p) + p->lag_ms;

		next = policy_ahead_kib(m, p->fall, ahead);
		next_kill = policy_ahead_kib(m, p->fall_now, ahead);
	}
	if ((avail <= l->mem_kill || (avail <= l->mem_term &&
				      next_kill <= l->mem_kill)) &&
	    m->swap_free_kib <= l->swap_kill)
		v = (struct verdict){ ACT_KILL, WHY_MEMORY };
	else if (thrashing(c, l, m, p))
		/* a thrashing victim would page its SIGTERM handler in
		 * slowly, if at all: kill outright, as bustd does */
		v = (struct verdict){ ACT_KILL, WHY_PRESSURE };
	else if (next <= l->mem_term && m->swap_free_kib <= l->swap_term)
		v = (struct verdict){ ACT_TERM, WHY_MEMORY };
	else if (sustained(c, l, m, p))
		/* moderate thrash leaves the victim time for its handler;
		 * --grace escalates while the stall lasts */
		v = (struct verdict){ ACT_TERM, WHY_SUSTAINED };
	return v;
}

unsigned policy_sleep_ms(const struct config *c, const struct levels *l,
			 const struct mem *m, const struct pressure *p)
{
	uint64_t avail = mem_avail(m), ms = 0, level, step;

	/* MiB/s is ~KiB/ms; swap fills about 8x slower than RAM (earlyoom
	 * measured 6000 MiB/s for RAM, 800 MiB/s for zram swap). */
	if (avail > l->mem_term)
		ms += (avail - l->mem_term) / c->fill_rate;
	if (m->swap_free_kib > l->swap_term)
		ms += (m->swap_free_kib - l->swap_term) * 8 / c->fill_rate;
	ms = ms > p->choose_ms ? ms - p->choose_ms : 0;
	if (ms < c->min_sleep_ms ||
	    (c->psi_pct && p->stall >= (int)c->psi_pct * 50))
		ms = c->min_sleep_ms;
	if (ms > c->max_sleep_ms)
		ms = c->max_sleep_ms;
	/* the sustained window wants a sample every step while a stall is
	 * building up, or while free RAM is short without PSI or with the
	 * working set re-faulted (which PSI can miss, see sustained()) */
	step = c->sus_s * 1000u / THRASH_STEPS;
	if (step < c->min_sleep_ms)
		step = c->min_sleep_ms;
	if (c->sus_pct && ms > step &&
	    (((p->psi_off || p->sus_act >= sustained_floor(m)) &&
	      policy_free_short(l, m)) ||
	     p->stall >= (int)c->sus_pct * 25))
		ms = step;
	/* racing toward the next level down (a hog stalls in its own
	 * reclaim, so also under stall): TERM, or KILL at or below TERM;
	 * below KILL there is none, and a short pause there would only
	 * repeat a verdict already acted on (or backed off from) */
	level = avail > l->mem_term ? l->mem_term : l->mem_kill;
	if (p->fall > 0 && avail > level) {
		uint64_t soon = (avail - level) * 1000 / (uint64_t)p->fall / 2;
		if (soon < ms)
			ms = soon > POLICY_FAST_MS ? soon : POLICY_FAST_MS;
	}
	return (unsigned)ms;
}
