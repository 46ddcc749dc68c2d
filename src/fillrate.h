/* fillrate.h - how fast this machine can fill memory, measured once at
 * start-up, so that the pause between readings fits the hardware: a
 * router faults pages in at a tenth of a desktop's pace, and a fixed
 * worst case would wake it ten times a second for nothing.
 *
 * The measurement touches one byte per page of fresh anonymous memory,
 * the fastest any program can claim memory, and keeps the best of a few
 * trials (the one least disturbed).  Where transparent huge pages are on,
 * a 2 MiB huge page fault is timed too and the faster rate wins. */
#ifndef BUSTD_FILLRATE_H
#define BUSTD_FILLRATE_H

#include <stdint.h>

/* A measurement is never taken for less than this: a start-up crowded
 * by other work could time the machine slower than it is. */
#define FILLRATE_FLOOR_MIBS 256
/* Nor for more than the fixed default (config.c), earlyoom's kind of
 * desktop figure: the measurement only lengthens pauses on hardware
 * slower than that, the boards and routers bustd is built for.  On a
 * desktop with huge pages a hog can fill faster still (20 GiB/s was
 * measured here), faster than any polling daemon reads. */
#define FILLRATE_CEILING_MIBS 4000
/* CPUs counted as filling memory at once: past a few, the memory bus,
 * not the number of cores, bounds how fast pages can be cleared. */
#define FILLRATE_MAX_CPUS 4

/* pure, for tests */
unsigned cpulist_count(const char *text, long len); /* "0-3,6\n" -> 5 */
/* bytes faulted in best_ns by one CPU, times cpus (0: unknown, counted as
 * FILLRATE_MAX_CPUS) -> MiB/s; 0 when nothing was measured. */
unsigned fillrate_from(uint64_t bytes, uint64_t best_ns, unsigned cpus);

/* MiB/s (which is about KiB/ms), or 0 when no memory could be mapped to
 * measure with; sys_fd is an open /sys, or -1. */
unsigned fillrate_measure(int sys_fd);

#endif
