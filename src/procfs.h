/* procfs.h - reading small /proc files into one shared scratch buffer.
 *
 * Every /proc text bustd reads (meminfo, vmstat, pressure, a candidate's
 * status) is parsed into fields before the next read starts, so one buffer
 * serves them all: one locked page instead of four. */
#ifndef BUSTD_PROCFS_H
#define BUSTD_PROCFS_H

#include <stddef.h>

/* Large enough for every field bustd parses: meminfo's SReclaimable sits
 * ~700 bytes in, vmstat's working-set counters ~750 (with NUMA counters),
 * status's VmRSS ~300 (past 1.5 KiB only behind a Groups line of some 150
 * groups: such a process is then taken at its word, see procscan.c); the
 * pressure file is ~140 bytes whole.  A line the buffer cuts is never
 * trusted by the parsers.  Not 2 KiB: with it, data and bss took a third
 * page. */
#define PROC_SCRATCH 1536

extern char proc_scratch[PROC_SCRATCH];

/* pread from offset 0 of an open file into proc_scratch; returns the
 * length (the text is NUL-terminated) or -errno. */
long proc_pread(int fd);

/* openat(dirfd, path) + read + close into proc_scratch, likewise.
 * -ENOENT and -ESRCH mean a process directory has gone. */
long proc_read_at(int dirfd, const char *path);

#endif
