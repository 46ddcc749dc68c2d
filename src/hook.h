/* hook.h - -N CMD: run a command after each kill, never waiting for it. */
#ifndef BUSTD_HOOK_H
#define BUSTD_HOOK_H

#include "procscan.h"

/* Starts "/bin/sh -c cmd" with BUSTD_PID, BUSTD_NAME, BUSTD_UID and
 * BUSTD_RSS_KIB set; main.c reaps it on a later wake-up.
 * Returns 0 or -errno. */
int hook_run(const char *cmd, const struct victim *v);

#endif
