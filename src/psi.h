/* psi.h - Pressure Stall Information for memory (/proc/pressure/memory).
 *
 * Two uses: the cumulative stall counter measures how much of the recent
 * past tasks spent waiting for memory (not just the kernel's 10 s average,
 * which lags), and a trigger armed on the file makes poll() return POLLPRI
 * as soon as stall crosses a level, waking the daemon early. */
#ifndef BUSTD_PSI_H
#define BUSTD_PSI_H

#include <stdbool.h>
#include <stdint.h>

#include "fmt.h"

struct psi_line {
	uint64_t avg10;    /* hundredths of a percent */
	uint64_t total_us; /* cumulative stall time */
	bool present;
};

struct psi_fields {
	struct psi_line some, full;
};

/* Stall is measured between two anchors at least PSI_WINDOW_US apart, so
 * one short hiccup cannot read as 100% thrashing. */
#define PSI_WINDOW_US 1000000ull

struct psi_window {
	uint64_t t0, v0, t1, v1; /* older and newer anchor: time, total */
	bool primed;
};

/* pure */
void psi_parse(const char *text, long len, struct psi_fields *f);
/* Stall share of time since the older anchor, in hundredths of a percent,
 * or -1 while less than PSI_WINDOW_US of history exists. */
int psi_window_stall(struct psi_window *w, uint64_t now_us, uint64_t total_us);

struct psi_src {
	int read_fd;    /* -1: no PSI; thresholds alone decide */
	int trigger_fd; /* -1: no trigger; otherwise poll it for POLLPRI */
	struct psi_window win;
	bool fired;           /* the trigger woke the loop; monitor clears it */
	uint64_t fired_ms;    /* when it last did */
};

/* Probes PSI: opens, reads and arms the trigger.  Never fatal: on failure
 * why says what is missing and the source degrades (read_fd or trigger_fd
 * -1).  Returns 0 when everything works. */
int psi_open(struct psi_src *s, int proc_fd, struct buf *why);

/* Reads the file; fills f and returns the windowed "some" stall as
 * psi_window_stall does, or -1 when unknown. */
int psi_read(struct psi_src *s, uint64_t now_us, struct psi_fields *f);

/* Drops the trigger after poll reported an error on it. */
void psi_drop_trigger(struct psi_src *s);

#endif
