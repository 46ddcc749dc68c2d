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

/* A wanted "key: value" line of a /proc file: the key, its length, and
 * which of the reader's counters its value adds to. */
struct key {
	const char *name;
	unsigned char len, slot;
};
#define KEY(name, slot) { name, sizeof(name) - 1, slot }

/* Adds each wanted line's value to v[its slot]; returns a bit per key
 * found, and stops reading once every key is.  This runs on every
 * wake-up of a machine full of page cache (MemAvailable paces it), so a
 * line costs a length compare per key until one matches, and only a
 * wanted line's number is parsed: 10,400 instructions a /proc/meminfo
 * where strlen per key and every line's number took 57,000 (callgrind). */
static unsigned add_keys(const char *text, long len, const struct key *keys,
			 unsigned n, uint64_t *v)
{
	const char *p = text, *end = text + len;
	unsigned found = 0, all = (1u << n) - 1, i;

	while (p < end && found != all) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *q;
		uint64_t x;

		if (!nl)
			break; /* a line cut by the buffer's end is not trusted */
		for (q = p; q < nl && *q != ':' && *q != ' '; q++)
			;
		for (i = 0; i < n; i++) {
			if (keys[i].len != q - p ||
			    memcmp(p, keys[i].name, keys[i].len) != 0)
				continue;
			if (q < nl && *q == ':')
				q++;
			while (q < nl && *q == ' ')
				q++;
			if (q < nl && scan_u64(q, &x)) {
				v[keys[i].slot] += x;
				found |= 1u << i;
			}
			break;
		}
		p = nl + 1;
	}
	return found;
}

/* in the order the kernel writes them; a key's bit in what add_keys
 * returns is its slot */
enum { MI_TOTAL, MI_FREE, MI_AVAIL, MI_ACTIVE_FILE, MI_INACTIVE_FILE,
       MI_SWAP_TOTAL, MI_SWAP_FREE, MI_ANON, MI_SHMEM, MI_SRECLAIMABLE,
       MI_N };

static const struct key meminfo_keys[MI_N] = {
	KEY("MemTotal", MI_TOTAL),
	KEY("MemFree", MI_FREE),
	KEY("MemAvailable", MI_AVAIL),
	KEY("Active(file)", MI_ACTIVE_FILE),
	KEY("Inactive(file)", MI_INACTIVE_FILE),
	KEY("SwapTotal", MI_SWAP_TOTAL),
	KEY("SwapFree", MI_SWAP_FREE),
	KEY("AnonPages", MI_ANON),
	KEY("Shmem", MI_SHMEM),
	KEY("SReclaimable", MI_SRECLAIMABLE),
};

void meminfo_parse(const char *text, long len, struct meminfo_fields *f)
{
	uint64_t v[MI_N] = { 0 };
	unsigned found = add_keys(text, len, meminfo_keys, MI_N, v);

	f->total = v[MI_TOTAL];
	f->free = v[MI_FREE];
	f->avail = v[MI_AVAIL];
	f->has_avail = found >> MI_AVAIL & 1;
	f->active_file = v[MI_ACTIVE_FILE];
	f->inactive_file = v[MI_INACTIVE_FILE];
	f->shmem = v[MI_SHMEM];
	f->anon = v[MI_ANON];
	f->sreclaimable = v[MI_SRECLAIMABLE];
	f->swap_total = v[MI_SWAP_TOTAL];
	f->swap_free = v[MI_SWAP_FREE];
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

/* all summed into one counter */
static const struct key vmstat_keys[] = {
	/* classic LRU: refaults close enough to be re-activated */
	KEY("workingset_activate_file", 0), KEY("workingset_activate_anon", 0),
	/* MGLRU (6.1+) counts a hot page refaulted as "restore" */
	KEY("workingset_restore_file", 0), KEY("workingset_restore_anon", 0),
	/* before Linux 5.9 split them into _anon and _file */
	KEY("workingset_activate", 0), KEY("workingset_restore", 0),
};

void vmstat_parse(const char *text, long len, struct vmstat_fields *f)
{
	f->activate = 0;
	f->found = add_keys(text, len, vmstat_keys,
			    sizeof vmstat_keys / sizeof vmstat_keys[0],
			    &f->activate) != 0;
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
