/* main.c - start-up (config, checks, self-protection, daemonizing) and
 * the event loop.  Everything a user can get wrong is refused before the
 * daemon starts: exit 2 for usage, 1 for an unusable system. */
#include <elf.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "config.h"
#include "fillrate.h"
#include "fork.h"
#include "hook.h"
#include "levels.h"
#include "log.h"
#include "monitor.h"
#include "prio.h"
#include "procfs.h"
#include "startup.h"
#include "sys.h"

#ifndef BUSTD_VERSION
#define BUSTD_VERSION "unknown"
#endif

enum { EXIT_OK = 0, EXIT_FATAL = 1, EXIT_USAGE = 2, START_OK = -1 };

/* Stack locked ahead of need below main's frame, so the loop never faults
 * on its stack: its deepest path (loop, scan with its getdents buffer,
 * match) takes 3.6 KiB, 4.1 with libc's leaf frames (tests/static.sh
 * checks it with gcc -fcallgraph-info), and a signal frame in ppoll up to
 * 3.5 KiB where the CPU's register state is large.  Every page of it is
 * resident set, so it is sized to that need, not rounded up to pages. */
#define STACK_RESERVE 4096
/* Start-up may run deeper than the loop (--cmdline's 4 KiB buffer, a long
 * pattern's parse): this much stack below the reserve is handed back */
#define STARTUP_STACK_MAX 65536
/* ...below what lock_memory's own frame may keep under its reserve */
#define FRAME_BELOW_MAX 1024

static struct config cfg __attribute__((aligned(8))); /* see procfs.c */
/* The monitor's state lives in main's frame, which the loop never leaves:
 * on the stack, locked with it, where the reserve below main has room
 * (tests/static/stack-depth.py), instead of 968 bytes of bss that kept
 * data and bss on a third page. */
static struct monitor *mo;
static uintptr_t page_mask = 4095; /* the kernel's page size - 1 (main) */
static volatile sig_atomic_t got_exit, got_status;

static void on_signal(int sig)
{
	if (sig == SIGUSR1)
		got_status = 1;
	else
		got_exit = sig;
}

static void out(int fd, const struct buf *b)
{
	sys_write(fd, b->p, b->len);
}

STARTUP static int fatal(const char *what, const char *detail)
{
	log_str(LV_ERR, "fatal: ", what, detail);
	return EXIT_FATAL;
}

STARTUP static void warn_because(const char *what, const struct buf *why)
{
	char line[LOG_LINE_MAX];
	struct buf b = BUF_ON(line);

	buf_str(&b, "warning: ");
	buf_str(&b, what);
	buf_mem(&b, why->p, why->len);
	log_buf(LV_WARN, &b);
}

/* The margin by which MemAvailable can sit below sysinfo's free RAM is the
 * kernel's reserve (watermarks plus lowmem reserves): about 1.5x
 * min_free_kbytes plus a fraction of RAM.  Above threshold + margin,
 * /proc/meminfo need not be read at all. */
STARTUP static uint64_t avail_margin(int proc_fd, uint64_t total_kib)
{
	char text[24];
	uint64_t min_free = 0;
	int fd = sys_openat(proc_fd, "sys/vm/min_free_kbytes", O_RDONLY);

	if (fd >= 0) {
		long n = sys_read(fd, text, sizeof text - 1);
		sys_close(fd);
		if (n > 0) {
			text[n] = '\0';
			if (!scan_u64(text, &min_free))
				min_free = 0;
		}
	}
	return min_free ? 2 * min_free + total_kib / 64 : total_kib / 16;
}

/* Before mlockall, which would keep the measuring pages locked. */
STARTUP static void measure_fill_rate(void)
{
	int sys_fd = sys_openat(AT_FDCWD, "/sys", O_RDONLY | O_DIRECTORY);
	unsigned rate = fillrate_measure(sys_fd);

	if (sys_fd >= 0)
		sys_close(sys_fd);
	if (rate)
		cfg.fill_rate = rate;
	else
		cfg.fill_rate_measured = false; /* the default stands */
}

