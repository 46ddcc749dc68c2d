/* config.c - see config.h.  A hand-written parser, not getopt_long: musl's
 * getopt prints its own messages through stdio, which would link FILE and
 * its buffers into a binary that otherwise has none. */
#include "config.h"
#include "startup.h"

#include <string.h>

STARTUP_DATA(config_usage) const char config_usage[] =
	"usage: bustd [options]\n"
	"  -m PCT[,KILL_PCT]    available memory levels in %, under 100 (default: derived from\n"
	"                       /proc/zoneinfo, 10,5 from ~256 MiB of RAM up)\n"
	"  -s PCT[,KILL_PCT]    free swap levels in % (default 10,5)\n"
	"  -M KIB[,KILL_KIB]    available memory levels in KiB\n"
	"  -S KIB[,KILL_KIB]    free swap levels in KiB\n"
	"  -p, --psi PCT        memory stall % that means thrashing (default 25, 0 off)\n"
	"  -p                   with no number: earlyoom's -p, nice -20\n"
	"      --sustained PCT[,SECS]\n"
	"                       memory stall % over SECS seconds that means\n"
	"                       thrashing too (default 5,5, 0 off)\n"
	"  -g, --kill-group     kill the victim's whole process group\n"
	"      --prefer REGEX   kill names matching REGEX first (POSIX extended\n"
	"                       regex, unanchored: '^(java|chromium)$')\n"
	"      --avoid REGEX    kill names matching REGEX last\n"
	"  -u, --ignore REGEX   never kill names matching REGEX (alias --unkillables)\n"
	"  -N, --hook CMD       run CMD (via /bin/sh -c) after each kill\n"
	"  -P, --pre-hook CMD   the same, before the first signal\n"
	"      --ignore-root-user  never kill processes of uid 0\n"
	"      --sort-by-rss    choose by RSS, not the kernel's oom_score\n"
	"      --kernel-oom     have the kernel's OOM killer choose and kill\n"
	"                       (/proc/sysrq-trigger 'f', Linux 5.17+)\n"
	"      --grace MS       SIGTERM to SIGKILL grace period (default 2000)\n"
	"      --fill-rate MIBS fastest memory fill rate to plan for (default:\n"
	"                       measured at start, 4000 if it cannot be)\n"
	"      --min-sleep MS   shortest pause between readings (default 100)\n"
	"      --max-sleep MS   longest pause between readings (default 10000)\n"
	"  -r, --report SECS    status line every SECS seconds (0.1 up; default 0, off)\n"
	"  -n, --foreground     do not daemonize (not earlyoom's D-Bus -n)\n"
	"      --syslog         log to /dev/log (default when daemonized)\n"
	"      --kmsg           log to /dev/kmsg (initramfs, early boot)\n"
	"  -V, -d, --verbose    log every decision (alias --debug)\n"
	"  -i, -k               accepted and ignored, as earlyoom does\n"
	"      --dry-run        never signal; log what would be done (alias --dryrun)\n"
	"      --adjust-oom-score\n"
	"                       write --ignore/--avoid/--prefer into matching\n"
	"                       processes' oom_score_adj (-1000, -450, +450), for\n"
	"                       the kernel's OOM killer; non-zero values kept\n"
	"      --adjust-oom-score-force\n"
	"                       the same, overwriting non-zero values too\n"
	"      --no-priority    keep the scheduling priority bustd started with\n"
	"                       (default: nice -20, not passed to the hook)\n"
	"      --once           print one reading and the verdict, then exit\n"
	"      --cmdline        also take options from the kernel command line,\n"
	"                       as bustd.NAME=VALUE (bustd.m=5 bustd.psi=30)\n"
	"  -h, --help           this text\n"
	"  -v, --version        print the version\n";

