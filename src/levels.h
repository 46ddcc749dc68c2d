/* levels.h - the default memory levels, from the kernel's own figures.
 *
 * A percentage of RAM fails on a small machine: a 128 MiB guest's kernel
 * gave up (OOM killer) with MemAvailable still at 7.8-8.9 MiB of 80 MiB,
 * a 64 MiB armv7 board's at 5-7 MiB of 45 MiB, while the old KILL level
 * was 5 % (4 and 2.3 MiB).  MemAvailable counts reclaimable slab (dentries,
 * inodes) minus at most the low watermarks as available, and reclaim could
 * not take it back: at the OOM the slab was the same size as at boot,
 * while every file page had been reclaimed.  So the give-up point is that
 * counted slab plus the kernel's reserve (high watermarks and lowmem
 * protection), read from /proc/zoneinfo once at start:
 *
 *   KILL = max(5 % of RAM, counted slab + reserve)   (at most 25 % of RAM)
 *   TERM = max(10 % of RAM, 2 x KILL)
 *
 * The slab counted is bounded by 64 x sqrt(RAM in KiB) KiB (0.8 % of 64
 * GiB), so a server started with a big dentry cache keeps 10 %/5 %.
 * Not counted, but reported: the watermark boost, one pageblock a
 * fragmentation event, which the kernel adds to min until kswapd has
 * reclaimed it (README: on a board whose pageblock is a sixth of RAM it
 * put the kernel's OOM above TERM; counted there, TERM was 47 % of RAM,
 * under the board's own load, so its packages turn the boost off).
 * Pure apart from levels_read, so the rule is a unit-test table. */
#ifndef BUSTD_LEVELS_H
#define BUSTD_LEVELS_H

#include <stdbool.h>
#include <stdint.h>

#include "fmt.h"

#define ZONEINFO_LINE 96 /* longer lines (pagesets, protection) are cut */

/* Running sums over /proc/zoneinfo, in pages.  Fed in pieces. */
struct zoneinfo {
	uint64_t managed, low, reserve, slab;
	/* set before feeding: pages per pageblock (/proc/pagetypeinfo) and
	 * vm.watermark_boost_factor, 0 when unknown; then the boost one
	 * fragmentation event adds to a zone the kernel would boost, in
	 * pages: a pageblock, where 4 of them fit in the zone */
	uint64_t pageblock, boost_factor, boost;
	/* the zone being read: its boost, which zoneinfo adds to each
	 * watermark it prints (a transient), high, managed, protection */
	uint64_t z_boost, z_low, z_high, z_managed, z_prot;
	bool in_zone;
	unsigned zones;
	unsigned len;
	char line[ZONEINFO_LINE];
};

struct derived {
	bool ok;                 /* from zoneinfo (else 10 %/5 % of RAM) */
	uint64_t term_kib, kill_kib;
	uint64_t slab_kib;       /* reclaimable slab as MemAvailable counts it */
	uint64_t reserve_kib;    /* high watermarks + lowmem protection */
	uint64_t boost_kib;      /* a watermark boost (not counted), 0: none */
};

void zoneinfo_init(struct zoneinfo *z);
void zoneinfo_feed(struct zoneinfo *z, const char *p, unsigned long n);
void zoneinfo_end(struct zoneinfo *z);

/* The defaults for a machine of total_kib (MemTotal) from what was fed;
 * zoneinfo counts pages of page_kib. */
void levels_derive(const struct zoneinfo *z, uint64_t total_kib,
		   uint64_t page_kib, struct derived *d);

/* Reads proc_fd's zoneinfo through a fixed buffer (and, before it, the
 * pageblock size and the boost factor) and derives; d->ok false
 * when it cannot be read (the levels are then 10 %/5 % of total_kib). */
void levels_read(int proc_fd, uint64_t total_kib, uint64_t page_kib,
		 struct derived *d);

/* Whether the kernel, its watermarks boosted, gives up above TERM. */
bool levels_boost_over_term(const struct derived *d);

/* "levels from: ..." for --once: where the levels came from. */
void levels_note(struct buf *b, const struct derived *d, uint64_t total_kib);

#endif
