/* test_monitor.c - the daemon's rules over time (monitor.c) on a simulated
 * machine: a clock, memory and stall readings, and a process table that
 * the fakes below answer scans and signals from.
 *
 * The seam: this file compiles src/monitor.c itself, after macros that
 * rename its calls out (clock, readings, scan, signals, hook, log) to the
 * fakes here, so the daemon carries nothing for its tests; tests.mk leaves
 * src/monitor.c out of the unit-test binary for that reason.  Everything
 * else it calls is the real code: policy, report, formatting, the PSI
 * window, the skip list.
 *
 * The machine: 10,000,000 KiB of RAM and no swap, so TERM is at 1,000,000
 * KiB available and KILL at 500,000; 1 % of RAM is 100,000 KiB.  The loop
 * (main.c's) is run_until: sense, step, sleep what step says or until the
 * followed victim exits, as ppoll on its pidfd would. */
#include "sys.h" /* the real inline calls, before the renames */

#define sys_now_ms fake_now_ms
#define sys_now_ns fake_now_ns
#define sys_reap_children fake_reap_children
#define mem_read_fast fake_mem_read_fast
#define mem_read_avail fake_mem_read_avail
#define mem_read_vmstat fake_mem_read_vmstat
#define psi_read fake_psi_read
#define procscan_pick fake_procscan_pick
#define procscan_recheck fake_procscan_recheck
#define kill_send fake_kill_send
#define kill_reap fake_kill_reap
#define kill_exited fake_kill_exited
#define hook_run fake_hook_run
#define log_buf fake_log_buf
#define log_str fake_log_str

static uint64_t fake_now_ms(void);
static uint64_t fake_now_ns(void);
static long fake_reap_children(void);

#include "../src/monitor.c" /* NOLINT(bugprone-suspicious-include) */

#include <stdio.h>
#include <stdlib.h>

#include "t.h"

#define RAM 10000000ull
#define TERM 1000000ull
#define KILL 500000ull
#define T0 1000000ull /* the clock at the start, ms: 0 means "unset" */
#define ARGS_MAX 6
#define PROCS_MAX 12
#define SENT_MAX 64
#define LOG_MAX 65536 /* a few hundred lines: a test that logs more fails */

struct proc {
	int pid;
	const char *name;
	uint64_t rss;     /* KiB, back to available memory after death... */
	uint64_t back_ms; /* ...this long after it, */
	bool held;        /* or never: held by tmpfs, like scenario 10's */
	bool deaf;        /* ignores SIGTERM */
	bool stuck;       /* survives SIGKILL (uninterruptible sleep) */
	bool exiting;     /* exiting, by someone else's hand, and stuck at it */
	bool eperm;       /* signals fail with EPERM */
	bool vanishes;    /* exits on its own just before a signal lands */
	bool ignored;     /* never a candidate (--ignore, -1000) */
	uint64_t eats;    /* KiB/s it takes from available memory */
	uint64_t dies_at; /* set by a signal that ends it */
	bool dead, returned;
};

struct sent {
	uint64_t t;
	int pid, sig, rc;
	unsigned lines; /* log lines written before the signal */
};

static struct {
	uint64_t now, avail, shmem, stall_us;
	uint64_t hidden;   /* MemAvailable less this: a boosted watermark */
	uint64_t free_gap; /* sysinfo's free RAM is this far below avail */
	uint64_t free_at;  /* or, when set, stays here: RAM full of cache */
	uint64_t leak;     /* KiB/s available memory loses to nobody */
	uint64_t leak_frac; /* what the leak took short of a KiB, KiB x ms */
	uint64_t shm_rate; /* KiB/s tmpfs takes from available memory */
	int stall;         /* "some", hundredths of a percent... */
	int stall_odd;     /* ...or this in odd half-seconds, when set */
	uint64_t act, act_rate; /* working-set activations, and a second */
	unsigned vmstat_reads;
	struct proc p[PROCS_MAX];
	int n;
	unsigned wakes, picks, hooks, rechecks;
	uint64_t scan_ms;  /* a pick takes this long, sizes read at its end */
	unsigned tasks;    /* sysinfo's count of tasks */
	unsigned reaped_lines; /* log lines written before the last reap */
	unsigned reaps;
	struct sent sent[SENT_MAX];
	unsigned nsent;
	char log[LOG_MAX];
	size_t log_len;
	unsigned lines;
} w;

static struct config cfg;
static struct monitor mo;

/* --- the fakes ----------------------------------------------------------- */

static uint64_t fake_now_ms(void)
{
	return w.now;
}

static uint64_t fake_now_ns(void)
{
	return w.now * 1000000;
}

static long fake_reap_children(void)
{
	return 0;
}

static struct proc *find(int pid)
{
	for (int i = 0; i < w.n; i++)
		if (w.p[i].pid == pid)
			return &w.p[i];
	return NULL;
}

int fake_mem_read_fast(struct mem *m)
{
	memset(m, 0, sizeof *m);
	m->total_kib = RAM;
	m->tasks = w.tasks;
	m->free_kib = w.avail > w.free_gap ? w.avail - w.free_gap : 0;
	if (w.free_at)
		m->free_kib = w.free_at;
	return 0;
}

int fake_mem_read_avail(struct meminfo_src *s, struct mem *m)
{
	(void)s;
	m->avail_kib = w.avail > w.hidden ? w.avail - w.hidden : 0;
	m->shmem_kib = w.shmem;
	m->anon_kib = 0; /* what the simulated processes hold */
	for (int i = 0; i < w.n; i++)
		if (!w.p[i].dead)
			m->anon_kib += w.p[i].rss;
	m->avail_known = true;
	return 0;
}

int fake_mem_read_vmstat(struct meminfo_src *s, struct vmstat_fields *f)
{
	(void)s;
	w.vmstat_reads++;
	f->activate = w.act; /* 0 unless set: thrashing shows by MemAvailable
			      * <= 2 x TERM */
	f->found = true;
	return 0;
}

int fake_psi_read(struct psi_src *s, uint64_t now_us, struct psi_fields *f)
{
	memset(f, 0, sizeof *f);
	f->some.present = true;
	f->some.total_us = w.stall_us;
	return psi_window_stall(&s->win, now_us, w.stall_us);
}

static void as_victim(const struct proc *p, struct victim *v)
{
	memset(v, 0, sizeof *v);
	v->pidfd = v->score_fd = -1;
	if (!p)
		return;
	v->pid = p->pid;
	v->rss_kib = p->rss;
	snprintf(v->name, sizeof v->name, "%s", p->name);
}

static void advance(uint64_t to);

/* The biggest live candidate that is not skipped, as procscan ranks; the
 * next biggest as the runner-up when asked. */
