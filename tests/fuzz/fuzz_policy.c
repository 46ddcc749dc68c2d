/* fuzz_policy.c - libFuzzer target for the decision itself: any machine
 * size, any readings, any accepted levels.  The verdict must be one of
 * three, the pause within its documented bounds, and no arithmetic may
 * overflow or divide by zero (UBSan). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/policy.h"

static uint64_t take(const uint8_t **p, const uint8_t *end)
{
	uint64_t v = 0;

	for (int i = 0; i < 8 && *p < end; i++)
		v = v << 8 | *(*p)++;
	return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data, *end = data + size;
	struct config c;
	struct mem m;
	struct levels l;
	struct pressure pr;
	struct verdict v;
	unsigned ms;
	char *argv[] = { "bustd", NULL };
	char msg[128];
	struct buf err = BUF_ON(msg);

	if (config_parse(&c, 1, argv, &err) != CONFIG_RUN)
		abort();
	/* levels and knobs within the ranges config.c accepts */
	c.mem_pct.term = take(&p, end) % 10001;
	c.mem_pct.kill = c.mem_pct.term ? take(&p, end) % (c.mem_pct.term + 1) : 0;
	c.swap_pct.term = take(&p, end) % 10001;
	c.swap_pct.kill = c.swap_pct.term ? take(&p, end) % (c.swap_pct.term + 1) : 0;
	c.mem_kib.set = take(&p, end) & 1;
	c.mem_kib.term = take(&p, end);
	c.mem_kib.kill = c.mem_kib.term ? take(&p, end) % c.mem_kib.term : 0;
	c.psi_pct = (unsigned)(take(&p, end) % 101);
	c.fill_rate = (unsigned)(take(&p, end) % 1000000) + 1;
	c.min_sleep_ms = (unsigned)(take(&p, end) % 600000) + 10;
	c.max_sleep_ms = c.min_sleep_ms + (unsigned)(take(&p, end) % 600000);

	memset(&m, 0, sizeof m);
	/* sysinfo's figures are bytes times mem_unit: at most 2^64 bytes */
	m.total_kib = take(&p, end) >> 10;
	m.free_kib = take(&p, end) >> 10;
	m.swap_total_kib = take(&p, end) >> 10;
	m.swap_free_kib = take(&p, end) >> 10;
	m.avail_kib = take(&p, end) >> 10;
	m.shmem_kib = take(&p, end) >> 10;
	m.avail_known = take(&p, end) & 1;
	memset(&pr, 0, sizeof pr);
	pr.stall = (int)(take(&p, end) % 10002) - 1;
	pr.activations = (int64_t)(take(&p, end) >> 1) - 1;
	pr.fall = (int64_t)(take(&p, end) >> 1) - 1;
	/* every field of a reading, the bools 0 or 1 as monitor.c sets them */
	pr.fall_peak = (int64_t)(take(&p, end) >> 1) - 1;
	pr.lag_ms = take(&p, end) % 600000;
	pr.sus_stall = (int)(take(&p, end) % 10002) - 1;
	pr.sus_act = (int64_t)(take(&p, end) >> 1) - 1;
	pr.psi_off = take(&p, end) & 1;
	pr.fall_free = take(&p, end) & 1;

	policy_levels(&c, &m, &l);
	(void)policy_need_avail(&l, &m, take(&p, end) >> 20);
	(void)policy_free_short(&l, &m);
	v = policy_decide(&c, &l, &m, &pr);
	ms = policy_sleep_ms(&c, &l, &m, &pr);
	if (v.action > ACT_KILL || (v.action == ACT_NONE) != (v.reason == WHY_NONE))
		abort();
	if (ms > c.max_sleep_ms || (ms < c.min_sleep_ms && ms < POLICY_FAST_MS))
		abort();
	return 0;
}