enum opt_id {
	O_MEM, O_SWAP, O_MEM_KIB, O_SWAP_KIB, O_PSI, O_GROUP, O_PREFER,
	O_AVOID, O_IGNORE, O_HOOK, O_GRACE, O_FILL, O_MIN_SLEEP, O_MAX_SLEEP,
	O_REPORT, O_PRE_HOOK, O_ROOT, O_RSS, O_KOOM, O_PRIO, O_NOOP, O_SUSTAINED, O_FG, O_SYSLOG, O_KMSG, O_VERBOSE, O_DRY, O_ONCE, O_CMDLINE,
	O_ADJUST, O_ADJUST_FORCE, O_NO_PRIO,
	O_HELP, O_VERSION
};

struct opt {
	const char *lng;
	enum opt_id id;
	char shrt;
	bool arg;
};

static const struct opt opts[] = {
	{ "mem", O_MEM, 'm', true },
	{ "swap", O_SWAP, 's', true },
	{ "mem-size", O_MEM_KIB, 'M', true },
	{ "swap-size", O_SWAP_KIB, 'S', true },
	{ "psi", O_PSI, 'p', true },
	{ "sustained", O_SUSTAINED, 0, true },
	{ "kill-group", O_GROUP, 'g', false },
	{ "prefer", O_PREFER, 0, true },
	{ "avoid", O_AVOID, 0, true },
	{ "ignore", O_IGNORE, 'u', true },
	{ "unkillables", O_IGNORE, 0, true },
	{ "hook", O_HOOK, 'N', true },
	{ "pre-hook", O_PRE_HOOK, 'P', true },
	{ "ignore-root-user", O_ROOT, 0, false },
	{ "sort-by-rss", O_RSS, 0, false },
	{ "kernel-oom", O_KOOM, 0, false },
	{ "debug", O_VERBOSE, 'd', false },
	{ "dryrun", O_DRY, 0, false },
	/* earlyoom's removed -i and -k, accepted and ignored as there
	 * (a long name of "" is never looked up: "--" alone is refused) */
	{ "", O_NOOP, 'i', false },
	{ "", O_NOOP, 'k', false },
	{ "grace", O_GRACE, 0, true },
	{ "fill-rate", O_FILL, 0, true },
	{ "min-sleep", O_MIN_SLEEP, 0, true },
	{ "max-sleep", O_MAX_SLEEP, 0, true },
	{ "report", O_REPORT, 'r', true },
	{ "foreground", O_FG, 'n', false },
	{ "syslog", O_SYSLOG, 0, false },
	{ "kmsg", O_KMSG, 0, false },
	{ "verbose", O_VERBOSE, 'V', false },
	{ "dry-run", O_DRY, 0, false },
	{ "once", O_ONCE, 0, false },
	{ "cmdline", O_CMDLINE, 0, false },
	{ "adjust-oom-score", O_ADJUST, 0, false },
	{ "adjust-oom-score-force", O_ADJUST_FORCE, 0, false },
	{ "no-priority", O_NO_PRIO, 0, false },
	{ "help", O_HELP, 'h', false },
	{ "version", O_VERSION, 'v', false },
};
#define NOPTS (sizeof opts / sizeof opts[0])

/* What one parse remembers across options and across its two sources,
 * the kernel command line (first) and argv (second, so it wins). */
struct parse_state {
	bool mem_pct_given, swap_pct_given;
	int source, sink_source; /* 1 kernel command line, 2 argv */
};

STARTUP static void defaults(struct config *c)
{
	memset(c, 0, sizeof *c);
	c->mem_pct = (struct level){ 1000, 500, true };
	c->swap_pct = (struct level){ 1000, 500, true };
	c->psi_pct = 25;
	c->sus_pct = 5;
	c->sus_s = 5;
	c->grace_ms = 2000;
	c->fill_rate = 4000;
	c->fill_rate_measured = true;
	c->min_sleep_ms = 100;
	c->max_sleep_ms = 10000;
	c->sink = SINK_STDERR;
}

/* "TERM[,KILL]" with TERM and KILL at most max (in the unit scan gives);
 * KILL defaults to half of TERM, as in earlyoom. */