int fake_procscan_pick(const struct pick_ctx *x, const struct config *c,
		       struct victim *v, struct scan_stats *st)
{
	struct proc *best = NULL, *next = NULL;

	(void)c;
	w.picks++;
	if (w.scan_ms)
		advance(w.now + w.scan_ms);
	memset(st, 0, sizeof *st);
	st->procs = (unsigned)w.n;
	for (int i = 0; i < w.n; i++) {
		struct proc *p = &w.p[i];
		if (p->dead || p->ignored ||
		    skiplist_has(x->skip, p->pid, x->now_ms))
			continue;
		if (!best || p->rss > best->rss) {
			next = best;
			best = p;
		} else if (!next || p->rss > next->rss) {
			next = p;
		}
	}
	if (!best)
		return -ESRCH;
	as_victim(best, v);
	if (x->next)
		as_victim(next, x->next);
	return best->exiting ? -EINPROGRESS : 0;
}

static uint64_t grew(const struct proc *p, const struct victim *v)
{
	return p && !p->dead && p->rss > v->rss_kib ? p->rss - v->rss_kib : 0;
}

/* Ranks by the size now, as a pread of each oom_score would; what the two
 * grew since the pick, in KiB (the fake's scores are sizes). */
struct victim *fake_procscan_recheck(const struct config *c,
				     struct victim *pin, struct victim *next,
				     uint64_t total_kib, uint64_t *grown_kib)
{
	struct proc *p = find(pin->pid), *q = find(next->pid);

	(void)c;
	(void)total_kib;
	w.rechecks++;
	*grown_kib = grew(p, pin) + (next->pid ? grew(q, next) : 0);
	if (q && !q->dead && (!p || p->dead || q->rss > p->rss))
		return next;
	return pin;
}

static void die_at(struct proc *p, uint64_t t)
{
	if (!p->dies_at || p->dies_at > t)
		p->dies_at = t;
}

int fake_kill_send(const struct victim *v, int sig, bool group)
{
	struct proc *p = find(v->pid);
	int rc = 0;

	(void)group;
	if (!p || p->dead || p->vanishes) {
		if (p)
			die_at(p, w.now);
		rc = -ESRCH;
	} else if (p->eperm) {
		rc = -EPERM;
	} else if (sig == SIGKILL ? !p->stuck : !p->deaf) {
		die_at(p, w.now + (sig == SIGKILL ? 20 : 50));
	}
	if (w.nsent < SENT_MAX)
		w.sent[w.nsent++] = (struct sent){ w.now, v->pid, sig, rc,
						   w.lines };
	return rc;
}

void fake_kill_reap(const struct victim *v)
{
	(void)v;
	w.reaped_lines = w.lines;
	w.reaps++;
}

bool fake_kill_exited(const struct victim *v)
{
	struct proc *p = find(v->pid);

	return !p || p->dead;
}

int fake_hook_run(const char *cmd, const struct victim *v)
{
	(void)cmd;
	(void)v;
	w.hooks++;
	return 0;
}

void fake_log_buf(int level, const struct buf *b)
{
	(void)level;
	if (w.log_len + b->len + 1 >= LOG_MAX) {
		CHECK(!"the log fits LOG_MAX");
		return;
	}
	memcpy(w.log + w.log_len, b->p, b->len);
	w.log_len += b->len;
	w.log[w.log_len++] = '\n';
	w.log[w.log_len] = '\0';
	w.lines++;
}

void fake_log_str(int level, const char *a, const char *b, const char *c)
{
	char text[LOG_LINE_MAX];
	struct buf t = BUF_ON(text);

	buf_str(&t, a ? a : "");
	buf_str(&t, b ? b : "");
	buf_str(&t, c ? c : "");
	fake_log_buf(level, &t);
}

/* --- the simulated machine ----------------------------------------------- */

static void advance(uint64_t to)
{
	uint64_t dt = to - w.now, fall;

	w.leak_frac += w.leak * dt;
	fall = w.leak_frac / 1000 + w.shm_rate * dt / 1000;
	w.leak_frac %= 1000;

	for (int i = 0; i < w.n; i++) {
		struct proc *p = &w.p[i];
		if (!p->dead && p->eats) {
			p->rss += p->eats * dt / 1000;
			fall += p->eats * dt / 1000;
		}
	}
	w.shmem += w.shm_rate * dt / 1000;
	w.act += w.act_rate * dt / 1000;
	w.avail = w.avail > fall ? w.avail - fall : 0;
	w.stall_us += dt * 1000 *
		      (uint64_t)(w.stall_odd && w.now / 500 % 2 ? w.stall_odd
								: w.stall) /
		      10000;
	w.now = to;
	for (int i = 0; i < w.n; i++) {
		struct proc *p = &w.p[i];
		if (p->dies_at && p->dies_at <= w.now)
			p->dead = true;
		if (p->dead && !p->held && !p->returned &&
		    w.now >= p->dies_at + p->back_ms) {
			w.avail += p->rss;
			p->returned = true;
		}
	}
}

/* main.c's loop, until the clock reaches end. */
static void run_until(uint64_t end)
{
	while (w.now < end) {
		struct reading r;
		struct proc *p;
		uint64_t next;

		monitor_sense(&mo, &r);
		next = w.now + monitor_step(&mo, &r);
		w.wakes++;
		p = mo.killing ? find(mo.v.pid) : NULL;
		if (p && p->dies_at > w.now && p->dies_at < next)
			next = p->dies_at; /* its pidfd wakes ppoll */
		advance(next > w.now ? next : w.now + 1);
	}
}

static void sim(const char *const args[ARGS_MAX], uint64_t avail)
{
	char *argv[ARGS_MAX + 2], err_mem[LOG_LINE_MAX] = { 0 };
	struct buf err = { err_mem, 0, sizeof err_mem - 1, 0 };
	int argc = 0;

	memset(&w, 0, sizeof w);
	w.now = T0;
	w.avail = avail;
	argv[argc++] = (char *)"bustd";
	for (int i = 0; args && i < ARGS_MAX && args[i]; i++)
		argv[argc++] = (char *)args[i];
	argv[argc] = NULL;
	if (!CHECK_EQ_I64(config_parse(&cfg, argc, argv, &err), CONFIG_RUN))
		printf("       message: %s\n", err_mem);
	memset(&mo, 0, sizeof mo);
	mo.cfg = &cfg;
	mo.proc_fd = mo.mi.meminfo_fd = mo.mi.vmstat_fd = -1;
	mo.psi.read_fd = 0; /* PSI is there: fake_psi_read */
	mo.psi.trigger_fd = -1;
	mo.self_pid = 1;
}

