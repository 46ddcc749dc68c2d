/* levels.c - see levels.h */
#include "levels.h"

#include <fcntl.h>
#include <string.h>

#include "procfs.h"
#include "startup.h"
#include "sys.h"

STARTUP void zoneinfo_init(struct zoneinfo *z)
{
	memset(z, 0, sizeof *z);
}

/* What MemAvailable subtracts for a zone (the kernel's
 * calculate_totalreserve_pages): its high watermark plus its largest
 * lowmem protection, at most the zone's own pages.  Watermarks without
 * the boost, which kswapd soon reclaims away. */
STARTUP static void zone_close(struct zoneinfo *z)
{
	uint64_t high, low, r;

	if (!z->in_zone)
		return;
	high = z->z_high > z->z_boost ? z->z_high - z->z_boost : 0;
	low = z->z_low > z->z_boost ? z->z_low - z->z_boost : 0;
	r = high + z->z_prot;
	z->reserve += r < z->z_managed ? r : z->z_managed;
	/* the kernel's boost_watermark: not in a zone under 4 pageblocks,
	 * nor before its high watermark is set */
	if (z->boost_factor && high * z->boost_factor / 10000 &&
	    4 * z->pageblock <= z->z_managed && z->pageblock > z->boost)
		z->boost = z->pageblock;
	z->low += low;
	z->managed += z->z_managed;
	z->zones++;
	z->z_boost = z->z_low = z->z_high = z->z_managed = z->z_prot = 0;
	z->in_zone = false;
}