STARTUP static void note(struct config *c, const char *a, const char *b,
			 const char *d)
{
	struct buf n = { c->notes, c->notes_len, sizeof c->notes, 0 };

	buf_str(&n, "bustd: warning: ");
	buf_str(&n, a);
	buf_str(&n, b);
	buf_str(&n, d);
	buf_str(&n, "\n");
	if (!n.truncated) /* a line whole or not at all */
		c->notes_len = (unsigned)n.len;
}

STARTUP static int parse_level(struct config *c, char flag, const char *v,
			       bool centi, uint64_t max, struct level *l,
			       struct buf *err)
{
	uint64_t term, kill;
	const char *p = centi ? scan_centi(v, &term) : scan_u64(v, &term);

	if (p && *p == ',') {
		p = centi ? scan_centi(p + 1, &kill) : scan_u64(p + 1, &kill);
	} else {
		kill = p ? term / 2 : 0;
	}
	if (!p || *p) {
		buf_str(err, centi ? "expected PERCENT[,KILL_PERCENT], got '"
				   : "expected KIB[,KILL_KIB], got '");
		buf_str(err, v);
		buf_str(err, "'");
		return -1;
	}
	if (term > max || kill > max) {
		buf_str(err, "'");
		buf_str(err, v);
		buf_str(err, max == 9900 ? "' is out of range 0-99"
					 : "' is out of range 0-100");
		return -1;
	}
	if (!term && !kill) {
		buf_str(err, "both levels are zero in '");
		buf_str(err, v);
		buf_str(err, "'");
		return -1;
	}
	if (kill > term) { /* earlyoom accepts it: TERM is raised to KILL */
		char f[4] = { '-', flag, ' ', 0 };
		note(c, f, v, ": the KILL level is above TERM; TERM raised to it");
		term = kill;
	}
	*l = (struct level){ term, kill, true };
	return 0;
}

STARTUP static int parse_uint(const char *v, uint64_t lo, uint64_t hi, unsigned *out,
		      struct buf *err)
{
	uint64_t n;
	const char *p = scan_u64(v, &n);

	if (!p || *p) {
		buf_str(err, "expected a whole number, got '");
		buf_str(err, v);
		buf_str(err, "'");
		return -1;
	}
	if (n < lo || n > hi) {
		buf_u64(err, n);
		buf_str(err, " is out of range ");
		buf_u64(err, lo);
		buf_str(err, "-");
		buf_u64(err, hi);
		return -1;
	}
	*out = (unsigned)n;
	return 0;
}

/* --sustained "PCT[,SECS]": the level and horizon; SECS kept when only
 * PCT is given ("0" turns the rule off). */
STARTUP static int parse_sustained(struct config *c, const char *v,
				   struct buf *err)
{
	uint64_t pct, secs = c->sus_s;
	const char *p = scan_u64(v, &pct);

	if (p && *p == ',')
		p = scan_u64(p + 1, &secs);
	if (!p || *p) {
		buf_str(err, "expected PERCENT[,SECONDS], got '");
		buf_str(err, v);
		buf_str(err, "'");
		return -1;
	}
	if (pct > 100 || secs < 1 || secs > 600) {
		buf_str(err, "'");
		buf_str(err, v);
		buf_str(err, "' is out of range (PERCENT 0-100, SECONDS 1-600)");
		return -1;
	}
	c->sus_pct = (unsigned)pct;
	c->sus_s = (unsigned)secs;
	return 0;
}