static struct proc *add(int pid, const char *name, uint64_t rss)
{
	struct proc *p = &w.p[w.n++];

	memset(p, 0, sizeof *p);
	p->pid = pid;
	p->name = name;
	p->rss = rss;
	return p;
}

#define ARGS(...) ((const char *const[ARGS_MAX]){ __VA_ARGS__ })

/* Log lines starting with prefix. */
static unsigned lines_with(const char *prefix)
{
	unsigned n = 0;
	size_t len = strlen(prefix);

	for (const char *l = w.log; *l;) {
		const char *nl = strchr(l, '\n');
		if (!strncmp(l, prefix, len))
			n++;
		l = nl + 1;
	}
	return n;
}

/* The nth (from 0) log line starting with prefix, copied into line, and
 * its index in the log; -1 when there is none. */
static int nth_line(const char *prefix, unsigned nth, char line[LOG_LINE_MAX])
{
	size_t len = strlen(prefix);
	int i = 0;

	line[0] = '\0';
	for (const char *l = w.log; *l; i++) {
		const char *nl = strchr(l, '\n');
		if (!strncmp(l, prefix, len) && nth-- == 0) {
			snprintf(line, LOG_LINE_MAX, "%.*s", (int)(nl - l), l);
			return i;
		}
		l = nl + 1;
	}
	return -1;
}

#define line_of(prefix, line) nth_line((prefix), 0, (line))

/* Signals sent from t on (rc 0 or not). */
static unsigned sent_since(uint64_t t)
{
	unsigned n = 0;

	for (unsigned i = 0; i < w.nsent; i++)
		n += w.sent[i].t >= t;
	return n;
}

static void show_sent(void)
{
	for (unsigned i = 0; i < w.nsent; i++)
		printf("       sent %u: t0+%llu ms pid %d sig %d rc %d\n", i,
		       (unsigned long long)(w.sent[i].t - T0), w.sent[i].pid,
		       w.sent[i].sig, w.sent[i].rc);
}

/* The first signal went to pid (as sig, unless 0), and its kill line,
 * starting with kill_line, is copied into line; false, after showing what
 * was sent, when any of it is not so. */
static bool first_signal(int pid, int sig, const char *kill_line,
			 char line[LOG_LINE_MAX])
{
	bool ok = CHECK(w.nsent >= 1) && CHECK_EQ_I64(w.sent[0].pid, pid) &&
		  (!sig || CHECK_EQ_I64(w.sent[0].sig, sig)) &&
		  CHECK(line_of(kill_line, line) >= 0);

	if (!ok)
		show_sent();
	return ok;
}

#define CHECK_SENT(i, at, p, s)                                          \
	do {                                                             \
		if (!CHECK((i) < w.nsent)) {                             \
			show_sent();                                     \
			break;                                           \
		}                                                        \
		CHECK_EQ_U64(w.sent[i].t - T0, (at));                    \
		CHECK_EQ_I64(w.sent[i].pid, (p));                        \
		CHECK_EQ_I64(w.sent[i].sig, (s));                        \
	} while (0)

/* --- following a victim, holding off, backing off ------------------------ */

TEST(monitor_exit_then_holdoff_until_memory_shows)
{
	char line[LOG_LINE_MAX];

	sim(NULL, 900000); /* between the levels: SIGTERM */
	add(10, "hog", 400000)->back_ms = 1000; /* slow to give it back */
	add(11, "other", 200000);
	run_until(T0 + 10000);
	/* one kill: during the second its memory took, TERM still held, but
	 * the hold-off waited for it instead of taking "other" */
	CHECK_EQ_U64(w.nsent, 1);
	CHECK_SENT(0, 0, 10, SIGTERM);
	CHECK(line_of("kill pid=10 name=hog ", line) >= 0);
	CHECK_HAS(line, " signal=SIGTERM reason=memory avail_kib=900000 ");
	CHECK(line_of("exited pid=10 name=hog after_ms=50", line) >= 0);
	CHECK_EQ_U64(lines_with("backoff:"), 0);
	CHECK_EQ_U64(mo.kills, 1);
	CHECK_EQ_U64(mo.strikes, 0);
}

/* After the hog's exit the kernel boosts its watermarks: MemAvailable dips
 * under TERM with nobody eating (scenario 28 with one more small process
 * in the guest: bustd took the working set's sh at the hold-off's end).
 * A back-off, not a kill; a process that then eats is taken at once. */
TEST(monitor_dip_after_exit_is_not_an_eater)
{
	uint64_t t;

	sim(NULL, 900000);
	w.free_at = 300000; /* the rest is page cache */
	add(10, "hog", 400000);
	add(11, "other", 100000);
	run_until(T0 + 500); /* the hog killed, gone, its memory back */
	CHECK_EQ_U64(w.nsent, 1);
	w.hidden = 500000; /* 100 MB under TERM, nothing held more */
	run_until(T0 + 4000);
	CHECK_EQ_U64(w.nsent, 1);
	CHECK_EQ_U64(lines_with("backoff:"), 1);
	t = w.now;
	add(12, "eater", 0)->eats = 1000000; /* 1 GB/s */
	run_until(t + 1000);
	if (!CHECK(w.nsent >= 2))
		return;
	CHECK_EQ_I64(w.sent[1].pid, 12); /* it outranks "other" by then */
	CHECK(w.sent[1].t - t <= 300);
}

/* A new eater during the hold-off (the victim's memory slow to come
 * back) does not wait for its end: at 1 GB/s, 2 s would be 2 GB. */
TEST(monitor_eater_ends_the_holdoff)
{
	uint64_t t;

	sim(NULL, 900000);
	w.free_at = 300000;
	add(10, "hog", 400000)->back_ms = 1500;
	add(11, "other", 100000);
	run_until(T0 + 200); /* the hog killed and gone, its memory not back */
	CHECK_EQ_U64(w.nsent, 1);
	t = w.now;
	add(12, "eater", 0)->eats = 1000000;
	run_until(t + 1000);
	if (!CHECK(w.nsent >= 2))
		return;
	CHECK_EQ_I64(w.sent[1].pid, 12);
	CHECK(w.sent[1].t - t <= 300);
}

TEST(monitor_sigterm_grace_then_sigkill)
{
	sim(NULL, 900000);
	add(10, "deaf", 400000)->deaf = true;
	run_until(T0 + 5000);
	CHECK_EQ_U64(w.nsent, 2);
	CHECK_SENT(0, 0, 10, SIGTERM);
	CHECK_SENT(1, 2000, 10, SIGKILL); /* --grace 2000 */
	CHECK_EQ_U64(mo.kills, 1);

	/* the KILL level during the grace: SIGKILL at once */
	sim(ARGS("--grace", "5000"), 900000);
	add(10, "deaf", 400000)->deaf = true;
	run_until(T0 + 450);
	w.avail = KILL;
	run_until(T0 + 1000);
	CHECK_EQ_U64(w.nsent, 2);
	CHECK_SENT(1, 500, 10, SIGKILL);
}

