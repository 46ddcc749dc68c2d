/* config.h - argv to one validated struct config.  Pure: no I/O, so the
 * table of bad inputs in tests/ needs neither root nor /proc. */
#ifndef BUSTD_CONFIG_H
#define BUSTD_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

#include "fmt.h"
#include "log.h"
#include "match.h"

#define HOOK_MAX 256 /* -N command line, terminator included */
/* bustd.* words taken from the kernel command line: every option once,
 * with room to spare */
#define CMDLINE_ARGS_MAX 32
/* /proc/cmdline: COMMAND_LINE_SIZE is 2048 on x86, 4096 at most elsewhere */
#define CMDLINE_MAX 4096

/* A TERM and a KILL level.  Percentages are kept in hundredths (-m 2.5
 * is 250) so no floating point is needed; sizes are in KiB. */
struct level {
	uint64_t term, kill;
	bool set; /* given on the command line (or a default) */
};

struct config {
	struct level mem_pct, swap_pct; /* -m, -s: centi-percent */
	struct level mem_kib, swap_kib; /* -M, -S: KiB */
	bool mem_given;                 /* -m or -M given: no derived levels */
	unsigned psi_pct;               /* -p: stall % that means thrashing; 0 = off */
	/* --sustained: the same over a longer horizon, at a lower level */
	unsigned sus_pct, sus_s;        /* 0 % = off */
	unsigned report_ms;             /* -r: status line period; 0 = off */
	unsigned grace_ms;              /* --grace: SIGTERM to SIGKILL */
	unsigned min_sleep_ms, max_sleep_ms;
	unsigned fill_rate;             /* --fill-rate: MiB/s memory can fill */
	bool fill_rate_measured;        /* no --fill-rate: main.c measures it */
	bool foreground, kill_group, verbose, dry_run, once;
	bool cmdline; /* --cmdline given */
	/* --adjust-oom-score[-force]: write the patterns into oom_score_adj
	 * (protect.c) */
	bool adjust_oom, adjust_force;
	/* earlyoom's: -p alone (nice -20), --ignore-root-user, --sort-by-rss,
	 * --kernel-oom (the kernel chooses, through /proc/sysrq-trigger) */
	bool priority, ignore_root, sort_rss, kernel_oom;
	bool no_priority; /* --no-priority: no nice -20 */
	enum log_sink sink;
	struct pattern prefer, avoid, ignore; /* compiled here, once */
	char hook[HOOK_MAX];
	char pre_hook[HOOK_MAX]; /* -P: run before the first signal */
	/* warnings about accepted options (earlyoom's -i, a KILL level above
	 * TERM clamped), lines for main.c to print */
	char notes[256];
	unsigned notes_len;
};

enum { CONFIG_RUN = 0, CONFIG_HELP = 1, CONFIG_VERSION = 2, CONFIG_BAD = -1 };

/* Fills c from argv.  On CONFIG_BAD, err holds one line naming the flag
 * and what was wrong with it. */
int config_parse(struct config *c, int argc, char **argv, struct buf *err);

/* The same, after options from the kernel command line's bustd.NAME=VALUE
 * words (kernel_cmdline is rewritten in place; argv wins on conflict). */
int config_parse_with(struct config *c, int argc, char **argv,
		      char *kernel_cmdline, struct buf *err);

/* -M and -S above what there is (a hundredth to spare, as in earlyoom)
 * would mean always short: refused once the totals are known.  With no
 * swap yet, -S is measured against RAM.  Returns 0, or -1 with err. */
int config_check_totals(const struct config *c, uint64_t mem_kib,
			uint64_t swap_kib, struct buf *err);

/* Whether argv asks for --cmdline, so main.c knows to read it first. */
bool config_wants_cmdline(int argc, char **argv);

extern const char config_usage[];

#endif
