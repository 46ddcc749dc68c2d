/* meminfo.c - see meminfo.h */
#include "meminfo.h"

#include <string.h>

#include "fmt.h"
#include "log.h"
#include "procfs.h"
#include "sys.h"
#include "startup.h"

void mem_from_sysinfo(const struct sysinfo *si, struct mem *m)
{
	/* Sizes are in mem_unit bytes: 1 on 64-bit, but a 32-bit kernel
	 * switches to pages once RAM + swap reach 4 GiB. */
	uint64_t unit = si->mem_unit ? si->mem_unit : 1;

	m->total_kib = (uint64_t)si->totalram * unit / 1024;
	m->free_kib = (uint64_t)si->freeram * unit / 1024;
	m->swap_total_kib = (uint64_t)si->totalswap * unit / 1024;
	m->swap_free_kib = (uint64_t)si->freeswap * unit / 1024;
	m->tasks = si->procs;
	/* never more free than there is: qemu-user passes a 64-bit host's
	 * sizes to a 32-bit program cut to 32 bits each (24 GiB read as
	 * 3.5 GiB in all, and free RAM above it); the levels' arithmetic
	 * must not see free > total from anything */
	if (m->free_kib > m->total_kib)
		m->free_kib = m->total_kib;
	if (m->swap_free_kib > m->swap_total_kib)
		m->swap_free_kib = m->swap_total_kib;
	m->avail_known = false;
}

/* Calls fn for each "key value" line of text: key without its colon. */
static void each_pair(const char *text, long len,
		      void (*fn)(void *ctx, const char *key, size_t klen,
				 uint64_t v),
		      void *ctx)
{
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *k = p, *q;
		uint64_t v;

		if (!nl)
			break; /* a line cut by the buffer's end is not trusted */
		for (q = k; q < nl && *q != ':' && *q != ' '; q++)
			;
		size_t klen = (size_t)(q - k);
		if (q < nl && *q == ':')
			q++;
		while (q < nl && *q == ' ')
			q++;
		if (q < nl && scan_u64(q, &v))
			fn(ctx, k, klen, v);
		p = nl + 1;
	}
}

static bool key_is(const char *k, size_t n, const char *want)
{
	return strlen(want) == n && !memcmp(k, want, n);
}

static void meminfo_field(void *ctx, const char *k, size_t n, uint64_t v)
{
	struct meminfo_fields *f = ctx;

	if (key_is(k, n, "MemTotal"))
		f->total = v;
	else if (key_is(k, n, "MemFree"))
		f->free = v;
	else if (key_is(k, n, "MemAvailable"))
		f->avail = v, f->has_avail = true;
	else if (key_is(k, n, "Active(file)"))
		f->active_file = v;
	else if (key_is(k, n, "Inactive(file)"))
		f->inactive_file = v;
	else if (key_is(k, n, "Shmem"))
		f->shmem = v;
	else if (key_is(k, n, "AnonPages"))
		f->anon = v;
	else if (key_is(k, n, "SReclaimable"))
		f->sreclaimable = v;
	else if (key_is(k, n, "SwapTotal"))
		f->swap_total = v;
	else if (key_is(k, n, "SwapFree"))
		f->swap_free = v;
}

void meminfo_parse(const char *text, long len, struct meminfo_fields *f)
{
	memset(f, 0, sizeof *f);
	each_pair(text, len, meminfo_field, f);
}

uint64_t meminfo_available(const struct meminfo_fields *f)
{
	/* Before Linux 3.14 there is no MemAvailable: count free memory, the
	 * file LRU and reclaimable slab, as the kernel's own estimate does
	 * before it subtracts the watermarks we cannot see from here. */
	if (f->has_avail)
		return f->avail;
	return f->free + f->active_file + f->inactive_file + f->sreclaimable;
}

static void vmstat_field(void *ctx, const char *k, size_t n, uint64_t v)
{
	static const char *const keys[] = {
		/* classic LRU: refaults close enough to be re-activated */
		"workingset_activate_file", "workingset_activate_anon",
		/* MGLRU (6.1+) counts a hot page refaulted as "restore" */
		"workingset_restore_file", "workingset_restore_anon",
		/* before Linux 5.9 split them into _anon and _file */
		"workingset_activate", "workingset_restore",
	};
	struct vmstat_fields *f = ctx;

	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		if (key_is(k, n, keys[i])) {
			f->activate += v;
			f->found = true;
		}
	}
}

void vmstat_parse(const char *text, long len, struct vmstat_fields *f)
{
	memset(f, 0, sizeof *f);
	each_pair(text, len, vmstat_field, f);
}

STARTUP int meminfo_open(struct meminfo_src *s, int proc_fd)
{
	s->warned_estimate = false;
	s->meminfo_fd = sys_openat(proc_fd, "meminfo", O_RDONLY);
	/* vmstat is optional: without it, pressure alone must carry the
	 * thrashing rule */
	s->vmstat_fd = sys_openat(proc_fd, "vmstat", O_RDONLY);
	return s->meminfo_fd < 0 ? s->meminfo_fd : 0;
}

int mem_read_fast(struct mem *m)
{
	struct sysinfo si = { 0 }; /* filled by the kernel, not the compiler's view */
	long rc = sys_sysinfo(&si);

	if (rc < 0)
		return (int)rc;
	mem_from_sysinfo(&si, m);
	return 0;
}

int mem_read_avail(struct meminfo_src *s, struct mem *m)
{
	struct meminfo_fields f;
	long n = proc_pread(s->meminfo_fd);

	if (n <= 0)
		return n < 0 ? (int)n : -EIO;
	meminfo_parse(proc_scratch, n, &f);
	if (!f.total)
		return -EIO;
	if (!f.has_avail && !s->warned_estimate) {
		s->warned_estimate = true;
		log_str(LV_WARN, "warning: /proc/meminfo has no MemAvailable "
				 "(kernel before 3.14): estimating it", NULL,
			NULL);
	}
	m->avail_kib = meminfo_available(&f);
	m->shmem_kib = f.shmem;
	m->anon_kib = f.anon;
	m->file_kib = f.active_file + f.inactive_file;
	m->avail_known = true;
	return 0;
}

int mem_read_vmstat(struct meminfo_src *s, struct vmstat_fields *f)
{
	long n;

	if (s->vmstat_fd < 0)
		return -ENOENT;
	n = proc_pread(s->vmstat_fd);
	if (n < 0)
		return (int)n;
	vmstat_parse(proc_scratch, n, f);
	return f->found ? 0 : -ENOENT;
}