TEST(monitor_stuck_victim_skipped_for_60s)
{
	sim(NULL, 400000); /* the KILL level: SIGKILL */
	add(10, "stuck", 800000)->stuck = true;
	add(11, "next", 700000); /* its memory ends the shortage */
	add(12, "third", 100000);
	run_until(T0 + 7000);
	CHECK_SENT(0, 0, 10, SIGKILL);
	/* 5 s (KILL_TIMEOUT_MS) later it is given up, and the next wake-up
	 * takes the next candidate */
	CHECK_EQ_U64(lines_with("warning: did not exit after SIGKILL pid=10 "
				"name=stuck waited_ms=5000 "),
		     1);
	CHECK_SENT(1, 5100, 11, SIGKILL);
	CHECK_EQ_U64(w.nsent, 2);
	/* passed over for 60 s (SKIP_MS): a shortage at 40 s takes "third" */
	run_until(T0 + 40000);
	w.avail = 400000;
	run_until(T0 + 42000);
	if (CHECK_EQ_U64(w.nsent, 3)) { /* at the first wake-up after 40 s */
		CHECK(w.sent[2].t >= T0 + 40000 && w.sent[2].t < T0 + 40100);
		CHECK_EQ_I64(w.sent[2].pid, 12);
	}
	/* and it is a candidate again from 65.0 s on */
	run_until(T0 + 70000);
	for (unsigned i = 3; i < w.nsent; i++) {
		T_ROW("signal %u", i);
		CHECK_EQ_I64(w.sent[i].pid, 10);
		CHECK(w.sent[i].t >= T0 + 65000 && w.sent[i].t <= T0 + 67100);
	}
	CHECK(w.nsent > 3);
}

/* Kills that free nothing: the memory is held (tmpfs), and each victim's
 * own memory stays used too. */
static void held_shortage(const char *const args[ARGS_MAX], int procs)
{
	static const char *const names[] = { "p1", "p2", "p3", "p4",
					      "p5", "p6", "p7", "p8" };

	sim(args, 900000);
	for (int i = 0; i < procs; i++)
		add(20 + i, names[i], 20000 - (uint64_t)i)->held = true;
}

TEST(monitor_backoff_8_16_32_64_and_strikes_reset)
{
	static const uint64_t gap[] = { 10050, 18050, 34050, 66050, 66050 };
	static const char *const said[] = { "8 s", "16 s", "32 s", "64 s",
					    "64 s" };
	char line[LOG_LINE_MAX];
	uint64_t t;

	held_shortage(NULL, 8);
	run_until(T0 + 200000);
	/* each kill: 50 ms to exit, 2 s of hold-off, then the back-off */
	CHECK(w.nsent >= 6);
	for (unsigned i = 0; i < 5 && i + 1 < w.nsent; i++) {
		T_ROW("gap %u", i);
		CHECK_EQ_U64(w.sent[i + 1].t - w.sent[i].t, gap[i]);
	}
	for (unsigned i = 0; i < 5; i++) {
		T_ROW("backoff line %u", i);
		CHECK(nth_line("backoff: the last kill did not ", i, line) >=
		      0);
		CHECK(strstr(line, said[i]) != NULL);
	}

	/* 64 s without a shortage clear the strikes: 8 s again */
	w.avail = 2 * TERM;
	run_until(w.now + 64100);
	CHECK_EQ_U64(mo.strikes, 0);
	w.avail = 900000;
	t = w.now;
	run_until(t + 11000);
	CHECK_EQ_U64(sent_since(t), 2);
	if (sent_since(t) == 2)
		CHECK_EQ_U64(w.sent[w.nsent - 1].t - w.sent[w.nsent - 2].t,
			     10050);

	/* and so does a kill that ends the shortage */
	held_shortage(NULL, 3);
	run_until(T0 + 13000); /* two kills, the second back-off */
	CHECK_EQ_U64(mo.strikes, 2);
	add(40, "big", 500000);
	run_until(T0 + 40000);
	CHECK_EQ_U64(w.sent[w.nsent - 1].pid, 40);
	CHECK_EQ_U64(mo.strikes, 0);
}

/* --- signal first, log second -------------------------------------------- */

/* The signal, then its reap (after SIGTERM as well: a victim without a
 * handler is exiting as the signal is sent; the kernel refuses the
 * others), then the log line. */
TEST(monitor_signals_and_reaps_before_logging)
{
	static const struct {
		uint64_t avail;
		const char *sig;
	} rows[] = {
		{ 400000, " signal=SIGKILL reason=memory " },
		{ 900000, " signal=SIGTERM reason=memory " },
	};
	char line[LOG_LINE_MAX];
	int at;

	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		T_ROW("%s", rows[i].sig);
		sim(NULL, rows[i].avail);
		add(10, "hog", 700000);
		run_until(T0 + 500);
		at = line_of("kill pid=10 name=hog ", line);
		CHECK(at >= 0);
		CHECK_HAS(line, rows[i].sig);
		if (CHECK(w.nsent == 1))
			CHECK((unsigned)at >= w.sent[0].lines);
		CHECK_EQ_U64(w.reaps, 1);
		CHECK((unsigned)at >= w.reaped_lines); /* its memory first */
	}
}

/* --- a failed signal is no kill ------------------------------------------ */

TEST(monitor_failed_signal_is_no_kill)
{
	char line[LOG_LINE_MAX];

	sim(ARGS("-N", "true"), 900000);
	add(10, "foreign", 400000)->eperm = true;
	add(11, "next", 300000);
	run_until(T0 + 3000);
	CHECK(line_of("warning: cannot kill pid=10 name=foreign ", line) >= 0);
	CHECK_HAS(line, " signal=SIGTERM reason=memory ");
	CHECK_HAS(line, " errno=1");
	CHECK_EQ_U64(lines_with("kill pid=10 "), 0);
	CHECK_EQ_U64(lines_with("warning: cannot"), 1);
	/* passed over: the next wake-up takes the next one */
	CHECK_SENT(1, 100, 11, SIGTERM);
	CHECK_EQ_U64(w.nsent, 2);
	CHECK_EQ_U64(mo.kills, 1);
	CHECK_EQ_U64(w.hooks, 1);

	/* gone before the signal: no kill either, but its memory is coming
	 * back, so nobody else dies for it */
	sim(ARGS("-N", "true"), 900000);
	add(10, "leaving", 400000)->vanishes = true;
	add(11, "next", 300000);
	run_until(T0 + 3000);
	CHECK(line_of("warning: cannot kill pid=10 name=leaving ", line) >= 0);
	CHECK_HAS(line, " errno=3");
	CHECK(line_of("exited pid=10 name=leaving ", line) >= 0);
	CHECK_EQ_U64(w.nsent, 1);
	CHECK_EQ_U64(mo.kills, 0);
	CHECK_EQ_U64(w.hooks, 0);
}

