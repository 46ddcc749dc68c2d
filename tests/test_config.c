/* test_config.c - argv to struct config: what is refused and how it says
 * so, then what the accepted command lines set. */
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "t.h"

#define ARGS_MAX 8

static char long_list[PATTERN_MAX + 8]; /* 256 bytes of pattern: too long */
static char long_hook[HOOK_MAX + 8];    /* 256 bytes of command: too long */
static char max_hook[HOOK_MAX];         /* 255 bytes: fits */

static void fill_long_args(void)
{
	memset(long_list, 'a', PATTERN_MAX);
	long_list[PATTERN_MAX] = '\0';
	memset(long_hook, 'x', HOOK_MAX);
	long_hook[HOOK_MAX] = '\0';
	memset(max_hook, 'y', HOOK_MAX - 1);
	max_hook[HOOK_MAX - 1] = '\0';
}

/* Runs config_parse on "bustd" + args; err_out gets the message. */
static int parse(struct config *c, const char *const args[ARGS_MAX],
		 char *err_out, size_t cap)
{
	char *argv[ARGS_MAX + 2];
	int argc = 0;
	struct buf err = { err_out, 0, cap - 1, 0 };
	int rc;

	argv[argc++] = (char *)"bustd";
	for (int i = 0; i < ARGS_MAX && args[i]; i++)
		argv[argc++] = (char *)args[i];
	argv[argc] = NULL;
	memset(err_out, 0, cap);
	rc = config_parse(c, argc, argv, &err);
	err_out[err.len] = '\0';
	return rc;
}

static void describe(char *out, size_t cap, const char *const args[ARGS_MAX])
{
	size_t n = 0;

	out[0] = '\0';
	for (int i = 0; i < ARGS_MAX && args[i] && n + 2 < cap; i++) {
		size_t len = strlen(args[i]);
		if (len > 24)
			len = 24; /* the long pattern and hook rows */
		if (n + len + 4 >= cap)
			break;
		if (n)
			out[n++] = ' ';
		out[n++] = '\'';
		memcpy(out + n, args[i], len);
		n += len;
		out[n++] = '\'';
		out[n] = '\0';
	}
}

struct row {
	const char *args[ARGS_MAX];
	int rc;
	const char *msg; /* substring of the error; "" for accepted lines */
};