STARTUP __attribute__((noinline)) static int run_once(struct reading *r,
						const struct derived *derived,
						const char *psi_note)
{
	char text[1024];
	struct buf b = BUF_ON(text);
	struct victim v;
	struct verdict verdict;
	unsigned sleep;
	bool have;

	/* main had monitor_sense read MemAvailable and the stall (forced, for
	 * the human reading) */
	if (!r->mem.avail_known)
		return fatal("cannot read /proc/meminfo", NULL);
	verdict = policy_decide(&cfg, &r->lv, &r->mem, &r->pr);
	sleep = policy_sleep_ms(&cfg, &r->lv, &r->mem, &r->pr);
	have = monitor_pick(mo, r, false, &v) == 0;
	report_once(&b, &cfg, r, &verdict, sleep, have ? &v : NULL, psi_note);
	out(1, &b);
	if (!cfg.mem_given) {
		b.len = 0;
		levels_note(&b, derived, r->mem.total_kib);
		out(1, &b);
	}
	return EXIT_OK;
}

/* The classic double fork: the parent returns to the shell at once, the
 * session leader in between exits so the daemon can never regain a
 * controlling terminal.  Returns -1 (still in the foreground) when the
 * first fork fails. */
STARTUP static int daemonize(void)
{
	/* _Fork, not fork: bustd has no atfork handlers, and musl's fork
	 * links thread locks and the vDSO lookup (3 KiB) for them */
	pid_t pid = bustd_fork();
	int fd;

	if (pid < 0)
		return -1;
	if (pid > 0)
		_exit(0);
	setsid();
	if (bustd_fork() > 0)
		_exit(0); /* if this fork fails, the session leader carries on */
	if (chdir("/") < 0)
		return 0;
	fd = sys_openat(AT_FDCWD, "/dev/null", O_RDWR);
	if (fd >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		if (fd > 2)
			sys_close(fd);
	}
	return 0;
}

STARTUP static void self_protect(void)
{
	int fd = sys_openat(AT_FDCWD, "/proc/self/oom_score_adj", O_WRONLY);

	if (fd < 0 || sys_write(fd, "-1000", 5) < 0)
		log_str(LV_WARN, "warning: cannot set oom_score_adj to -1000 "
				 "(no CAP_SYS_RESOURCE?); the kernel OOM killer "
				 "may choose bustd",
			NULL, NULL);
	if (fd >= 0)
		sys_close(fd);
}

/* bustd never calls into the vDSO: sys.h reads the clock with a plain
 * syscall and musl returns from signal handlers through its own restorer
 * (SA_RESTORER).  So the vDSO's pages are resident set and nothing else:
 * hand them back.  The kernel refuses to unmap part of it, so its extent
 * comes from /proc/self/maps, not from its ELF headers.  glibc builds keep
 * it, as glibc may use it internally, and so do architectures whose
 * kernels return from signal handlers through it (sys.h). */
STARTUP static void drop_vdso(void)
{
#if !defined(__GLIBC__) && !BUSTD_SIGRETURN_VDSO
	const char *p = proc_scratch, *end;
	long n = proc_read_at(AT_FDCWD, "/proc/self/maps");

	if (n <= 0)
		return;
	end = proc_scratch + n;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		uint64_t lo, hi;
		const char *q;

		if (!nl)
			return;
		if (nl - p > 6 && !memcmp(nl - 6, "[vdso]", 6) &&
		    (q = scan_hex(p, &lo)) && *q == '-' && scan_hex(q + 1, &hi) &&
		    hi > lo)
			sys_munmap((uintptr_t)lo, (size_t)(hi - lo));
		p = nl + 1;
	}
#endif
}

/* The kernel's page size: 4 KiB on x86, 16 or 64 KiB on some arm64 and
 * mips kernels, where madvise and munlock round a length up to a whole
 * page (rounding to 4 KiB there would drop written data next to the
 * code).  Read from the auxiliary vector that follows the environment on
 * the initial stack: the ELF start-up layout, the same under every libc
 * and under src/rt/. */
STARTUP static uintptr_t page_size(char **envp)
{
	const uintptr_t *a;

	while (*envp)
		envp++;
	for (a = (const uintptr_t *)(envp + 1); a[0] != AT_NULL; a += 2)
		if (a[0] == AT_PAGESZ && a[1] >= 4096 &&
		    !(a[1] & (a[1] - 1)))
			return a[1];
	return 4096;
}

/* Locks what the loop and the kill path use, and nothing else.  The
 * image's read-only segment (code, constants) is a clean file mapping, so
 * dropping it from our page tables costs nothing: start-up code and the
 * help text stay out, and the dry pass that follows faults back in, and
 * MCL_ONFAULT locks, the pages the loop needs.  Writable data and a stack
 * reserve are touched so that they are locked too. */