STARTUP static int apply(struct config *c, enum opt_id id, const char *v,
		 struct buf *err, struct parse_state *ps)
{
	if (!v) /* flags without a value; parse_args asks the rest for one */
		v = "";
	switch (id) {
	case O_MEM: /* at 100 % there is always a shortage: refused, as in
		     * earlyoom */
		ps->mem_pct_given = true;
		return parse_level(c, 'm', v, true, 9900, &c->mem_pct, err);
	case O_SWAP:
		ps->swap_pct_given = true;
		return parse_level(c, 's', v, true, 10000, &c->swap_pct, err);
	case O_MEM_KIB:
		return parse_level(c, 'M', v, false, UINT64_MAX, &c->mem_kib, err);
	case O_SWAP_KIB:
		return parse_level(c, 'S', v, false, UINT64_MAX, &c->swap_kib, err);
	case O_PSI:
		return parse_uint(v, 0, 100, &c->psi_pct, err);
	case O_SUSTAINED:
		return parse_sustained(c, v, err);
	case O_GRACE:
		return parse_uint(v, 0, 600000, &c->grace_ms, err);
	case O_FILL:
		c->fill_rate_measured = false;
		return parse_uint(v, 1, 1000000, &c->fill_rate, err);
	case O_MIN_SLEEP:
		return parse_uint(v, 10, 600000, &c->min_sleep_ms, err);
	case O_MAX_SLEEP:
		return parse_uint(v, 10, 600000, &c->max_sleep_ms, err);
	case O_REPORT: { /* seconds, in hundredths as earlyoom's -r 0.1 */
		uint64_t cs;
		const char *p = scan_centi(v, &cs);
		if (!p || *p || cs > 8640000 || (cs && cs < 10)) {
			buf_str(err, "expected SECONDS, 0 or 0.1-86400, got '");
			buf_str(err, v);
			buf_str(err, "'");
			return -1;
		}
		c->report_ms = (unsigned)cs * 10;
		return 0;
	}
	case O_PREFER:
		return match_compile(&c->prefer, v, err);
	case O_AVOID:
		return match_compile(&c->avoid, v, err);
	case O_IGNORE:
		return match_compile(&c->ignore, v, err);
	case O_HOOK:
	case O_PRE_HOOK:
		if (!*v || strlen(v) >= HOOK_MAX) {
			buf_str(err, *v ? "command longer than 255 bytes"
					: "empty command");
			return -1;
		}
		memcpy(id == O_HOOK ? c->hook : c->pre_hook, v, strlen(v) + 1);
		return 0;
	case O_ROOT: c->ignore_root = true; return 0;
	case O_RSS: c->sort_rss = true; return 0;
	case O_KOOM: c->kernel_oom = true; return 0;
	case O_PRIO: c->priority = true; return 0;
	case O_NOOP:
		note(c, "-i and -k are ignored, ", "as in earlyoom", "");
		return 0;
	case O_GROUP: c->kill_group = true; return 0;
	case O_FG: c->foreground = true; return 0;
	case O_VERBOSE: c->verbose = true; return 0;
	case O_DRY: c->dry_run = true; return 0;
	case O_ONCE: c->once = true; return 0;
	case O_CMDLINE: c->cmdline = true; return 0;
	case O_ADJUST_FORCE: c->adjust_force = true; /* fall through */
	case O_ADJUST: c->adjust_oom = true; return 0;
	case O_NO_PRIO: c->no_priority = true; return 0;
	case O_SYSLOG:
	case O_KMSG: {
		enum log_sink s = id == O_KMSG ? SINK_KMSG : SINK_SYSLOG;
		/* a conflict within one source is an error; across sources
		 * argv wins */
		if (c->sink != SINK_STDERR && c->sink != s &&
		    ps->sink_source == ps->source) {
			buf_str(err, "choose one of --syslog and --kmsg");
			return -1;
		}
		c->sink = s;
		ps->sink_source = ps->source;
		return 0;
	}
	case O_HELP: return CONFIG_HELP;
	case O_VERSION: return CONFIG_VERSION;
	}
	return 0;
}

STARTUP static const struct opt *find_long(const char *name, size_t n)
{
	for (size_t i = 0; i < NOPTS; i++)
		if (strlen(opts[i].lng) == n && !memcmp(opts[i].lng, name, n))
			return &opts[i];
	return NULL;
}

STARTUP static const struct opt *find_short(char ch)
{
	for (size_t i = 0; i < NOPTS; i++)
		if (opts[i].shrt == ch)
			return &opts[i];
	return NULL;
}

/* "-m" or "--mem": how the user spelled the flag, for messages. */
STARTUP static void name_flag(struct buf *err, const struct opt *o, bool as_long)
{
	if (as_long || !o->shrt) {
		buf_str(err, "--");
		buf_str(err, o->lng);
	} else {
		char s[2] = { '-', o->shrt };
		buf_mem(err, s, 2);
	}
	buf_str(err, ": ");
}