/* --- no 10 ms polling, no scan storm, while nothing can be done ---------- */

TEST(monitor_backoff_wakeups_bounded)
{
	uint64_t wakes;

	/* the shortage creeps on by a page every 10 ms (slab, a log, page
	 * tables): 0.24 % of RAM a minute, no eater */
	held_shortage(NULL, 8);
	w.leak = 400;
	run_until(T0 + 3000); /* first kill, its hold-off, back-off begins */
	CHECK_EQ_U64(w.nsent, 1);
	wakes = w.wakes;
	run_until(T0 + 10000);
	/* --min-sleep 100: 70 wake-ups in 7 s, not 700 */
	if (!CHECK(w.wakes - wakes <= 71))
		printf("       %llu wake-ups in 7 s of back-off\n",
		       (unsigned long long)(w.wakes - wakes));
	run_until(T0 + 60000);
	CHECK(w.wakes <= 601 + 2 * 5); /* the exits' wake-ups on top */
}

TEST(monitor_no_victim_scans_bounded)
{
	char line[LOG_LINE_MAX];
	uint64_t t;

	sim(NULL, 900000);
	add(30, "ignored", 500000)->ignored = true;
	w.leak = 400;
	run_until(T0 + 60000);
	/* one scan a second (RESCAN_MS), not one a wake-up */
	if (!CHECK(w.picks <= 61) | !CHECK(w.wakes <= 601))
		printf("       %u scans, %u wake-ups in 60 s\n", w.picks,
		       w.wakes);
	CHECK_EQ_U64(lines_with("warning: memory is low but no process may "
				"be killed"),
		     1);
	/* a new eater does not wait for the next scan: more than 1 % of RAM
	 * gone since the last one, and it is chosen */
	t = w.now;
	add(31, "hog", 0)->eats = 1000000; /* 1 GB/s */
	run_until(t + 1000);
	CHECK(w.nsent >= 1);
	if (w.nsent) {
		CHECK_EQ_I64(w.sent[0].pid, 31);
		CHECK(w.sent[0].t - t <= 300);
	}
	CHECK(line_of("kill pid=31 name=hog ", line) >= 0);
}

/* --- the hold-off and the back-off, whatever the verdict's reason -------- */

/* Memory held in tmpfs, and a stall above -p from a working set swept
 * through the rest (scenario 10's second part): the pressure rule says
 * kill, and no kill can help. */
TEST(monitor_pressure_backs_off_too)
{
	uint64_t t1;

	sim(NULL, 1500000); /* within 2 x TERM */
	w.free_gap = 600000; /* free RAM short: the page cache has it */
	w.stall = 5000;      /* 50 % */
	for (int i = 0; i < 6; i++)
		add(20 + i, "idle", 20000 - (uint64_t)i);
	run_until(T0 + 60000);
	if (!CHECK(w.nsent >= 1))
		return;
	t1 = w.sent[0].t;
	CHECK_EQ_I64(w.sent[0].sig, SIGKILL);
	/* the freed memory shows (memory verdict none), the stall is
	 * re-measured from the exit and still high: no kill in the hold-off,
	 * a strike at its end */
	CHECK(w.nsent >= 2 && w.sent[1].t - t1 >= 10000);
	CHECK(sent_since(t1) <= 3 + sent_since(t1 + 40000));
	CHECK(lines_with("backoff:") >= 2);

	/* a stall hovering at -p (10 % and 40 % by turns; PSI's window
	 * reads 25 % give or take) flips the verdict to none now and then:
	 * no sign that the kills help, no reset of the strikes */
	sim(NULL, 1500000);
	w.free_gap = 600000;
	w.stall = 1000;
	w.stall_odd = 4000;
	for (int i = 0; i < 6; i++)
		add(20 + i, "idle", 20000 - (uint64_t)i);
	run_until(T0 + 60000);
	if (CHECK(w.nsent >= 1)) {
		t1 = w.sent[0].t;
		CHECK(sent_since(t1) <= 3 + sent_since(t1 + 40000));
	}

	/* thrashing swings MemAvailable: 1.5 % of RAM lost above TERM is not
	 * taken for an eater (it would end the back-off) */
	sim(NULL, 1500000);
	w.free_gap = 600000;
	w.stall = 5000;
	for (int i = 0; i < 6; i++)
		add(20 + i, "idle", 20000 - (uint64_t)i);
	run_until(T0 + 5000); /* a kill, its hold-off: an 8 s back-off */
	CHECK_EQ_U64(w.nsent, 1);
	w.avail -= 150000;
	run_until(T0 + 9000);
	CHECK_EQ_U64(w.nsent, 1);
}

TEST(monitor_eater_ends_backoff)
{
	uint64_t t;

	held_shortage(NULL, 8);
	run_until(T0 + 31000); /* third kill at 28.1 s, then a 32 s back-off */
	CHECK_EQ_U64(w.nsent, 3);
	CHECK(mo.backoff_until_ms > T0 + 60000);
	/* tmpfs takes 2 % of RAM: the fall went into shared memory, no kill */
	w.shm_rate = 200000;
	run_until(T0 + 32000);
	w.shm_rate = 0;
	run_until(T0 + 35000);
	CHECK_EQ_U64(w.nsent, 3);
	/* a new hog at 1 GB/s: chosen once it has taken 1 % of RAM */
	t = w.now;
	add(40, "hog", 0)->eats = 1000000;
	run_until(t + 1000);
	if (CHECK(w.nsent >= 4)) {
		CHECK_EQ_I64(w.sent[3].pid, 40);
		CHECK(w.sent[3].t - t <= 300);
	}
}

TEST(monitor_foreign_exit_waits_5s_at_most)
{
	char line[LOG_LINE_MAX];

	sim(NULL, 900000);
	/* the biggest is exiting (the kernel's OOM killer, a user) and stuck
	 * at it; its memory never comes back */
	add(10, "exiting", 800000)->exiting = true;
	add(11, "next", 200000);
	run_until(T0 + 20000);
	CHECK_SENT(0, 5000, 11, SIGTERM);
	CHECK(line_of("warning: still exiting pid=10 ", line) >= 0);
	CHECK_HAS(line, " waited_ms=5000 ");
	CHECK_EQ_U64(lines_with("backoff:"), 0);
}

