/* kill.h - signalling a chosen victim.  The escalation over time (SIGTERM,
 * grace, SIGKILL, give up) lives in main.c's loop so that monitoring never
 * stops while a victim dies; this file owns the individual steps. */
#ifndef BUSTD_KILL_H
#define BUSTD_KILL_H

#include <stdbool.h>

#include "procscan.h"

/* Sends sig to the victim, and with group to its whole process group:
 * through its pidfd when there is one, so a reused PID is never hit;
 * without one by PID, and only while /proc shows the PID still names the
 * victim, alive (same start time, not a zombie).  Returns 0 or -errno;
 * -ESRCH means it is already gone. */
int kill_send(const struct victim *v, int sig, bool group);

/* earlyoom's --kernel-oom: 'f' to /proc/sysrq-trigger, so the kernel's
 * OOM killer kills the process it chooses (even with kernel.sysrq 0: the
 * sysctl governs the keyboard).  Returns 0 or -errno. */
int kill_kernel_oom(void);

/* After a signal: have the kernel reap the victim's memory now rather
 * than when its exit completes, if it is exiting (Linux 5.15+; a no-op
 * before, and for a process that handles the signal). */
void kill_reap(const struct victim *v);

/* true once the victim has exited: its pidfd polls readable; without
 * one, its PID is gone, a zombie's or another process's. */
bool kill_exited(const struct victim *v);

#endif