STARTUP static const char *skip_blank(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* s starts with word followed by a blank */
STARTUP static const char *key(const char *s, const char *word)
{
	size_t n = strlen(word);

	if (strncmp(s, word, n) != 0 || (s[n] != ' ' && s[n] != '\t'))
		return NULL;
	return skip_blank(s + n);
}

STARTUP static void value(const char *s, uint64_t *out)
{
	uint64_t v;

	if (s && scan_u64(s, &v))
		*out = v;
}

/* "protection: (0, 55, 55, 55, 55)": the largest */
STARTUP static void protection(struct zoneinfo *z, const char *s)
{
	uint64_t v;

	while (*s && *s != ')') {
		const char *e = scan_u64(s, &v);
		if (e) {
			if (v > z->z_prot)
				z->z_prot = v;
			s = e;
		} else {
			s++;
		}
	}
}

STARTUP static void zoneinfo_line(struct zoneinfo *z, char *s)
{
	const char *v;
	uint64_t slab = 0;

	if (strncmp(s, "Node ", 5) == 0) {
		zone_close(z);
		z->in_zone = true;
		return;
	}
	s = (char *)skip_blank(s);
	/* a node's statistics sit in its first zone: summed once a node */
	if ((v = key(s, "nr_slab_reclaimable"))) {
		value(v, &slab);
		z->slab += slab;
	} else if ((v = key(s, "boost"))) {
		value(v, &z->z_boost);
	} else if ((v = key(s, "low"))) {
		value(v, &z->z_low);
	} else if ((v = key(s, "high"))) {
		value(v, &z->z_high); /* a pageset's "high:" has its colon */
	} else if ((v = key(s, "managed"))) {
		value(v, &z->z_managed);
	} else if (strncmp(s, "protection:", 11) == 0) {
		protection(z, s + 11);
	}
}

STARTUP void zoneinfo_feed(struct zoneinfo *z, const char *p, unsigned long n)
{
	for (unsigned long i = 0; i < n; i++) {
		if (p[i] == '\n') {
			z->line[z->len] = '\0';
			zoneinfo_line(z, z->line);
			z->len = 0;
		} else if (z->len < sizeof z->line - 1) {
			z->line[z->len++] = p[i];
		}
	}
}

STARTUP void zoneinfo_end(struct zoneinfo *z)
{
	if (z->len)
		zoneinfo_feed(z, "\n", 1);
	zone_close(z);
}

STARTUP static uint64_t isqrt(uint64_t v)
{
	uint64_t r = 0, bit = (uint64_t)1 << 62;

	while (bit > v)
		bit >>= 2;
	while (bit) {
		if (v >= r + bit) {
			v -= r + bit;
			r = (r >> 1) + bit;
		} else {
			r >>= 1;
		}
		bit >>= 2;
	}
	return r;
}

STARTUP void levels_derive(const struct zoneinfo *z, uint64_t total_kib,
			   uint64_t page, struct derived *d)
{
	uint64_t low, giveup, cap;

	memset(d, 0, sizeof d[0]);
	d->kill_kib = total_kib / 20;
	d->term_kib = total_kib / 10;
	if (!z->zones || !z->managed || !total_kib || !page)
		return;
	d->ok = true;
	d->reserve_kib = z->reserve * page;
	low = z->low * page;
	d->slab_kib = z->slab * page;
	/* MemAvailable's own rule: the slab minus at most half of it, at most
	 * the low watermarks */
	d->slab_kib -= d->slab_kib / 2 < low ? d->slab_kib / 2 : low;
	cap = 64 * isqrt(total_kib);
	if (d->slab_kib > cap)
		d->slab_kib = cap;
	giveup = d->slab_kib + d->reserve_kib;
	if (giveup > d->kill_kib)
		d->kill_kib = giveup;
	if (d->kill_kib > total_kib / 4)
		d->kill_kib = total_kib / 4;
	if (2 * d->kill_kib > d->term_kib)
		d->term_kib = 2 * d->kill_kib;
	d->boost_kib = z->boost * page;
}

STARTUP bool levels_boost_over_term(const struct derived *d)
{
	return d->ok && d->boost_kib &&
	       d->slab_kib + d->reserve_kib + d->boost_kib > d->term_kib;
}

/* The first number after label in proc_scratch, or 0 (file unreadable,
 * no such label: a kernel without the feature). */
STARTUP static uint64_t proc_number(int proc_fd, const char *path,
				    const char *label)
{
	uint64_t v = 0;
	size_t n = strlen(label);

	if (proc_read_at(proc_fd, path) <= 0)
		return 0;
	/* not strstr: musl's two-way search is 1.2 KiB of text */
	for (const char *s = proc_scratch; *s; s++)
		if (strncmp(s, label, n) == 0) {
			scan_u64(skip_blank(s + n), &v);
			break;
		}
	return v;
}

STARTUP void levels_read(int proc_fd, uint64_t total_kib, uint64_t page_kib,
			 struct derived *d)
{
	/* on start-up's stack, shallower than the reserve main.c locks, so
	 * within pages that stay resident anyway; in bss it took a page */
	struct zoneinfo z;
	int fd = sys_openat(proc_fd, "zoneinfo", O_RDONLY | O_CLOEXEC);

	zoneinfo_init(&z);
	/* both before zoneinfo: proc_scratch is shared */
	z.boost_factor = proc_number(proc_fd, "sys/vm/watermark_boost_factor",
				     "");
	z.pageblock = proc_number(proc_fd, "pagetypeinfo", "Pages per block:");
	if (fd >= 0) {
		long n;

		/* read in pieces through the shared scratch buffer: zoneinfo
		 * is 2-10 KiB, and z keeps only the line being cut */
		while ((n = sys_read(fd, proc_scratch,
				     sizeof proc_scratch)) > 0)
			zoneinfo_feed(&z, proc_scratch, (unsigned long)n);
		sys_close(fd);
		zoneinfo_end(&z);
	}
	levels_derive(&z, total_kib, page_kib, d);
}

STARTUP static void mib(struct buf *b, uint64_t kib)
{
	buf_centi(b, kib * 100 / 1024);
	buf_str(b, " MiB");
}

STARTUP void levels_note(struct buf *b, const struct derived *d,
			 uint64_t total_kib)
{
	buf_str(b, "levels from: ");
	if (!d->ok) {
		buf_str(b, "10 %/5 % of RAM (/proc/zoneinfo unreadable)\n");
		return;
	}
	buf_str(b, "/proc/zoneinfo: reclaimable slab counted ");
	mib(b, d->slab_kib);
	buf_str(b, " + reserve ");
	mib(b, d->reserve_kib);
	buf_str(b, " = ");
	mib(b, d->slab_kib + d->reserve_kib);
	buf_str(b, "; KILL max(5 % of ");
	mib(b, total_kib);
	buf_str(b, ", that) = ");
	mib(b, d->kill_kib);
	buf_str(b, ", TERM max(10 %, 2 x KILL) = ");
	mib(b, d->term_kib);
	if (d->boost_kib) {
		buf_str(b, "; a watermark boost adds ");
		mib(b, d->boost_kib);
		buf_str(b, " to where the kernel gives up, not counted");
		if (levels_boost_over_term(d))
			buf_str(b, ": above TERM (set vm.watermark_boost_factor "
				   "to 0)");
	}
	buf_str(b, "\n");
}