STARTUP __attribute__((noinline)) static void lock_memory(void)
{
	/* the linker's own symbols, reserved names by design */
	extern char __executable_start[], __init_array_start[], _end[]; // NOLINT(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp)
	uintptr_t lo = (uintptr_t)__executable_start;
	uintptr_t hi = (uintptr_t)__init_array_start & ~page_mask;
	volatile char stack[STACK_RESERVE];
	long rc;

	drop_vdso();
	sys_madvise(lo, hi - lo, MADV_DONTNEED);
	/* Below this frame nothing is live (start returned, the syscall is
	 * inline): drop what start-up faulted in there.  Not from the
	 * reserve's lowest page: the frame keeps spills and outgoing
	 * arguments below the array too (mips o32), and where they crossed
	 * into the page below, zeroing it crashed bustd under qemu-mips for
	 * one length of argv[0].  The kernel's stack guard gap keeps any
	 * other mapping further away than this; an unmapped part only makes
	 * madvise say ENOMEM. */
	sys_madvise((((uintptr_t)&stack[0] - FRAME_BELOW_MAX) & ~page_mask) -
			    STARTUP_STACK_MAX,
		    STARTUP_STACK_MAX, MADV_DONTNEED);
	rc = sys_mlockall(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT);
	if (rc == -EINVAL) /* before Linux 4.4: lock everything mapped */
		rc = sys_mlockall(MCL_CURRENT | MCL_FUTURE);
	if (rc < 0) {
		log_str(LV_WARN, "warning: mlockall failed (no "
				 "CAP_IPC_LOCK?); bustd may be swapped out",
			NULL, NULL);
		return;
	}
	/* written, not read: a read would map the shared zero page and
	 * leave the real allocation to the first write, under pressure */
	for (volatile char *p = (char *)hi; p < _end; p += 4096)
		*p = *p;
	for (size_t i = 0; i < sizeof stack; i += 4096)
		stack[i] = 0;
}

/* Runs the kill path once without signalling, so what it touches is
 * faulted in (and locked) now rather than under memory pressure. */
STARTUP static void dry_pass(struct reading *r)
{
	struct victim v;
	char line[LOG_LINE_MAX];
	struct buf b = BUF_ON(line);

	monitor_sense(mo, r);
	if (monitor_pick(mo, r, true, &v) == 0) {
		report_kill(&b, &v, SIGKILL, WHY_MEMORY, r, true);
		victim_release(&v);
	}
}

/* The signals bustd acts on are blocked from main's first line and are
 * delivered only inside ppoll: one that comes during start-up, a scan or a
 * kill waits for the loop and ends bustd cleanly there, and a flag set
 * just after the loop checked it cannot be missed until the next wake-up.
 * (For --once and the other early exits it is simply never delivered.)
 * ppoll's mask is empty, not the one bustd inherited: a supervisor or a
 * shell that started it with SIGTERM blocked must still be able to end it. */
STARTUP static void block_signals(void)
{
	sigset_t block;

	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGUSR1);
	sigaddset(&block, SIGHUP);
	sigprocmask(SIG_BLOCK, &block, NULL);
}

STARTUP static void install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGHUP, &sa, NULL);  /* no configuration file to reload */
	sigaction(SIGPIPE, &sa, NULL); /* a syslog daemon going away */
}

STARTUP static void log_start(const struct reading *r, bool trigger)
{
	char line[LOG_LINE_MAX];
	struct buf b = BUF_ON(line);

	buf_str(&b, "start version=" BUSTD_VERSION " mem_term_kib=");
	buf_u64(&b, r->lv.mem_term);
	buf_str(&b, " mem_kill_kib=");
	buf_u64(&b, r->lv.mem_kill);
	buf_str(&b, " swap_term_kib=");
	buf_u64(&b, r->lv.swap_term);
	buf_str(&b, " swap_kill_kib=");
	buf_u64(&b, r->lv.swap_kill);
	buf_str(&b, " psi=");
	buf_str(&b, mo->psi.read_fd < 0 ? "off" : trigger ? "trigger" : "read");
	buf_str(&b, " fill_rate_mibs=");
	buf_u64(&b, cfg.fill_rate);
	if (cfg.fill_rate_measured)
		buf_str(&b, " measured");
	if (cfg.dry_run)
		buf_str(&b, " dry-run");
	log_buf(LV_INFO, &b);
}

static int loop(struct reading *r);

/* Start-up code (STARTUP, startup.h) sits at the image's start, before
 * loop(), the one hot function: GCC orders .text.unlikely and
 * .text.startup first, then .text.hot.  Once the loop runs, those pages
 * are unlocked and dropped, and their own VMA keeps the kernel's
 * fault-around (which maps up to 16 neighbouring cached pages on any read
 * fault) from mapping them back with the loop's code.  Under another
 * linker's order a hot function could land in the range: then nothing is
 * dropped. */