TEST(config_table)
{
	const struct row rows[] = {
		/* accepted */
		{ { NULL }, CONFIG_RUN, "" },
		{ { "-m", "10" }, CONFIG_RUN, "" },
		{ { "-m10" }, CONFIG_RUN, "" },
		{ { "--mem=10,5" }, CONFIG_RUN, "" },
		{ { "-m", "0.5" }, CONFIG_RUN, "" },
		{ { "-m", "99" }, CONFIG_RUN, "" },
		{ { "-s", "100" }, CONFIG_RUN, "" },
		/* earlyoom's: KILL above TERM clamped (with a note), -p alone,
		 * -d, -i, -k, -P, -r 0.1, -r=0, the long names */
		{ { "-m", "1,2" }, CONFIG_RUN, "" },
		{ { "-M", "1000,2000" }, CONFIG_RUN, "" },
		{ { "-p" }, CONFIG_RUN, "" },
		{ { "-p", "-n" }, CONFIG_RUN, "" },
		{ { "-np" }, CONFIG_RUN, "" },
		{ { "-d" }, CONFIG_RUN, "" },
		{ { "--debug" }, CONFIG_RUN, "" },
		{ { "-i" }, CONFIG_RUN, "" },
		{ { "-k" }, CONFIG_RUN, "" },
		{ { "-P", "/bin/true" }, CONFIG_RUN, "" },
		{ { "-r", "0.1" }, CONFIG_RUN, "" },
		{ { "-r=0" }, CONFIG_RUN, "" },
		{ { "--dryrun" }, CONFIG_RUN, "" },
		{ { "--ignore-root-user" }, CONFIG_RUN, "" },
		{ { "--sort-by-rss" }, CONFIG_RUN, "" },
		{ { "--kernel-oom" }, CONFIG_RUN, "" },
		{ { "-ngV" }, CONFIG_RUN, "" },
		{ { "-nm", "5" }, CONFIG_RUN, "" },
		{ { "--psi=30" }, CONFIG_RUN, "" },
		{ { "-p", "0" }, CONFIG_RUN, "" },
		{ { "--sustained", "0" }, CONFIG_RUN, "" },
		{ { "--sustained=10,600" }, CONFIG_RUN, "" },
		{ { "--syslog", "--syslog" }, CONFIG_RUN, "" },
		{ { "-N", max_hook }, CONFIG_RUN, "" },
		{ { "--min-sleep", "100", "--max-sleep", "100" }, CONFIG_RUN, "" },
		{ { "--help" }, CONFIG_HELP, "" },
		{ { "-h" }, CONFIG_HELP, "" },
		{ { "--version" }, CONFIG_VERSION, "" },
		{ { "-v" }, CONFIG_VERSION, "" },
		{ { "-vh" }, CONFIG_VERSION, "" }, /* both: version wins */
		/* flags */
		{ { "--bogus" }, CONFIG_BAD, "unknown option '--bogus'" },
		{ { "--bogus=1" }, CONFIG_BAD, "unknown option '--bogus'" },
		{ { "-x" }, CONFIG_BAD, "unknown option '-x'" },
		{ { "-nx" }, CONFIG_BAD, "unknown option '-x'" },
		{ { "--" }, CONFIG_BAD, "unknown option '--'" },
		{ { "-" }, CONFIG_BAD, "unexpected argument '-'" },
		{ { "extra" }, CONFIG_BAD, "unexpected argument 'extra'" },
		{ { "-n", "10" }, CONFIG_BAD, "unexpected argument '10'" },
		{ { "--once=1" }, CONFIG_BAD, "--once: takes no value" },
		{ { "--help", "--bogus" }, CONFIG_BAD, "unknown option" },
		/* values */
		{ { "-m" }, CONFIG_BAD, "-m: missing value" },
		{ { "--mem" }, CONFIG_BAD, "--mem: missing value" },
		{ { "-n", "--psi" }, CONFIG_BAD, "--psi: missing value" },
		{ { "-i", "1" }, CONFIG_BAD, "unexpected argument '1'" },
		{ { "-p", "x" }, CONFIG_BAD, "unexpected argument 'x'" },
		{ { "-m", "0" }, CONFIG_BAD, "-m: both levels are zero in '0'" },
		{ { "-s", "0" }, CONFIG_BAD, "-s: both levels are zero in '0'" },
		{ { "-m", "100" }, CONFIG_BAD, "-m: '100' is out of range 0-99" },
		{ { "-m", "1,-1" }, CONFIG_BAD, "got '1,-1'" },
		{ { "-r", "-1" }, CONFIG_BAD, "-r: expected SECONDS" },
		{ { "-r", "0.05" }, CONFIG_BAD, "-r: expected SECONDS" },
		{ { "--debug=1" }, CONFIG_BAD, "--debug: takes no value" },
		{ { "-P", "" }, CONFIG_BAD, "-P: empty command" },
		{ { "-m", "abc" }, CONFIG_BAD, "-m: expected PERCENT[,KILL_PERCENT], got 'abc'" },
		{ { "-m", "" }, CONFIG_BAD, "got ''" },
		{ { "-m", "10,", }, CONFIG_BAD, "got '10,'" },
		{ { "-m", ",5" }, CONFIG_BAD, "got ',5'" },
		{ { "-m", "10x" }, CONFIG_BAD, "got '10x'" },
		{ { "-m", "-5" }, CONFIG_BAD, "got '-5'" },
		{ { "-m", "150" }, CONFIG_BAD, "-m: '150' is out of range 0-99" },
		{ { "-m", "100.01" }, CONFIG_BAD, "out of range" },
		{ { "-s", "10,101" }, CONFIG_BAD, "-s: '10,101' is out of range" },
		{ { "-M", "1.5" }, CONFIG_BAD, "-M: expected KIB[,KILL_KIB], got '1.5'" },
		{ { "-S", "99999999999999999999" }, CONFIG_BAD, "-S: expected KIB" },
		{ { "-p5x" }, CONFIG_BAD, "-p: expected a whole number, got '5x'" },
		{ { "--psi=101" }, CONFIG_BAD, "--psi: 101 is out of range 0-100" },
		{ { "--psi=" }, CONFIG_BAD, "--psi: expected a whole number, got ''" },
		{ { "--sustained", "abc" }, CONFIG_BAD, "--sustained: expected PERCENT[,SECONDS], got 'abc'" },
		{ { "--sustained", "" }, CONFIG_BAD, "--sustained: expected PERCENT[,SECONDS], got ''" },
		{ { "--sustained", "5," }, CONFIG_BAD, "got '5,'" },
		{ { "--sustained", "5.5" }, CONFIG_BAD, "got '5.5'" },
		{ { "--sustained", "5,5,5" }, CONFIG_BAD, "got '5,5,5'" },
		{ { "--sustained", "101" }, CONFIG_BAD, "--sustained: '101' is out of range (PERCENT 0-100, SECONDS 1-600)" },
		{ { "--sustained", "5,0" }, CONFIG_BAD, "'5,0' is out of range" },
		{ { "--sustained", "5,601" }, CONFIG_BAD, "'5,601' is out of range" },
		{ { "--sustained" }, CONFIG_BAD, "--sustained: missing value" },
		{ { "-r", "86401" }, CONFIG_BAD, "-r: expected SECONDS, 0 or 0.1-86400, got '86401'" },
		{ { "--fill-rate", "0" }, CONFIG_BAD, "--fill-rate: 0 is out of range 1-" },
		{ { "--min-sleep", "5" }, CONFIG_BAD, "--min-sleep: 5 is out of range 10-600000" },
		{ { "--min-sleep", "500", "--max-sleep", "100" }, CONFIG_BAD, "--min-sleep 500 is above --max-sleep 100" },
		{ { "--max-sleep", "50" }, CONFIG_BAD, "--min-sleep 100 is above --max-sleep 50" },
		/* patterns */
		{ { "--prefer", "" }, CONFIG_BAD, "--prefer: empty pattern" },
		{ { "--prefer", "a||b" }, CONFIG_BAD, "--prefer: empty alternative at byte 3 of 'a||b'" },
		{ { "--avoid", "a|" }, CONFIG_BAD, "--avoid: empty alternative at byte 3 of 'a|'" },
		{ { "--avoid", "*java" }, CONFIG_BAD, "--avoid: nothing to repeat at byte 1 of '*java'" },
		{ { "-u", "[a-z" }, CONFIG_BAD, "-u: unclosed '[' at byte 1 of '[a-z'" },
		{ { "--unkillables", "x|[" }, CONFIG_BAD, "--unkillables: unclosed '[' at byte 3" },
		{ { "--prefer", "(a)\\1" }, CONFIG_BAD, "--prefer: back-references are not supported" },
		{ { "--ignore", long_list }, CONFIG_BAD, "--ignore: pattern longer than 255 bytes" },
		/* hook and log sink */
		{ { "-N", "" }, CONFIG_BAD, "-N: empty command" },
		{ { "--hook", long_hook }, CONFIG_BAD, "--hook: command longer than 255 bytes" },
		{ { "--syslog", "--kmsg" }, CONFIG_BAD, "--kmsg: choose one of --syslog and --kmsg" },
		{ { "--kmsg", "--syslog" }, CONFIG_BAD, "--syslog: choose one of" },
	};

	fill_long_args();
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct config c;
		char err[LOG_LINE_MAX], name[120];
		int rc = parse(&c, rows[i].args, err, sizeof err);

		describe(name, sizeof name, rows[i].args);
		T_ROW("bustd %s", name);
		CHECK_EQ_I64(rc, rows[i].rc);
		if (rows[i].rc == CONFIG_BAD) {
			CHECK_HAS(err, rows[i].msg);
			CHECK(!strchr(err, '\n')); /* one line */
		} else {
			CHECK_STR(err, "");
		}
	}
}

