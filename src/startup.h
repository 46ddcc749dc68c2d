/* startup.h - marks code that runs only before the loop (parsing,
 * compiling patterns, measuring, checks, --once, --help).  GCC places
 * cold functions in .text.unlikely, which the linker groups apart from
 * the loop's code; start-up pages are dropped before mlockall (main.c,
 * lock_memory) and never faulted back, so the loop's resident code is
 * a few contiguous pages instead of every page of the image. */
#ifndef BUSTD_STARTUP_H
#define BUSTD_STARTUP_H

#define STARTUP __attribute__((cold))

/* Constant data only start-up reads (the help text): placed with the
 * cold code, ahead of the loop, instead of in .rodata, which follows the
 * loop's code and would keep its pages resident.  One section per object
 * (NAME), as -fdata-sections would give.  Only data without pointers: a
 * PIE build (the unit tests) relocates those, which code cannot be. */
#define STARTUP_DATA(name) \
	__attribute__((section(".text.unlikely.data." #name)))

#endif