/* --- choosing ahead, pacing on MemAvailable ------------------------------ */

/* A machine whose RAM is full of page cache: free RAM sits at the
 * watermark, a hog at 3 GB/s (under the 4 GB/s fill rate) takes
 * reclaimable cache and only MemAvailable falls.  With -m 10,8 it crosses
 * the TERM-KILL window (200,000 KiB) in 67 ms, under one --min-sleep:
 * paced on free RAM's fall, bustd could meet it below KILL.  Paced on MemAvailable's, it reads faster as the hog nears
 * TERM, sends SIGTERM first, at most one pause's fall above TERM, and
 * signals the victim it pinned ahead, without a scan in that reading. */
TEST(monitor_cache_full_fast_hog_gets_sigterm_near_term)
{
	char line[LOG_LINE_MAX];
	unsigned picks;

	sim(ARGS("-m", "10,8"), 6000000);
	w.free_at = 100000;
	add(11, "other", 200000);
	run_until(T0 + 2000); /* at rest, nothing pinned */
	CHECK(!mo.pinned);
	CHECK_EQ_U64(w.picks, 0);
	add(10, "hog", 0)->eats = 3000000;
	run_until(w.now + 3000);
	if (!first_signal(10, SIGTERM, "kill pid=10 name=hog ", line))
		return;
	CHECK_HAS(line, " pinned=1 pin_age_ms=");
	/* one scan, ahead; none at the signal */
	picks = w.picks;
	CHECK_EQ_U64(picks, 1);
	if (CHECK(strstr(line, " avail_kib=") != NULL)) {
		uint64_t at = strtoull(strstr(line, " avail_kib=") + 11, NULL,
				       10);
		CHECK(at > TERM - 100000 && at <= TERM + 200000);
	}
	for (unsigned i = 0; i < w.nsent; i++)
		CHECK(w.sent[i].sig != SIGKILL || w.sent[i].t > w.sent[0].t);
}

/* A hog at 3 GB/s, stalled in reclaim for the one pause after the fall's
 * base moved on (-m 10,9: a window of 100 MB, 33 ms at that rate): the
 * reading after it sees no fall since that young base, but the base
 * before it saw 3 GB/s.  Read as a stop, the pause ran past
 * TERM and the hog met SIGKILL below KILL (scenario 23: 0.4 MiB in 11 ms
 * read as 38 MB/s where the last 70 ms said 469). */
TEST(monitor_one_flat_pause_after_the_base_moved_is_no_stop)
{
	char line[LOG_LINE_MAX];
	struct proc *hog;
	uint64_t base;
	bool stalled = false, done = false;

	sim(ARGS("-m", "10,9"), 6000000);
	w.free_at = 100000;
	add(11, "other", 200000);
	run_until(T0 + 2000);
	hog = add(10, "hog", 0);
	hog->eats = 3000000;
	base = mo.base.ms;
	while (!w.nsent && w.now < T0 + 10000) {
		run_until(w.now + 1); /* one reading */
		if (stalled) {
			hog->eats = 3000000;
			stalled = false;
			done = true;
		} else if (!done && mo.base.ms != base &&
			   w.avail < TERM + 300000) {
			hog->eats = 0;
			stalled = true;
		}
		base = mo.base.ms;
	}
	CHECK(done);
	run_until(w.now + 1000);
	first_signal(10, SIGTERM, "kill pid=10 name=hog ", line);
}

/* A reading that comes late, between the levels, memory falling so fast
 * that the next one would find it below KILL: SIGTERM all the same, as
 * memory is still above KILL, and SIGKILL at the next reading to a victim
 * that ignores it (scenario 22: 2 of 40 full-speed hogs had SIGKILL
 * first, at 13.9 and 15.6 MiB with KILL at 10.9). */
TEST(monitor_sigterm_first_while_above_kill)
{
	char line[LOG_LINE_MAX];
	struct proc *hog;

	sim(NULL, 3000000);
	w.free_at = 100000;
	add(11, "other", 200000);
	hog = add(10, "hog", 0);
	hog->deaf = true;
	run_until(T0 + 2000);
	hog->eats = 4000000;
	while (w.avail > TERM + 150000 && !w.nsent)
		run_until(w.now + 1); /* one reading */
	advance(w.now + 110); /* the next wake-up comes 110 ms late */
	run_until(w.now + 2000);
	if (!first_signal(10, SIGTERM, "kill pid=10 name=hog ", line))
		return;
	CHECK_HAS(line, " reason=memory ");
	CHECK(w.sent[0].t > T0 + 2000);
	if (CHECK(w.nsent >= 2)) {
		CHECK_EQ_I64(w.sent[1].pid, 10);
		CHECK_EQ_I64(w.sent[1].sig, SIGKILL);
		CHECK(w.sent[1].t - w.sent[0].t <= 100);
	}
}

/* The pinned victim died before TERM came: the TERM reading scans. */
TEST(monitor_dead_pin_leads_to_a_scan)
{
	char line[LOG_LINE_MAX];
	struct proc *big;

	sim(NULL, 3000000);
	w.free_at = 100000;
	big = add(11, "big", 900000);
	big->held = true;
	add(12, "next", 300000);
	w.leak = 1000000; /* 1 GB/s, taken by nobody we can see */
	while (!mo.pinned && w.now < T0 + 3000)
		run_until(w.now + 1);
	if (!CHECK(mo.pinned))
		return;
	CHECK_EQ_I64(mo.pin.pid, 11);
	big->dead = true; /* gone on its own, its memory held (tmpfs) */
	run_until(T0 + 4000);
	if (!CHECK(w.nsent >= 1)) {
		show_sent();
		return;
	}
	CHECK_EQ_I64(w.sent[0].pid, 12);
	CHECK(w.picks >= 2);
	CHECK(line_of("kill pid=12 name=next ", line) >= 0);
	CHECK_HAS(line, " pinned=0");
}

/* Memory headed for TERM, a victim pinned; then the fall stops and memory
 * comes back: the pin is dropped and nobody is signalled. */
TEST(monitor_pin_dropped_on_recovery)
{
	sim(NULL, 3000000);
	w.free_at = 100000;
	add(11, "big", 900000);
	w.leak = 1000000;
	while (!mo.pinned && w.now < T0 + 3000)
		run_until(w.now + 1);
	if (!CHECK(mo.pinned))
		return;
	w.leak = 0;
	w.avail += 1000000; /* a big process exited */
	run_until(w.now + 3000);
	CHECK(!mo.pinned);
	CHECK_EQ_U64(w.nsent, 0);
}