/* Options from argv[1..argc-1]. */
STARTUP static int parse_args(struct config *c, int argc, char **argv,
		      struct parse_state *ps, struct buf *err)
{
	int i, rc, result = CONFIG_RUN;

	for (i = 1; i < argc && argv[i]; i++) {
		const char *a = argv[i], *val = NULL;
		const struct opt *o = NULL; /* for GCC: set on every path */
		bool as_long = a[0] == '-' && a[1] == '-' && a[2];

		if (a[0] != '-' || !a[1]) {
			buf_str(err, "unexpected argument '");
			buf_str(err, a);
			buf_str(err, "'");
			return CONFIG_BAD;
		}
		if (as_long) {
			const char *eq = strchr(a + 2, '=');
			size_t n = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
			o = find_long(a + 2, n);
			if (!o) {
				buf_str(err, "unknown option '");
				buf_mem(err, a, n + 2);
				buf_str(err, "'");
				return CONFIG_BAD;
			}
			if (eq && !o->arg) {
				name_flag(err, o, true);
				buf_str(err, "takes no value");
				return CONFIG_BAD;
			}
			val = eq ? eq + 1 : NULL;
		} else {
			/* a cluster of short flags: -ngV, or -m10 / -m 10 */
			const char *p;
			for (p = a + 1; *p; p++) {
				o = find_short(*p);
				if (!o) {
					char s[2] = { '-', *p };
					buf_str(err, "unknown option '");
					buf_mem(err, s, 2);
					buf_str(err, "'");
					return CONFIG_BAD;
				}
				/* -pn, -pg: earlyoom's -p among other flags */
				if (o->id == O_PSI && p[1] && p[1] != '=' &&
				    (p[1] < '0' || p[1] > '9')) {
					apply(c, O_PRIO, NULL, err, ps);
					continue;
				}
				if (o->arg)
					break;
				rc = apply(c, o->id, NULL, err, ps);
				if (rc > result)
					result = rc;
			}
			if (!*p)
				continue;
			val = p[1] ? p + 1 : NULL;
			/* -r=0, as earlyoom's users write it */
			if (val && *val == '=')
				val++;
			/* -p followed by a number is the stall level; alone
			 * (or before another option) earlyoom's priority */
			if (o->id == O_PSI && !val &&
			    (i + 1 >= argc || !argv[i + 1] ||
			     argv[i + 1][0] < '0' || argv[i + 1][0] > '9')) {
				apply(c, O_PRIO, NULL, err, ps);
				continue;
			}
		}
		if (o->arg && !val) {
			if (i + 1 >= argc || !argv[i + 1]) {
				name_flag(err, o, as_long);
				buf_str(err, "missing value");
				return CONFIG_BAD;
			}
			val = argv[++i];
		}
		rc = apply(c, o->id, val, err, ps);
		if (rc < 0) {
			/* prefix the message with the flag's name */
			char msg[LOG_LINE_MAX];
			struct buf m = BUF_ON(msg);
			name_flag(&m, o, as_long);
			buf_mem(&m, err->p, err->len);
			err->len = 0;
			buf_mem(err, m.p, m.len);
			return CONFIG_BAD;
		}
		if (rc > result)
			result = rc;
	}
	return result;
}

STARTUP static int above(struct buf *err, const char *flag, uint64_t v,
			 const char *what)
{
	buf_str(err, flag);
	buf_u64(err, v);
	buf_str(err, " KiB is more than the ");
	buf_str(err, what);
	buf_str(err, " there is");
	return -1;
}

STARTUP int config_check_totals(const struct config *c, uint64_t mem_kib,
				uint64_t swap_kib, struct buf *err)
{
	uint64_t m = mem_kib * 100 / 99, s = swap_kib * 100 / 99;

	if (c->mem_kib.set && c->mem_kib.term > m)
		return above(err, "-M ", c->mem_kib.term, "RAM");
	if (c->swap_kib.set && c->swap_kib.term > (s ? s : m))
		return above(err, "-S ", c->swap_kib.term,
			     s ? "swap" : "RAM (no swap)");
	return 0;
}

