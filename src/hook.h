/* hook.h - -N CMD (after each kill) and -P CMD (before it): run a
 * command, never waiting for it. */
#ifndef BUSTD_HOOK_H
#define BUSTD_HOOK_H

#include "procscan.h"

/* Reads bustd's own oom_score_adj for the hooks to start with; main calls
 * it before setting -1000.  Without it (or when it cannot be read) hooks
 * start at 0. */
void hook_save_adj(void);

/* Starts "/bin/sh -c cmd" with BUSTD_PID, BUSTD_NAME, BUSTD_UID and
 * BUSTD_RSS_KIB set (and EARLYOOM_PID, EARLYOOM_NAME, EARLYOOM_UID, the
 * same values under earlyoom's names), at bustd's starting oom_score_adj, with SIGPIPE and
 * SIGHUP at their defaults and no signal blocked; monitor.c reaps it on a
 * later wake-up.  BUSTD_NAME is the victim's name as the log escapes it,
 * and exactly that: it may begin with '-', so a hook passes it after
 * "--".  Returns 0, or -1 when it cannot fork. */
int hook_run(const char *cmd, const struct victim *v);

#endif