/* Parses args, which must be accepted, into c. */
static bool accept(struct config *c, const char *const args[ARGS_MAX])
{
	char err[LOG_LINE_MAX];
	int rc = parse(c, args, err, sizeof err);

	if (!CHECK_EQ_I64(rc, CONFIG_RUN))
		printf("       message: %s\n", err);
	return rc == CONFIG_RUN;
}

TEST(config_defaults)
{
	struct config c;

	if (!accept(&c, (const char *const[ARGS_MAX]){ NULL }))
		return;
	CHECK(c.mem_pct.set);
	CHECK_EQ_U64(c.mem_pct.term, 1000);
	CHECK_EQ_U64(c.mem_pct.kill, 500);
	CHECK(c.swap_pct.set);
	CHECK_EQ_U64(c.swap_pct.term, 1000);
	CHECK_EQ_U64(c.swap_pct.kill, 500);
	CHECK(!c.mem_kib.set);
	CHECK(!c.swap_kib.set);
	CHECK_EQ_U64(c.psi_pct, 25);
	CHECK_EQ_U64(c.sus_pct, 5);
	CHECK_EQ_U64(c.sus_s, 5);
	CHECK_EQ_U64(c.report_ms, 0);
	CHECK_EQ_U64(c.grace_ms, 2000);
	CHECK_EQ_U64(c.fill_rate, 4000);
	CHECK(c.fill_rate_measured);
	CHECK_EQ_U64(c.min_sleep_ms, 100);
	CHECK_EQ_U64(c.max_sleep_ms, 10000);
	CHECK(!c.foreground && !c.kill_group && !c.verbose && !c.dry_run &&
	      !c.once);
	CHECK_EQ_U64(c.sink, SINK_STDERR);
	CHECK_EQ_U64(c.prefer.len + c.avoid.len + c.ignore.len, 0); /* none */
	CHECK_STR(c.hook, "");
}

