/* thrash.c - see thrash.h */
#include "thrash.h"

#include <string.h>

void thrash_reset(struct thrash *t)
{
	t->n = 0;
	t->stall = -1;
	t->act = -1;
}

bool thrash_due(const struct thrash *t, uint64_t now_ms, uint64_t horizon_ms)
{
	const struct thrash_sample *last = &t->s[t->n ? t->n - 1 : 0];

	return !t->n || now_ms < last->ms ||
	       now_ms - last->ms >= horizon_ms / THRASH_STEPS;
}

bool thrash_calm(const struct thrash *t, const struct thrash_sample *s)
{
	const struct thrash_sample *last = &t->s[t->n ? t->n - 1 : 0];

	return t->n && s->has_stall && last->has_stall &&
	       s->stall_us == last->stall_us;
}

/* The window's figures from sample b to now.  Activations count from the
 * first sample from b on that has them: a sample taken after a step with
 * no stall has none (vmstat is not read then, see thrash.h), and the
 * window's stall all came after it. */
static void measure(struct thrash *t, unsigned b,
		    const struct thrash_sample *now)
{
	const struct thrash_sample *base = &t->s[b];
	uint64_t dt = now->ms - base->ms; /* ms, at least one horizon */

	if (base->has_stall && now->has_stall &&
	    now->stall_us >= base->stall_us) {
		uint64_t dv = now->stall_us - base->stall_us;
		/* us stalled per ms passed, in hundredths of a percent */
		t->stall = dv >= dt * 1000 ? 10000 : (int)(dv * 10 / dt);
	}
	while (b < t->n && !t->s[b].has_act)
		b++;
	if (b == t->n || !now->has_act)
		return;
	base = &t->s[b];
	if (now->act >= base->act && now->ms > base->ms)
		t->act = (int64_t)((now->act - base->act) * 1000 /
				   (now->ms - base->ms));
}

void thrash_feed(struct thrash *t, uint64_t horizon_ms,
		 const struct thrash_sample *now)
{
	unsigned i;

	if (!thrash_due(t, now->ms, horizon_ms))
		return;
	/* a clock going back, or no sample for two horizons (PSI is not
	 * read while memory is plentiful): what is held is no window */
	if (t->n && (now->ms < t->s[t->n - 1].ms ||
		     now->ms - t->s[t->n - 1].ms > 2 * horizon_ms))
		thrash_reset(t);
	t->stall = -1;
	t->act = -1;
	for (i = t->n; i-- > 0;) {
		if (now->ms - t->s[i].ms >= horizon_ms) {
			if (now->ms - t->s[i].ms <= 2 * horizon_ms)
				measure(t, i, now);
			break;
		}
	}
	if (t->n == THRASH_STEPS + 1) {
		memmove(t->s, t->s + 1, THRASH_STEPS * sizeof t->s[0]);
		t->n--;
	}
	t->s[t->n++] = *now;
}
