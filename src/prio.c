/* prio.c - see prio.h
 *
 * Measured in a 1-vCPU TCG guest whose RAM is full of page cache, with a
 * CPU-bound spinner, a swept working set and a full-speed hog
 * (test-vm/workloads/lateprobe.c, three probes side by side through 8
 * races): wake-ups came equally late at nice 0, nice -20 and SCHED_FIFO
 * (mean 4.6 / 4.6 / 4.3 ms, > 20 ms late 2.0 / 1.8 / 1.6 %); the guest's
 * timer, not the run queue, sets that.  What the class changes is how long
 * a scan takes beside the spinner: the pin scan's scan_ms was 4-93 ms
 * (median 28, 18 races) at nice 0, 3-21 (median 8, 12) at nice -20, 2-7
 * (median 3.5, 6) at SCHED_FIFO.
 * nice -20 takes most of that for two system calls; SCHED_FIFO would take
 * the rest at the price of a real-time task that a long scan (10,000
 * processes) could hold the CPU with, and a guard for it. */
#include "prio.h"

#include "log.h"
#include "startup.h"
#include "sys.h"

/* <sched.h>'s, which musl shows only with _GNU_SOURCE */
#define POLICY_OTHER 0
#define POLICY_RESET_ON_FORK 0x40000000
#define NICE_MIN (-20)

STARTUP void prio_raise(void)
{
	int param = 0; /* struct sched_param: sched_priority, 0 for OTHER */
	long rc = sys_sched_setscheduler(
		0, POLICY_OTHER | POLICY_RESET_ON_FORK, &param);

	if (rc == 0)
		rc = sys_setpriority(NICE_MIN);
	if (rc < 0)
		log_str(LV_WARN, "warning: cannot raise the scheduling priority "
				 "(no CAP_SYS_NICE?); a busy CPU may slow "
				 "bustd's scans (--no-priority silences this)",
			NULL, NULL);
}