TEST(config_levels_are_centi_percent)
{
	static const struct {
		const char *args[ARGS_MAX];
		uint64_t term, kill;
	} rows[] = {
		{ { "-m", "10" }, 1000, 500 }, /* KILL defaults to half */
		{ { "-m10" }, 1000, 500 },
		{ { "--mem=15" }, 1500, 750 },
		{ { "-m", "2.5,1" }, 250, 100 },
		{ { "-m", "5,5" }, 500, 500 },
		{ { "-m", "0.01" }, 1, 0 },
		{ { "-m", "0,1" }, 100, 100 }, /* earlyoom's clamp: TERM = KILL */
		{ { "-m", "5,9" }, 900, 900 },
		{ { "-m", "99" }, 9900, 4950 },
		{ { "-m", "1.239" }, 123, 61 },
		{ { "-m", "50", "-m", "20" }, 2000, 1000 }, /* last one wins */
	};

	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct config c;

		T_ROW("-m row %zu", i);
		if (!accept(&c, rows[i].args))
			continue;
		CHECK(c.mem_pct.set);
		CHECK_EQ_U64(c.mem_pct.term, rows[i].term);
		CHECK_EQ_U64(c.mem_pct.kill, rows[i].kill);
	}
}

/* earlyoom's command line, as its users' /etc/default/earlyoom holds it */
TEST(config_earlyoom_meanings)
{
	struct config c;

	if (accept(&c, (const char *const[ARGS_MAX]){ "-p" })) {
		CHECK(c.priority);        /* earlyoom's -p: nice -20 */
		CHECK_EQ_U64(c.psi_pct, 25); /* the stall level untouched */
	}
	if (accept(&c, (const char *const[ARGS_MAX]){ "-p", "-r", "60" })) {
		CHECK(c.priority);
		CHECK_EQ_U64(c.report_ms, 60000);
	}
	if (accept(&c, (const char *const[ARGS_MAX]){ "-p", "30" })) {
		CHECK(!c.priority); /* a number after -p: the stall level */
		CHECK_EQ_U64(c.psi_pct, 30);
	}
	if (accept(&c, (const char *const[ARGS_MAX]){ "-p40" }))
		CHECK(!c.priority && c.psi_pct == 40);
	if (accept(&c, (const char *const[ARGS_MAX]){ "-pgn" }))
		CHECK(c.priority && c.kill_group && c.foreground);
	if (accept(&c, (const char *const[ARGS_MAX]){ "-p=30" }))
		CHECK(!c.priority && c.psi_pct == 30);
	if (accept(&c, (const char *const[ARGS_MAX]){ "-r", "0.1" }))
		CHECK_EQ_U64(c.report_ms, 100);
	if (accept(&c, (const char *const[ARGS_MAX]){ "-r=0" }))
		CHECK_EQ_U64(c.report_ms, 0);
	if (accept(&c, (const char *const[ARGS_MAX]){ "-r", "3600" }))
		CHECK_EQ_U64(c.report_ms, 3600000);
	if (accept(&c, (const char *const[ARGS_MAX]){ "-d", "--dryrun" }))
		CHECK(c.verbose && c.dry_run);
	if (accept(&c, (const char *const[ARGS_MAX]){ "--ignore-root-user",
						       "--sort-by-rss",
						       "--kernel-oom" }))
		CHECK(c.ignore_root && c.sort_rss && c.kernel_oom);
	if (accept(&c, (const char *const[ARGS_MAX]){ "-P", "/bin/logger x",
						       "-N", "/bin/true" })) {
		CHECK_STR(c.pre_hook, "/bin/logger x");
		CHECK_STR(c.hook, "/bin/true");
	}
	/* accepted, and said: one line each */
	if (accept(&c, (const char *const[ARGS_MAX]){ "-i" })) {
		c.notes[c.notes_len] = '\0';
		CHECK_STR(c.notes, "bustd: warning: -i and -k are ignored, as in earlyoom\n");
	}
	if (accept(&c, (const char *const[ARGS_MAX]){ "-m", "5,9", "-s", "1,2" })) {
		CHECK_EQ_U64(c.mem_pct.term, 900);
		CHECK_EQ_U64(c.swap_pct.term, 200);
		c.notes[c.notes_len] = '\0';
		CHECK_STR(c.notes, "bustd: warning: -m 5,9: the KILL level is above TERM; TERM raised to it\n"
				   "bustd: warning: -s 1,2: the KILL level is above TERM; TERM raised to it\n");
	}
	if (accept(&c, (const char *const[ARGS_MAX]){ "-m", "5" }))
		CHECK_EQ_U64(c.notes_len, 0);
}