static void drop_startup_code(void)
{
	/* the linker's own symbol, a reserved name by design */
	extern char __executable_start[]; // NOLINT(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp)
	uintptr_t lo = (uintptr_t)__executable_start;
	uintptr_t hot = (uintptr_t)loop & ~page_mask;
	const uintptr_t loop_code[] = { (uintptr_t)monitor_step,
					(uintptr_t)monitor_sense,
					(uintptr_t)log_buf, (uintptr_t)hook_run };

	for (size_t i = 0; i < sizeof loop_code / sizeof loop_code[0]; i++)
		if (loop_code[i] < hot)
			return;
	if (hot > lo && sys_munlock(lo, hot - lo) == 0)
		sys_madvise(lo, hot - lo, MADV_DONTNEED);
}

/* hot and not inlined: GCC places main, and functions only main calls,
 * with the start-up code */
__attribute__((hot, noinline)) static int loop(struct reading *r)
{
	struct monitor *const m = mo; /* in a register, not reloaded */
	sigset_t during_poll;

	drop_startup_code();
	sigemptyset(&during_poll);
	for (;;) {
		struct pollfd fds[2] = { { m->psi.trigger_fd, POLLPRI, 0 },
					 { m->killing ? m->v.pidfd : -1,
					   POLLIN, 0 } };
		unsigned sleep;
		long ready;

		if (got_status) {
			m->status_due = true;
			got_status = 0;
		}
		monitor_sense(m, r);
		sleep = monitor_step(m, r);
		fds[1].fd = m->killing ? m->v.pidfd : -1;
		ready = sys_ppoll(fds, 2, sleep, &during_poll);
		if (ready > 0 && fds[0].revents & POLLPRI)
			m->psi.fired = true;
		else if (ready > 0 && fds[0].revents & (POLLERR | POLLNVAL)) {
			log_str(LV_WARN, "warning: PSI trigger failed; "
					 "reading stall at each wake-up only",
				NULL, NULL);
			psi_drop_trigger(&m->psi);
		}
		if (got_exit) {
			log_str(LV_INFO, got_exit == SIGINT ? "exit on SIGINT"
							    : "exit on SIGTERM",
				NULL, NULL);
			return EXIT_OK;
		}
	}
}

/* argv after the kernel command line's bustd.* words (--cmdline).  Its
 * own frame, called only then, so the 4 KiB buffer is stack start-up
 * touches only when it is used. */
STARTUP __attribute__((noinline)) static int parse_cmdline(int argc,
							   char **argv,
							   struct buf *err)
{
	char text[CMDLINE_MAX];
	int fd;
	long n;

	fd = sys_openat(AT_FDCWD, "/proc/cmdline", O_RDONLY);
	n = fd < 0 ? fd : sys_read(fd, text, sizeof text - 1);
	if (fd >= 0)
		sys_close(fd);
	if (n < 0) {
		buf_str(err, "--cmdline: cannot read /proc/cmdline");
		return CONFIG_BAD;
	}
	text[n] = '\0';
	return config_parse_with(&cfg, argc, argv, text, err);
}

STARTUP __attribute__((noinline)) static int start(int argc, char **argv,
						   struct reading *r)
{
	static const char hint[] = " (try 'bustd --help')";
	char msg[LOG_LINE_MAX], why_text[LOG_LINE_MAX] = { 0 };
	struct buf err = BUF_ON(msg);
	/* one byte short, so the reason stays NUL-terminated for --once */
	struct buf why = { why_text, 0, sizeof why_text - 1, 0 };
	struct monitor *const m = mo;
	/* the default levels derived (levels.c), for --once to explain */
	struct derived derived;
	int rc;
	bool psi_ok;

	block_signals();
	/* room kept for the hint, so a usage error stays one whole line
	 * however long the bad value */
	err.cap = LOG_TEXT_MAX - (sizeof hint - 1);
	/* first, before any descriptor of ours can take a closed fd 2 */
	log_init();
	rc = config_wants_cmdline(argc, argv)
		     ? parse_cmdline(argc, argv, &err)
		     : config_parse(&cfg, argc, argv, &err);