STARTUP bool config_wants_cmdline(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--cmdline"))
			return true;
	return false;
}

/* Rewrites, in place, each "bustd.NAME[=VALUE]" word of the kernel
 * command line as an option ("--NAME[=VALUE]", or "-N[VALUE]" for a
 * one-letter NAME) and points out[1..] at them; other words are skipped.
 * Double quotes group words, as the kernel's own parser does, and are
 * dropped.  Returns the argc of out, or -1 with err filled. */
STARTUP static int split_cmdline(char *text, char *out[CMDLINE_ARGS_MAX + 1],
			 struct buf *err)
{
	int n = 1;
	char *p = text;

	while (*p) {
		char *w = p, *q = p;
		bool quoted = false;

		while (*p == ' ' || *p == '\t' || *p == '\n')
			w = q = ++p;
		if (!*p)
			break;
		for (; *p && (quoted || (*p != ' ' && *p != '\t' && *p != '\n'));
		     p++) {
			if (*p == '"')
				quoted = !quoted;
			else
				*q++ = *p;
		}
		if (*p)
			p++;
		*q = '\0';
		if (strncmp(w, "bustd.", 6) != 0 || !w[6] || w[6] == '=')
			continue;
		if (n > CMDLINE_ARGS_MAX) {
			buf_str(err, "more than 32 bustd.* options");
			return -1;
		}
		if (w[7] == '\0' || w[7] == '=') { /* one letter */
			const struct opt *o = find_short(w[6]);
			if (o && !o->arg && w[7] == '=') {
				name_flag(err, o, false);
				buf_str(err, "takes no value");
				return -1;
			}
			w[5] = '-';
			if (w[7] == '=')
				memmove(w + 7, w + 8, strlen(w + 8) + 1);
			out[n++] = w + 5;
		} else {
			w[4] = w[5] = '-';
			out[n++] = w + 4;
		}
	}
	return n;
}

STARTUP int config_parse_with(struct config *c, int argc, char **argv,
		      char *kernel_cmdline, struct buf *err)
{
	struct parse_state ps = { false, false, 1, 0 };
	int rc = CONFIG_RUN, rc2;

	defaults(c);
	if (kernel_cmdline) {
		char *kargv[CMDLINE_ARGS_MAX + 1] = { "bustd" };
		int kargc = split_cmdline(kernel_cmdline, kargv, err);

		rc = kargc < 0 ? CONFIG_BAD
			       : parse_args(c, kargc, kargv, &ps, err);
		if (rc == CONFIG_BAD) {
			char msg[LOG_LINE_MAX];
			struct buf m = BUF_ON(msg);
			buf_str(&m, "kernel command line: ");
			buf_mem(&m, err->p, err->len);
			err->len = 0;
			buf_mem(err, m.p, m.len);
			return CONFIG_BAD;
		}
		/* help and version belong to the one who typed them */
		rc = CONFIG_RUN;
	}
	ps.source = 2;
	rc2 = parse_args(c, argc, argv, &ps, err);
	if (rc2 != CONFIG_RUN)
		return rc2;
	/* -M alone replaces the default -m, as in earlyoom; both given: the
	 * lower of the two levels applies (policy.c). */
	if (c->mem_kib.set && !ps.mem_pct_given)
		c->mem_pct.set = false;
	c->mem_given = ps.mem_pct_given || c->mem_kib.set;
	if (c->swap_kib.set && !ps.swap_pct_given)
		c->swap_pct.set = false;
	if (c->min_sleep_ms > c->max_sleep_ms) {
		buf_str(err, "--min-sleep ");
		buf_u64(err, c->min_sleep_ms);
		buf_str(err, " is above --max-sleep ");
		buf_u64(err, c->max_sleep_ms);
		return CONFIG_BAD;
	}
	return rc;
}

STARTUP int config_parse(struct config *c, int argc, char **argv, struct buf *err)
{
	return config_parse_with(c, argc, argv, NULL, err);
}