/* -M and -S against the RAM and swap there are (earlyoom's limit) */
TEST(config_levels_within_totals)
{
	struct config c;
	char e[LOG_LINE_MAX];
	struct buf err = BUF_ON(e);

	if (accept(&c, (const char *const[ARGS_MAX]){ "-M", "1010" }))
		CHECK_EQ_I64(config_check_totals(&c, 1000, 0, &err), 0);
	if (accept(&c, (const char *const[ARGS_MAX]){ "-M", "1011" })) {
		CHECK_EQ_I64(config_check_totals(&c, 1000, 0, &err), -1);
		e[err.len] = '\0';
		CHECK_STR(e, "-M 1011 KiB is more than the RAM there is");
	}
	err.len = 0;
	if (accept(&c, (const char *const[ARGS_MAX]){ "-S", "600" })) {
		CHECK_EQ_I64(config_check_totals(&c, 1000, 500, &err), -1);
		CHECK_EQ_I64(config_check_totals(&c, 1000, 0, &err), -1 + 1);
	}
}

TEST(config_kib_level_alone_replaces_percent)
{
	struct config c;

	if (accept(&c, (const char *const[ARGS_MAX]){ "-M", "1000" })) {
		CHECK(!c.mem_pct.set); /* -M alone: the default -m is off */
		CHECK(c.mem_kib.set);
		CHECK_EQ_U64(c.mem_kib.term, 1000);
		CHECK_EQ_U64(c.mem_kib.kill, 500);
		CHECK(c.swap_pct.set); /* swap untouched */
		CHECK(!c.swap_kib.set);
	}
	if (accept(&c, (const char *const[ARGS_MAX]){ "-M", "1000,100", "-m",
						       "20" })) {
		CHECK(c.mem_pct.set); /* both given: both kept, lower wins */
		CHECK_EQ_U64(c.mem_pct.term, 2000);
		CHECK(c.mem_kib.set);
		CHECK_EQ_U64(c.mem_kib.kill, 100);
	}
	if (accept(&c, (const char *const[ARGS_MAX]){ "-m", "20", "-M",
						       "1000" }))
		CHECK(c.mem_pct.set); /* order does not matter */
	if (accept(&c, (const char *const[ARGS_MAX]){ "-S", "0,1" })) {
		CHECK(!c.swap_pct.set);
		CHECK(c.swap_kib.set);
		CHECK_EQ_U64(c.swap_kib.term, 1); /* earlyoom's clamp */
		CHECK(c.mem_pct.set);
	}
	if (accept(&c, (const char *const[ARGS_MAX]){ "-S", "18446744073709551615" })) {
		CHECK_EQ_U64(c.swap_kib.term, UINT64_MAX);
		CHECK_EQ_U64(c.swap_kib.kill, UINT64_MAX / 2);
	}
}