	if (rc == CONFIG_BAD) {
		err.cap = LOG_TEXT_MAX;
		buf_str(&err, hint);
		log_buf(LV_ERR, &err);
		return EXIT_USAGE;
	}
	if (rc == CONFIG_HELP) {
		sys_write(1, config_usage, strlen(config_usage));
		return EXIT_OK;
	}
	if (rc == CONFIG_VERSION) {
		sys_write(1, "bustd " BUSTD_VERSION "\n",
			  sizeof("bustd " BUSTD_VERSION "\n") - 1);
		return EXIT_OK;
	}
	if (cfg.notes_len) /* accepted, but said: earlyoom's -i, -m 5,9 */
		sys_write(2, cfg.notes, cfg.notes_len);
	if (geteuid() != 0 && !cfg.dry_run && !cfg.once)
		return fatal("must run as root to kill other users' processes",
			     " (--dry-run and --once work without)");
	if (!sys_now_ns())
		return fatal("cannot read the monotonic clock", NULL);

	m->cfg = &cfg;
	m->proc_fd = sys_openat(AT_FDCWD, "/proc", O_RDONLY | O_DIRECTORY);
	if (m->proc_fd < 0)
		return fatal("cannot open /proc", " (is it mounted?)");
	if (meminfo_open(&m->mi, m->proc_fd) < 0)
		return fatal("cannot open /proc/meminfo", NULL);
	if (mem_read_fast(&r->mem) < 0)
		return fatal("sysinfo failed", NULL);
	m->avail_margin_kib = avail_margin(m->proc_fd, r->mem.total_kib);
	if (config_check_totals(&cfg, r->mem.total_kib, r->mem.swap_total_kib,
				&err) < 0) {
		buf_str(&err, hint);
		log_buf(LV_ERR, &err);
		return EXIT_USAGE;
	}
	if (!cfg.mem_given) { /* -m/-M given win; else the kernel's figures */
		levels_read(m->proc_fd, r->mem.total_kib,
			    (page_mask + 1) / 1024, &derived);
		cfg.mem_kib = (struct level){ derived.term_kib, derived.kill_kib,
					       true };
		cfg.mem_pct.set = false;
	}
	psi_ok = psi_open(&m->psi, m->proc_fd, &why) == 0;
	if (cfg.fill_rate_measured)
		measure_fill_rate();

	m->self_pid = sys_getpid();
	if (cfg.once) {
		m->status_due = true; /* read everything, as for a status line */
		monitor_sense(m, r);
		return run_once(r, &derived, why_text[0] ? why.p : NULL);
	}
	if (!cfg.foreground && cfg.sink == SINK_STDERR) {
		/* a daemon's stderr is /dev/null: syslog, else the kernel log */
		if (log_open(SINK_SYSLOG) < 0 && log_open(SINK_KMSG) < 0)
			log_str(LV_WARN, "warning: neither /dev/log nor "
					 "/dev/kmsg can be opened; logs are lost "
					 "once daemonized (use -n)",
				NULL, NULL);
	} else if (log_open(cfg.sink) < 0) {
		log_str(LV_WARN, "warning: cannot open ",
			cfg.sink == SINK_KMSG ? "/dev/kmsg" : "/dev/log",
			", logging to stderr");
	}
	if (!cfg.foreground) {
		if (daemonize() < 0)
			return fatal("cannot fork to become a daemon", " (use -n)");
		m->self_pid = sys_getpid(); /* not the parent's, which exited */
		log_init();                 /* stderr is /dev/null now */
	}
	if (!psi_ok)
		warn_because(m->psi.read_fd < 0 ? "PSI unavailable: " : "PSI: ",
			     &why);
	if (!cfg.mem_given && levels_boost_over_term(&derived))
		log_str(LV_WARN, "warning: a watermark boost puts the kernel's "
				 "OOM killer above TERM here (bustd --once); "
				 "set vm.watermark_boost_factor to 0",
			NULL, NULL);
	install_signals();
	hook_save_adj();
	self_protect();
	/* nice -20 by default (earlyoom's -p asks for it, and wins over
	 * --no-priority) */
	if (cfg.priority || !cfg.no_priority)
		prio_raise();
	return START_OK;
}

int main(int argc, char **argv)
{
	struct reading r;
	struct monitor m;
	int rc;

	memset(&m, 0, sizeof m); /* as in bss */
	mo = &m;
	page_mask = page_size(argv + argc + 1) - 1; /* start needs it too */
	rc = start(argc, argv, &r);
	if (rc != START_OK)
		return rc;
	/* from main's shallow frame, so the reserve covers the loop's depth */
	lock_memory();
	dry_pass(&r);
	log_start(&r, mo->psi.trigger_fd >= 0);
	return loop(&r); /* main's reading: one fewer in loop's frame */
}
