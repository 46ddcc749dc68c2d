/* startup.h - marks code that runs only before the loop (parsing,
 * compiling patterns, measuring, checks, --once, --help).  GCC places
 * cold functions in .text.unlikely, which the linker groups apart from
 * the loop's code; start-up pages are dropped before mlockall (main.c,
 * lock_memory) and never faulted back, so the loop's resident code is
 * a few contiguous pages instead of every page of the image. */
#ifndef BUSTD_STARTUP_H
#define BUSTD_STARTUP_H

#define STARTUP __attribute__((cold))

#endif