TEST(config_flags_and_values)
{
	struct config c;

	if (accept(&c, (const char *const[ARGS_MAX]){ "-ngV", "--dry-run",
						       "--once", "--kmsg" })) {
		CHECK(c.foreground);
		CHECK(c.kill_group);
		CHECK(c.verbose);
		CHECK(c.dry_run);
		CHECK(c.once);
		CHECK_EQ_U64(c.sink, SINK_KMSG);
	}
	if (accept(&c, (const char *const[ARGS_MAX]){ "-n" }))
		CHECK(!c.no_priority); /* nice -20 by default */
	if (accept(&c, (const char *const[ARGS_MAX]){ "--no-priority" }))
		CHECK(c.no_priority);
	if (accept(&c, (const char *const[ARGS_MAX]){ "--psi=30", "-r", "60",
						       "--grace", "0",
						       "--fill-rate=1" })) {
		CHECK_EQ_U64(c.psi_pct, 30);
		CHECK_EQ_U64(c.report_ms, 60000);
		CHECK_EQ_U64(c.grace_ms, 0);
		CHECK_EQ_U64(c.fill_rate, 1);
		CHECK(!c.fill_rate_measured);
	}
	if (accept(&c, (const char *const[ARGS_MAX]){ "--sustained", "12,30" })) {
		CHECK_EQ_U64(c.sus_pct, 12);
		CHECK_EQ_U64(c.sus_s, 30);
	}
	/* the level alone keeps the horizon; 0 turns the rule off */
	if (accept(&c, (const char *const[ARGS_MAX]){ "--sustained=8" })) {
		CHECK_EQ_U64(c.sus_pct, 8);
		CHECK_EQ_U64(c.sus_s, 5);
	}
	if (accept(&c, (const char *const[ARGS_MAX]){ "--sustained", "0" }))
		CHECK_EQ_U64(c.sus_pct, 0);
	if (accept(&c, (const char *const[ARGS_MAX]){ "-np", "0", "--syslog" })) {
		CHECK(c.foreground);
		CHECK_EQ_U64(c.psi_pct, 0);
		CHECK_EQ_U64(c.sink, SINK_SYSLOG);
	}
	if (accept(&c, (const char *const[ARGS_MAX]){ "--min-sleep=50",
						       "--max-sleep=60000" })) {
		CHECK_EQ_U64(c.min_sleep_ms, 50);
		CHECK_EQ_U64(c.max_sleep_ms, 60000);
	}
}

TEST(config_patterns_compiled_and_hook_copied)
{
	struct config c;

	fill_long_args();
	if (accept(&c, (const char *const[ARGS_MAX]){
			       "--prefer", "^Web Content$|chrom", "--avoid",
			       "sshd", "-u", "^[a-z]init$", "-N", max_hook })) {
		CHECK(match_any(&c.prefer, "Web Content"));
		CHECK(match_any(&c.prefer, "chromium"));
		CHECK(!match_any(&c.prefer, "Web Contents"));
		CHECK(match_any(&c.avoid, "sshd-session")); /* unanchored */
		CHECK(match_any(&c.ignore, "xinit"));
		CHECK(!match_any(&c.ignore, "init"));
		CHECK_EQ_U64(strlen(c.hook), HOOK_MAX - 1);
	}
	if (accept(&c, (const char *const[ARGS_MAX]){ "--unkillables=x|y",
						       "--hook=echo a=b" })) {
		CHECK(match_any(&c.ignore, "y")); /* the alias of --ignore */
		CHECK_STR(c.hook, "echo a=b"); /* only the first '=' splits */
	}
}

/* One row of config.c's option table, read from its source. */
struct src_opt {
	char lng[32];
	char shrt; /* 0: none */
};

/* The rows of "static const struct opt opts[] = { ... };" in src/config.c,
 * each "{ "long", O_ID, 's' or 0, bool }": the table is static, so the
 * test reads it where it is written.  Returns the count, -1 if the table
 * is not where or as expected (which fails the test: adapt the reader). */
static int read_opt_table(struct src_opt *out, int cap)
{
	static char src[65536];
	const char *p, *end;
	int n = 0;

	if (t_slurp("../src/config.c", src, sizeof src) < 0)
		return -1;
	p = strstr(src, "static const struct opt opts[] = {");
	end = p ? strstr(p, "\n};") : NULL;
	if (!p || !end)
		return -1;
	while ((p = strstr(p + 1, "{ \"")) && p < end && n < cap) {
		const char *q = p + 3, *e = strchr(q, '"'), *c;

		if (!e || e - q >= (long)sizeof out[n].lng)
			return -1;
		memcpy(out[n].lng, q, (size_t)(e - q));
		out[n].lng[e - q] = '\0';
		c = strchr(e, ','); /* after the name, then the id */
		c = c ? strchr(c + 1, ',') : NULL;
		if (!c)
			return -1;
		c++;
		while (*c == ' ')
			c++;
		if (c[0] == '\'' && c[2] == '\'')
			out[n].shrt = c[1];
		else if (c[0] == '0')
			out[n].shrt = 0;
		else
			return -1;
		n++;
	}
	return n;
}

