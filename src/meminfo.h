/* meminfo.h - memory readings.  sysinfo(2) is the fast path on every
 * wake-up; /proc/meminfo's MemAvailable is read only when sysinfo says a
 * threshold may be near, because sysinfo's free RAM does not count the page
 * cache that the kernel can reclaim.  /proc/vmstat's working-set counters
 * are read only while thrashing is suspected. */
#ifndef BUSTD_MEMINFO_H
#define BUSTD_MEMINFO_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/sysinfo.h>

struct mem {
	uint64_t total_kib, free_kib;   /* sysinfo: RAM, RAM nobody uses */
	uint64_t swap_total_kib, swap_free_kib;
	uint64_t avail_kib;             /* MemAvailable, valid if avail_known */
	uint64_t shmem_kib;             /* Shmem (tmpfs, shared memory), likewise */
	/* AnonPages (what processes hold, and a kill frees) and the file
	 * LRU (Active(file) + Inactive(file)), likewise */
	uint64_t anon_kib, file_kib;
	unsigned tasks;                 /* sysinfo: threads running, all told */
	bool avail_known;
};

/* MemAvailable when it was read this round, else sysinfo's free RAM,
 * which policy only relies on far above the levels (policy_need_avail). */
static inline uint64_t mem_avail(const struct mem *m)
{
	return m->avail_known ? m->avail_kib : m->free_kib;
}

/* The meminfo fields we use; absent fields stay 0 with their bit clear. */
struct meminfo_fields {
	uint64_t total, free, avail, active_file, inactive_file, sreclaimable;
	uint64_t shmem, anon;
	uint64_t swap_total, swap_free;
	bool has_avail;
};

/* Working-set refaults that were re-activated or restored: pages evicted
 * and needed again soon, the signature of thrashing as opposed to
 * streaming I/O. */
struct vmstat_fields {
	uint64_t activate; /* workingset_{activate,restore}_{file,anon} summed */
	bool found;
};

/* pure parsers, for tests and fuzzing */
void mem_from_sysinfo(const struct sysinfo *si, struct mem *m);
void meminfo_parse(const char *text, long len, struct meminfo_fields *f);
void vmstat_parse(const char *text, long len, struct vmstat_fields *f);
uint64_t meminfo_available(const struct meminfo_fields *f);

/* I/O: files are opened once relative to a /proc directory fd (tests pass
 * a fixture tree) and re-read with pread. */
struct meminfo_src {
	int meminfo_fd, vmstat_fd;
	bool warned_estimate;
};
int meminfo_open(struct meminfo_src *s, int proc_fd);
int mem_read_fast(struct mem *m);                       /* sysinfo */
int mem_read_avail(struct meminfo_src *s, struct mem *m); /* + meminfo */
int mem_read_vmstat(struct meminfo_src *s, struct vmstat_fields *f);

#endif