/* Pinned, then MemAvailable wavers up by 0.3 % of RAM while the hog
 * stalls in reclaim, and falls on: the pin stands, and the TERM reading
 * signals it without a scan (dropping it on any rise sent a 10,000-process
 * guest's TERM reading to a scan). */
TEST(monitor_pin_survives_a_waver)
{
	char line[LOG_LINE_MAX];
	struct proc *hog;
	unsigned wakes;

	sim(NULL, 3000000);
	w.free_at = 100000;
	add(11, "other", 200000);
	hog = add(12, "hog", 400000);
	hog->eats = 1000000;
	while (!mo.pinned && w.now < T0 + 3000)
		run_until(w.now + 1);
	if (!CHECK(mo.pinned))
		return;
	hog->eats = 0;
	w.avail = mo.pin_avail_kib + 30000;
	wakes = w.wakes;
	while (w.wakes == wakes)
		run_until(w.now + 1); /* the next reading sees the rise */
	CHECK(mo.pinned);
	hog->eats = 1000000;
	run_until(w.now + 3000);
	if (!first_signal(12, 0, "kill pid=12 name=hog ", line))
		return;
	CHECK_HAS(line, " pinned=1 ");
}

/* A hog among 10,000 tasks (300 ms scans), pinned on its way to TERM,
 * then stalled in its own reclaim for a second and a half before it
 * goes on: the pin, older than a second by then, is what the TERM
 * reading signals: one scan in all. */
TEST(monitor_one_scan_for_a_slow_approach)
{
	char line[LOG_LINE_MAX];
	struct proc *hog;

	sim(NULL, 3000000);
	w.free_at = 100000;
	w.tasks = 10000;
	add(11, "other", 200000);
	hog = add(12, "hog", 400000);
	hog->eats = 1000000;
	w.scan_ms = 300;
	while (!mo.pinned && w.now < T0 + 3000)
		run_until(w.now + 1);
	if (!CHECK(mo.pinned))
		return;
	hog->eats = 0;
	run_until(w.now + 1500);
	hog->eats = 1000000;
	run_until(w.now + 3000);
	if (!first_signal(12, SIGTERM, "kill pid=12 name=hog ", line))
		return;
	CHECK_HAS(line, " pinned=1 pin_age_ms=");
	if (CHECK(strstr(line, " pin_age_ms=") != NULL))
		CHECK(strtoull(strstr(line, " pin_age_ms=") + 12, NULL, 10) >
		      1000);
	CHECK_EQ_U64(w.picks, 1);
}

/* MemAvailable falls at 2 GB/s to 2 % of RAM above TERM and stops, and no
 * process holds what it lost (a file streaming into the cache of a small
 * board): no look-ahead, no signal.  A bystander was SIGTERMed so. */
TEST(monitor_no_look_ahead_on_a_fall_nobody_holds)
{
	sim(NULL, 1600000);
	w.free_at = 100000;
	add(11, "bystander", 300000);
	w.leak = 2000000;
	while (w.avail > TERM + 20000)
		run_until(w.now + 1);
	w.leak = 0;
	run_until(w.now + 3000);
	CHECK_EQ_U64(w.nsent, 0);
	if (w.nsent)
		show_sent();
}

/* At rest far from the levels, free RAM alone tells: no MemAvailable
 * read, no scan ahead. */
TEST(monitor_rest_reads_sysinfo_only)
{
	struct reading r;

	sim(NULL, 6000000);
	w.free_gap = 0;
	add(11, "other", 200000);
	run_until(T0 + 2000);
	monitor_sense(&mo, &r);
	CHECK(!r.mem.avail_known);
	CHECK_EQ_U64(w.picks, 0);
}

/* Pinned ahead, then overtaken: the runner-up at pin time grew past the
 * pinned process before TERM came.  The TERM reading re-checks the two
 * (no scan) and signals the runner-up; the kill line says so. */
TEST(monitor_pin_overtaken_by_runner_up)
{
	char line[LOG_LINE_MAX];
	struct proc *grower;

	sim(NULL, 3000000);
	w.free_at = 100000;
	add(11, "big", 900000);
	grower = add(12, "grower", 800000);
	w.leak = 1000000; /* 1 GB/s, taken by nobody we can see */
	while (!mo.pinned && w.now < T0 + 3000)
		run_until(w.now + 1);
	if (!CHECK(mo.pinned))
		return;
	CHECK_EQ_I64(mo.pin.pid, 11);
	CHECK_EQ_I64(mo.pin_next.pid, 12);
	grower->rss = 1000000;
	run_until(T0 + 4000);
	if (!CHECK(w.nsent >= 1)) {
		show_sent();
		return;
	}
	CHECK_EQ_I64(w.sent[0].pid, 12);
	CHECK_EQ_I64(w.sent[0].sig, SIGTERM);
	CHECK_EQ_U64(w.picks, 1);
	CHECK_EQ_U64(w.rechecks, 1);
	CHECK(line_of("kill pid=12 name=grower ", line) >= 0);
	CHECK_HAS(line, " pinned=1 pin_age_ms=");
	CHECK_HAS(line, " runner_up=1 react_us=0");
}

/* Pinned ahead, still the biggest, and the one eating: signalled from the
 * pin, no runner-up word. */
TEST(monitor_pin_kept_when_still_first)
{
	char line[LOG_LINE_MAX];

	sim(NULL, 3000000);
	w.free_at = 100000;
	add(11, "big", 900000)->eats = 1000000;
	add(12, "next", 800000);
	run_until(T0 + 4000);
	if (!CHECK(w.nsent >= 1)) {
		show_sent();
		return;
	}
	CHECK_EQ_I64(w.sent[0].pid, 11);
	CHECK_EQ_U64(w.picks, 1);
	CHECK(line_of("kill pid=11 name=big ", line) >= 0);
	CHECK_HAS(line, " pinned=1 pin_age_ms=");
	CHECK(strstr(line, "runner_up") == NULL);
}

/* Pinned ahead while a process the scan never saw does the eating (it
 * started after the scan: a 64 MiB board pinned a 1.8 MiB bystander 100 ms
 * before its hog began): the pin and its runner-up grew by nothing like
 * the fall, so the TERM reading scans and the newcomer is signalled. */