/* whether config_parse knows ARG as an option (any other error is fine:
 * a missing value, a value not wanted) */
static bool parser_knows(const char *arg)
{
	struct config c;
	char err[256];

	parse(&c, (const char *const[ARGS_MAX]){ arg }, err, sizeof err);
	return !strstr(err, "unknown option");
}

/* The usage text names every flag config.c's option table has, by its
 * long name, or by its letter when it has one (-m, not --mem); the list
 * is the table itself, so a new flag cannot be forgotten here. */
/* --adjust-oom-score (protect.c); -force implies it */
TEST(config_adjust_oom_score)
{
	struct config c;
	char err[LOG_LINE_MAX];

	CHECK_EQ_I64(parse(&c, (const char *const[ARGS_MAX]){ NULL }, err,
			   sizeof err), CONFIG_RUN);
	CHECK(!c.adjust_oom && !c.adjust_force);
	CHECK_EQ_I64(parse(&c, (const char *const[ARGS_MAX]){
				   "--adjust-oom-score" }, err, sizeof err),
		     CONFIG_RUN);
	CHECK(c.adjust_oom && !c.adjust_force);
	CHECK_EQ_I64(parse(&c, (const char *const[ARGS_MAX]){
				   "--adjust-oom-score-force" }, err, sizeof err),
		     CONFIG_RUN);
	CHECK(c.adjust_oom && c.adjust_force);
	CHECK_EQ_I64(parse(&c, (const char *const[ARGS_MAX]){
				   "--adjust-oom-score=1" }, err, sizeof err),
		     CONFIG_BAD);
	CHECK_HAS(err, "--adjust-oom-score: takes no value");
}

TEST(config_usage_names_every_flag)
{
	struct src_opt opts[64];
	int n = read_opt_table(opts, 64);
	char want[sizeof opts[0].lng + 2];
	unsigned letters = 0;

	CHECK(!strncmp(config_usage, "usage: bustd", 12));
	if (!CHECK(n >= 20)) /* 25 when this was written */
		return;
	for (int i = 0; i < n; i++) {
		const char *u = config_usage;
		size_t len = strlen(opts[i].lng); /* < sizeof lng */
		bool named = false;

		T_ROW("--%s (-%c)", opts[i].lng, opts[i].shrt ? opts[i].shrt : '-');
		memcpy(want, "--", 2);
		memcpy(want + 2, opts[i].lng, len + 1);
		/* (earlyoom's -i and -k have no long name) */
		CHECK(!len || parser_knows(want)); /* the reader read the real table */
		/* "--name" followed by a space, a comma, a ')' or the line's end */
		while (!named && (u = strstr(u, want))) {
			char after = u[strlen(want)];
			named = after == ' ' || after == ',' || after == ')' ||
				after == '\n';
			u++;
		}
		if (opts[i].shrt) {
			/* "  -m " or "  -p, --psi" at a line's start */
			char s1[8], s2[8];

			snprintf(s1, sizeof s1, "  -%c ", opts[i].shrt);
			snprintf(s2, sizeof s2, len ? "  -%c," : " -%c", opts[i].shrt);
			named = named || strstr(config_usage, s1) ||
				strstr(config_usage, s2);
			letters++;
		}
		CHECK(named);
	}
	/* and the table read has every letter the parser takes */
	for (int ch = '0'; ch <= 'z'; ch++) {
		char arg[3] = { '-', (char)ch, '\0' };
		unsigned in_table = 0;

		if (!((ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= 'a' && ch <= 'z')) || !parser_knows(arg))
			continue;
		T_ROW("-%c, taken by the parser", ch);
		for (int i = 0; i < n; i++)
			in_table += opts[i].shrt == ch;
		CHECK_EQ_U64(in_table, 1);
		letters--;
	}
	T_ROW("letters in the table but not taken by the parser");
	CHECK_EQ_U64(letters, 0);
}

