/* fillrate.c - see fillrate.h */
#include "fillrate.h"

#include <stdbool.h>
#include <string.h>

#include "fmt.h"
#include "procfs.h"
#include "sys.h"
#include "startup.h"

#define PAGE 4096u
#define SMALL_BYTES (256u << 10) /* 64 page faults a trial */
#define HUGE_BYTES (2u << 20)
#define TRIALS 4

STARTUP unsigned cpulist_count(const char *text, long len)
{
	const char *p = text, *end = text + len;
	unsigned n = 0;

	while (p < end && *p >= '0' && *p <= '9') {
		uint64_t lo, hi;

		p = scan_u64(p, &lo);
		hi = lo;
		if (p && p < end && *p == '-' && !(p = scan_u64(p + 1, &hi)))
			return 0;
		if (!p || hi < lo || hi - lo > 65535)
			return 0;
		n += (unsigned)(hi - lo + 1);
		if (p < end && *p == ',')
			p++;
	}
	return n;
}

STARTUP unsigned fillrate_from(uint64_t bytes, uint64_t best_ns, unsigned cpus)
{
	uint64_t mibs;

	if (cpus == 0 || cpus > FILLRATE_MAX_CPUS)
		cpus = FILLRATE_MAX_CPUS;
	if (best_ns == 0)
		return 0;
	mibs = bytes * 1000000000ull / best_ns / (1u << 20) * cpus;
	if (mibs < FILLRATE_FLOOR_MIBS)
		mibs = FILLRATE_FLOOR_MIBS;
	return mibs > FILLRATE_CEILING_MIBS ? FILLRATE_CEILING_MIBS
					    : (unsigned)mibs;
}

/* Nanoseconds to fault in len bytes of fresh memory (aligned to align,
 * when not 0), one written byte a page; 0 if no memory could be had. */
static uint64_t time_faults(size_t len, size_t align, bool huge)
{
	size_t map = len + align;
	uintptr_t p = sys_mmap_anon(map), q;
	uint64_t t0, t1;

	if (p > (uintptr_t)-4096)
		return 0;
	q = align ? (p + align - 1) & ~(uintptr_t)(align - 1) : p;
	sys_madvise(q, len, huge ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
	t0 = sys_now_ns();
	for (size_t i = 0; i < len; i += PAGE)
		*(volatile char *)(q + i) = 1;
	t1 = sys_now_ns();
	sys_munmap(p, map);
	return t1 > t0 ? t1 - t0 : 1;
}

static uint64_t best_of(size_t len, size_t align, bool huge, int trials)
{
	uint64_t best = 0;

	for (int i = 0; i < trials; i++) {
		uint64_t ns = time_faults(len, align, huge);
		if (ns && (!best || ns < best))
			best = ns;
	}
	return best;
}

/* Huge pages may back a program's memory unless THP is off ("[never]")
 * or absent from this kernel. */
STARTUP static bool thp_possible(int sys_fd)
{
	long n = sys_fd < 0 ? -1
			    : proc_read_at(sys_fd, "kernel/mm/transparent_"
						   "hugepage/enabled");

	/* "always madvise [never]": the bracket marks the mode in force */
	const char *p = n > 0 ? memchr(proc_scratch, '[', (size_t)n) : NULL;

	return p && memcmp(p, "[never]", 7) != 0;
}

STARTUP static unsigned online_cpus(int sys_fd)
{
	long n = sys_fd < 0 ? -1
			    : proc_read_at(sys_fd, "devices/system/cpu/online");

	return n > 0 ? cpulist_count(proc_scratch, n) : 0;
}

STARTUP unsigned fillrate_measure(int sys_fd)
{
	unsigned cpus = online_cpus(sys_fd);
	uint64_t ns = best_of(SMALL_BYTES, 0, false, TRIALS);
	unsigned rate = fillrate_from(SMALL_BYTES, ns, cpus);

	if (rate && thp_possible(sys_fd)) {
		unsigned huge;

		ns = best_of(HUGE_BYTES, HUGE_BYTES, true, 2);
		huge = fillrate_from(HUGE_BYTES, ns, cpus);
		if (huge > rate)
			rate = huge;
	}
	return rate;
}