TEST(monitor_pin_not_the_eater_scans)
{
	char line[LOG_LINE_MAX];
	struct proc *hog;

	sim(NULL, 3000000);
	w.free_at = 100000;
	add(11, "bystander", 300000);
	add(12, "other", 200000);
	w.leak = 1000000; /* until the pin: a hog we cannot see yet */
	while (!mo.pinned && w.now < T0 + 3000)
		run_until(w.now + 1);
	if (!CHECK(mo.pinned))
		return;
	CHECK_EQ_I64(mo.pin.pid, 11);
	w.leak = 0;
	hog = add(13, "hog", 290000);
	hog->eats = 1000000;
	run_until(T0 + 4000);
	if (!CHECK(w.nsent >= 1)) {
		show_sent();
		return;
	}
	CHECK_EQ_I64(w.sent[0].pid, 13);
	CHECK(w.picks >= 2);
	CHECK(line_of("kill pid=13 name=hog ", line) >= 0);
	CHECK_HAS(line, " pinned=0");
}

/* Many processes: the pick ahead takes 500 ms, and the hog, last in
 * /proc, has its size read as the scan ends, 250 MB after the reading
 * that began it.  The fall since the pin is counted from the scan's end,
 * so the hog explains it and the TERM reading signals it from the pin
 * (counted from the scan's start, it was a fall "nobody" made: scenario
 * 33 scanned at TERM among 10,000 processes, 552 ms after the reading). */
TEST(monitor_pin_after_a_slow_scan_is_used)
{
	char line[LOG_LINE_MAX];

	sim(NULL, 3000000);
	w.free_at = 100000;
	add(11, "other", 200000);
	add(12, "hog", 400000)->eats = 500000;
	w.scan_ms = 500;
	run_until(T0 + 8000);
	if (!first_signal(12, SIGTERM, "kill pid=12 name=hog ", line))
		return;
	CHECK_HAS(line, " pinned=1 ");
}

/* A hog at the fill rate, from rest, among 5,000 tasks, the last scan timed
 * among 1,000 (40 ms; one now takes 200): the pause at rest ends three
 * estimated scans (600 ms) before TERM, so a reading sees the hog coming
 * in time to pin it, and the TERM reading does not scan.  A pause to TERM
 * itself (as before) met the hog first at TERM: a 200 ms scan there. */
TEST(monitor_rest_pause_leaves_time_to_choose)
{
	char line[LOG_LINE_MAX];

	sim(ARGS("--fill-rate", "1000"), 3000000);
	w.free_at = 100000;
	w.tasks = 5000;
	mo.scan_ms = 40;
	mo.scan_tasks = 1000;
	add(11, "other", 200000);
	run_until(T0 + 3000); /* at rest, nothing pinned */
	CHECK_EQ_U64(w.picks, 0);
	w.scan_ms = 200;
	add(12, "hog", 0)->eats = 1000000;
	run_until(w.now + 3000);
	if (!first_signal(12, SIGTERM, "kill pid=12 name=hog ", line))
		return;
	CHECK_HAS(line, " pinned=1 ");
}

/* --- the sustained rule (--sustained, thrash.c) --------------------------- */

/* A hog holds RAM where a working set no longer fits: a 10 % stall, under
 * -p 25 in every window, goes on.  Default --sustained 5,5: SIGTERM within
 * one horizon and a bit, reason=sustained; the hog's memory shows and no
 * one else is killed.  --sustained 0: nobody in 20 s. */
TEST(monitor_sustained_stall_gets_a_sigterm)
{
	char line[LOG_LINE_MAX];

	sim(NULL, 1500000);
	w.free_gap = 600000; /* free RAM short: the page cache has it */
	w.stall = 1000;
	w.act_rate = 1000; /* a sixteenth of the floor is 610 */
	add(20, "hog", 7000000);
	add(21, "reader", 100000);
	run_until(T0 + 20000);
	if (CHECK_EQ_U64(w.nsent, 1)) {
		CHECK_EQ_I64(w.sent[0].pid, 20);
		CHECK_EQ_I64(w.sent[0].sig, SIGTERM);
		/* 5 s of history, then the window's first step over 5 % */
		T_ROW("sent at t0+%llu ms",
		      (unsigned long long)(w.sent[0].t - T0));
		CHECK(w.sent[0].t - T0 <= 5000 + 5000 / THRASH_STEPS + 200);
	}
	line_of("kill ", line);
	CHECK_HAS(line, " reason=sustained ");
	CHECK_HAS(line, " psi_some_sustained=10.");

	sim(ARGS("--sustained", "0"), 1500000);
	w.free_gap = 600000;
	w.stall = 1000;
	w.act_rate = 1000;
	add(20, "hog", 7000000);
	run_until(T0 + 20000);
	CHECK_EQ_U64(w.nsent, 0);
}

/* A machine full of page cache rests with free RAM short: the sustained
 * window takes its samples, but with no stall since the last one vmstat
 * (the costliest file bustd reads) is not read.  A 10 % stall that starts
 * there gets its activations read from its first step, and the SIGTERM
 * within three quarters of a horizon, as when vmstat was read all along
 * (thrash_onset_and_burst). */
TEST(monitor_sustained_reads_vmstat_only_after_a_stall)
{
	sim(NULL, 1500000);
	w.free_gap = 600000;
	w.act_rate = 1000;
	add(20, "hog", 7000000);
	add(21, "reader", 100000);
	run_until(T0 + 20000);
	CHECK_EQ_U64(w.nsent, 0);
	CHECK_EQ_U64(w.vmstat_reads, 1); /* the window's first sample */
	w.stall = 1000;
	run_until(T0 + 30000);
	CHECK(w.vmstat_reads > 1);
	if (CHECK_EQ_U64(w.nsent, 1)) {
		CHECK_EQ_I64(w.sent[0].pid, 20);
		CHECK_EQ_I64(w.sent[0].sig, SIGTERM);
		T_ROW("sent %llu ms after the stall began",
		      (unsigned long long)(w.sent[0].t - T0 - 20000));
		CHECK(w.sent[0].t - T0 - 20000 <= 5000 * 3 / 4);
	}
}

/* No kill that cannot help: half of RAM available and processes holding
 * less (a file streamed past a working set), a 40 % stall with working-set
 * activations far over the floor: neither rule kills.  The same stall with
 * 15 % available: the acute rule's SIGKILL. */
TEST(monitor_no_pressure_kill_while_cache_holds_ram)
{
	sim(NULL, 5100000);
	w.free_gap = 4800000; /* free RAM at 300,000 KiB: short */
	w.stall = 4000;
	w.act_rate = 100000;
	add(20, "sweeper", 200000);
	add(21, "reader", 100000);
	run_until(T0 + 20000);
	CHECK_EQ_U64(w.nsent, 0);

	sim(NULL, 1500000);
	w.free_gap = 1200000;
	w.stall = 4000;
	w.act_rate = 100000;
	add(20, "sweeper", 200000);
	run_until(T0 + 5000);
	if (CHECK(w.nsent >= 1))
		CHECK_EQ_I64(w.sent[0].sig, SIGKILL);
}