/* --cmdline: bustd.NAME=VALUE words of the kernel command line, under
 * argv (argv wins), other words ignored, quotes grouping words. */
struct cmdline_row {
	const char *kernel;
	const char *args[ARGS_MAX];
	int rc;
	const char *msg; /* substring of the error, for CONFIG_BAD */
};

static int parse_cmdline(struct config *c, const struct cmdline_row *r,
			 char *err_out, size_t cap)
{
	char text[CMDLINE_MAX], *argv[ARGS_MAX + 2] = { (char *)"bustd" };
	struct buf err = { err_out, 0, cap - 1, 0 };
	int argc = 1, rc;

	for (int i = 0; i < ARGS_MAX && r->args[i]; i++)
		argv[argc++] = (char *)r->args[i];
	snprintf(text, sizeof text, "%s", r->kernel);
	memset(err_out, 0, cap);
	rc = config_parse_with(c, argc, argv, text, &err);
	err_out[err.len] = '\0';
	return rc;
}

TEST(config_kernel_cmdline)
{
	static const struct cmdline_row rows[] = {
		{ "quiet bustd.m=5 root=/dev/vda bustd.psi=30", { NULL }, CONFIG_RUN, "" },
		{ "bustd.m=5", { "-m", "20" }, CONFIG_RUN, "" },
		{ "bustd.kmsg", { "--syslog" }, CONFIG_RUN, "" },
		{ "bustd.help bustd.version", { NULL }, CONFIG_RUN, "" },
		{ "bustd. bustd.=3 bustdx.m=3", { NULL }, CONFIG_RUN, "" },
		{ "bustd.m=abc", { NULL }, CONFIG_BAD,
		  "kernel command line: -m: expected PERCENT" },
		{ "bustd.bogus=1", { NULL }, CONFIG_BAD,
		  "kernel command line: unknown option '--bogus'" },
		{ "bustd.kmsg bustd.syslog", { NULL }, CONFIG_BAD,
		  "choose one of --syslog and --kmsg" },
		{ "bustd.g=1", { NULL }, CONFIG_BAD,
		  "kernel command line: -g: takes no value" },
		{ "", { "--help" }, CONFIG_HELP, "" },
	};
	char err[LOG_LINE_MAX];
	struct config c;

	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		T_ROW("%s", rows[i].kernel);
		CHECK_EQ_I64(parse_cmdline(&c, &rows[i], err, sizeof err), rows[i].rc);
		CHECK_HAS(err, rows[i].msg);
	}

	/* what the good rows set */
	parse_cmdline(&c, &rows[0], err, sizeof err);
	CHECK_EQ_U64(c.mem_pct.term, 500);
	CHECK_EQ_U64(c.mem_pct.kill, 250);
	CHECK_EQ_U64(c.psi_pct, 30);
	parse_cmdline(&c, &rows[1], err, sizeof err);
	CHECK_EQ_U64(c.mem_pct.term, 2000); /* argv wins */
	parse_cmdline(&c, &rows[2], err, sizeof err);
	CHECK_EQ_I64(c.sink, SINK_SYSLOG);
}

TEST(config_kernel_cmdline_words)
{
	static const struct cmdline_row quoted = {
		"a \"b c\" bustd.avoid=\"^(sshd|drop bear)$\" bustd.hook=\"logger -t oom\""
		"\tbustd.kill-group bustd.u=init\n", { NULL }, CONFIG_RUN, ""
	};
	char err[LOG_LINE_MAX], many[CMDLINE_MAX] = "";
	struct cmdline_row too_many = { many, { NULL }, CONFIG_BAD,
					"more than 32 bustd.* options" };
	struct config c;

	if (CHECK_EQ_I64(parse_cmdline(&c, &quoted, err, sizeof err), CONFIG_RUN)) {
		CHECK(match_any(&c.avoid, "drop bear"));
		CHECK(!match_any(&c.avoid, "sshd-session"));
		CHECK_STR(c.hook, "logger -t oom");
		CHECK(match_any(&c.ignore, "init"));
		CHECK(c.kill_group);
	}
	for (int i = 0; i < 33; i++)
		strcat(many, "bustd.V ");
	CHECK_EQ_I64(parse_cmdline(&c, &too_many, err, sizeof err), CONFIG_BAD);
	CHECK_HAS(err, too_many.msg);
}
