/* sys.h - the raw syscall seam: the only file that knows syscall numbers.
 *
 * Every wrapper returns the kernel's result, or -errno on failure, so no
 * global errno flows through the daemon.  Three levels, as in the kernel's
 * nolibc: sys_call6() per architecture, typed sys_*() wrappers, and the
 * daemon on top.  Architectures without an inline-asm entry fall back to
 * libc's syscall(), converting its errno once, here.
 */
#ifndef BUSTD_SYS_H
#define BUSTD_SYS_H

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#if defined(__x86_64__)
/* x86_64 ABI: number in rax, args in rdi rsi rdx r10 r8 r9, `syscall`
 * clobbers rcx and r11; the result (or -errno) comes back in rax. */
static inline long sys_call6(long n, long a, long b, long c, long d, long e,
                             long f)
{
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	long ret;
	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8),
			   "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}
#elif defined(__aarch64__)
/* aarch64 ABI: number in x8, args in x0..x5, `svc #0`, result in x0. */
static inline long sys_call6(long n, long a, long b, long c, long d, long e,
                             long f)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;
	register long x3 __asm__("x3") = d;
	register long x4 __asm__("x4") = e;
	register long x5 __asm__("x5") = f;
	__asm__ volatile("svc #0"
			 : "+r"(x0)
			 : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5)
			 : "memory", "cc");
	return x0;
}
#elif defined(__arm__) && defined(__ARM_EABI__)
/* arm EABI: number in r7, args in r0..r5, `svc 0`, result in r0.  r7 is
 * the frame pointer in Thumb code, where GCC may refuse it as an asm
 * register, so the number is swapped into r7 around the trap (as musl
 * does).  A 64-bit argument starts at an even register (BUSTD_PAIR_PAD). */
#define BUSTD_PAIR_PAD 1
static inline long sys_call6(long n, long a, long b, long c, long d, long e,
                             long f)
{
	register long r0 __asm__("r0") = a;
	register long r1 __asm__("r1") = b;
	register long r2 __asm__("r2") = c;
	register long r3 __asm__("r3") = d;
	register long r4 __asm__("r4") = e;
	register long r5 __asm__("r5") = f;
	long saved;
	__asm__ volatile("mov %1, r7\n\tmov r7, %2\n\tsvc 0\n\tmov r7, %1"
			 : "+r"(r0), "=&r"(saved)
			 : "r"(n), "r"(r1), "r"(r2), "r"(r3), "r"(r4), "r"(r5)
			 : "memory");
	return r0;
}
#elif defined(__riscv) && __riscv_xlen == 64
/* riscv64: number in a7, args in a0..a5, `ecall`, result in a0.  No
 * SA_RESTORER: handlers return through the vDSO's trampoline. */
#define BUSTD_SIGRETURN_VDSO 1
static inline long sys_call6(long n, long a, long b, long c, long d, long e,
                             long f)
{
	register long a7 __asm__("a7") = n;
	register long a0 __asm__("a0") = a;
	register long a1 __asm__("a1") = b;
	register long a2 __asm__("a2") = c;
	register long a3 __asm__("a3") = d;
	register long a4 __asm__("a4") = e;
	register long a5 __asm__("a5") = f;
	__asm__ volatile("ecall"
			 : "+r"(a0)
			 : "r"(a7), "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a5)
			 : "memory");
	return a0;
}
#elif defined(__mips__) && defined(_ABIO32) && _MIPS_SIM == _ABIO32
/* mips o32: number in v0, args 1-4 in a0..a3, args 5-6 at 16($sp) and
 * 20($sp) of a 32-byte frame the caller makes (the first 16 bytes are the
 * o32 home slots for a0..a3), `syscall`.  On return a3 != 0 means failure
 * and v0 holds the *positive* errno.  The kernel may clobber at, v1, t0-t9,
 * hi and lo.  Numbers start at 4000 (BUSTD_NR_BASE); a 64-bit argument
 * starts at an even register, as on arm (BUSTD_PAIR_PAD). */
#define BUSTD_NR_BASE 4000
#define BUSTD_PAIR_PAD 1
/* 128 signals: the kernel refuses any other sigset size */
#define BUSTD_SIGSET_BYTES 16
/* no SA_RESTORER: handlers return through the vDSO's trampoline */
#define BUSTD_SIGRETURN_VDSO 1
static inline long sys_call6(long n, long a, long b, long c, long d, long e,
                             long f)
{
	register long v0 __asm__("$2") = n;
	register long a0 __asm__("$4") = a;
	register long a1 __asm__("$5") = b;
	register long a2 __asm__("$6") = c;
	register long a3 __asm__("$7") = d;
	__asm__ volatile("addiu $sp, $sp, -32\n\t"
			 "sw %5, 16($sp)\n\t"
			 "sw %6, 20($sp)\n\t"
			 "syscall\n\t"
			 "addiu $sp, $sp, 32"
			 : "+r"(v0), "+r"(a3)
			 : "r"(a0), "r"(a1), "r"(a2), "r"(e), "r"(f)
			 : "memory", "$1", "$3", "$8", "$9", "$10", "$11", "$12",
			   "$13", "$14", "$15", "$24", "$25", "hi", "lo");
	return a3 ? -v0 : v0;
}
#else
/* Other architectures: libc's generic entry, errno folded back here. */
long syscall(long n, ...);
static inline long sys_call6(long n, long a, long b, long c, long d, long e,
                             long f)
{
	long r = syscall(n, a, b, c, d, e, f);
	return r == -1 ? -errno : r;
}
#endif

/* A unit test may put its own function behind the seam (BUSTD_SYSCALL,
 * declared before this header) to play a kernel that lacks a call. */
#ifndef BUSTD_SYSCALL
#define BUSTD_SYSCALL sys_call6
#endif
#define SC(n, a, b, c, d, e, f)                                          \
	BUSTD_SYSCALL((n), (long)(a), (long)(b), (long)(c), (long)(d),   \
		      (long)(e), (long)(f))

#ifndef BUSTD_NR_BASE
#define BUSTD_NR_BASE 0
#endif
/* The kernel's sigset_t, which rt_sig* calls and ppoll insist on: 64
 * signals except on mips.  libc's sigset_t is at least that big. */
#ifndef BUSTD_SIGSET_BYTES
#define BUSTD_SIGSET_BYTES 8
#endif
/* 1 where the kernel returns from a signal handler through the vDSO
 * (mips, riscv): the vDSO must then stay mapped. */
#ifndef BUSTD_SIGRETURN_VDSO
#define BUSTD_SIGRETURN_VDSO 0
#endif
#ifndef BUSTD_PAIR_PAD
#define BUSTD_PAIR_PAD 0
#endif

/* Numbers that old libc headers may lack (musl 1.2.3 has no
 * process_mrelease); one table on every architecture since Linux 5.1,
 * offset by 4000 on mips o32. */
#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal (BUSTD_NR_BASE + 424)
#endif
#ifndef SYS_pidfd_open
#define SYS_pidfd_open (BUSTD_NR_BASE + 434)
#endif
#ifndef SYS_process_mrelease
#define SYS_process_mrelease (BUSTD_NR_BASE + 448)
#endif

/* The kernel's timespecs: 64-bit fields for the time64 calls of 32-bit
 * architectures (Linux 5.1), `long` ones for the original calls. */
struct sys_timespec {
	int64_t tv_sec, tv_nsec;
};
struct sys_timespec_long {
	long tv_sec, tv_nsec;
};
/* musl 1.2 names the original clock call clock_gettime32 where a time64
 * one exists. */
#if defined(SYS_clock_gettime64) && defined(SYS_clock_gettime32)
#define SYS_clock_gettime_long SYS_clock_gettime32
#else
#define SYS_clock_gettime_long SYS_clock_gettime
#endif

static inline long sys_sysinfo(struct sysinfo *si)
{
	return SC(SYS_sysinfo, si, 0, 0, 0, 0, 0);
}

static inline int sys_openat(int dirfd, const char *path, int flags)
{
	return (int)SC(SYS_openat, dirfd, path, flags | O_CLOEXEC, 0, 0, 0);
}

static inline long sys_read(int fd, void *buf, size_t n)
{
	return SC(SYS_read, fd, buf, n, 0, 0, 0);
}

/* On 32-bit architectures the offset is two registers, low word first on
 * little-endian, and on arm EABI and mips o32 the pair starts at an even
 * register, so a zero pads the fourth argument. */
static inline long sys_pread(int fd, void *buf, size_t n, off_t off)
{
#if __SIZEOF_LONG__ == 8
	return SC(SYS_pread64, fd, buf, n, off, 0, 0);
#else
	long lo = (long)((uint64_t)off & 0xffffffffu);
	long hi = (long)((uint64_t)off >> 32);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	long t = lo;
	lo = hi;
	hi = t;
#endif
#if BUSTD_PAIR_PAD
	return SC(SYS_pread64, fd, buf, n, 0, lo, hi);
#else
	return SC(SYS_pread64, fd, buf, n, lo, hi, 0);
#endif
#endif
}

static inline long sys_write(int fd, const void *buf, size_t n)
{
	return SC(SYS_write, fd, buf, n, 0, 0, 0);
}

static inline long sys_close(int fd)
{
	return SC(SYS_close, fd, 0, 0, 0, 0, 0);
}

static inline long sys_getdents64(int fd, void *buf, size_t n)
{
	return SC(SYS_getdents64, fd, buf, n, 0, 0, 0);
}

/* ppoll, not poll: aarch64 and riscv64 have no poll syscall, and the
 * signal mask closes the race between checking a flag and sleeping.
 * 32-bit architectures: musl 1.2's headers give ppoll_time64 (Linux 5.1),
 * which older kernels (OpenWrt 19.07 runs 4.14) refuse with ENOSYS; from
 * that first refusal on, each file that polls uses the original call,
 * whose timespec has `long` fields. */
static inline long sys_ppoll(struct pollfd *fds, unsigned n, long timeout_ms,
                             const sigset_t *mask)
{
	struct sys_timespec_long ts = { timeout_ms / 1000,
					(timeout_ms % 1000) * 1000000 };
	long sigset_bytes = mask ? BUSTD_SIGSET_BYTES : 0;
#ifdef SYS_ppoll_time64
	static bool time32;
	struct sys_timespec ts64 = { ts.tv_sec, ts.tv_nsec };
	long rc;

	if (!time32) {
		rc = SC(SYS_ppoll_time64, fds, n, timeout_ms < 0 ? NULL : &ts64,
			mask, sigset_bytes, 0);
		if (rc != -ENOSYS)
			return rc;
		time32 = true;
	}
#endif
	return SC(SYS_ppoll, fds, n, timeout_ms < 0 ? NULL : &ts, mask,
		  sigset_bytes, 0);
}

static inline int sys_pidfd_open(int pid)
{
	return (int)SC(SYS_pidfd_open, pid, 0, 0, 0, 0, 0);
}

static inline long sys_pidfd_send_signal(int pidfd, int sig)
{
	return SC(SYS_pidfd_send_signal, pidfd, sig, 0, 0, 0, 0);
}

/* Reaps a SIGKILLed process's memory now instead of when it finishes
 * exiting (Linux 5.15+); the kernel refuses it for a process that is
 * not already dying from SIGKILL. */
static inline long sys_process_mrelease(int pidfd)
{
	return SC(SYS_process_mrelease, pidfd, 0, 0, 0, 0, 0);
}

/* lim: the soft and hard limit (RLIM_INFINITY is all ones) */
static inline long sys_prlimit(int resource, uint64_t lim[2])
{
	return SC(SYS_prlimit64, 0, resource, 0, lim, 0, 0);
}

static inline long sys_kill(int pid, int sig)
{
	return SC(SYS_kill, pid, sig, 0, 0, 0, 0);
}

static inline int sys_getpid(void)
{
	return (int)SC(SYS_getpid, 0, 0, 0, 0, 0, 0);
}

static inline long sys_mlockall(int flags)
{
	return SC(SYS_mlockall, flags, 0, 0, 0, 0, 0);
}

static inline long sys_munlock(uintptr_t addr, size_t len)
{
	return SC(SYS_munlock, addr, len, 0, 0, 0, 0);
}

static inline long sys_madvise(uintptr_t addr, size_t len, int advice)
{
	return SC(SYS_madvise, addr, len, advice, 0, 0, 0);
}

static inline long sys_munmap(uintptr_t addr, size_t len)
{
	return SC(SYS_munmap, addr, len, 0, 0, 0, 0);
}

static inline long sys_getpgid(int pid)
{
	return SC(SYS_getpgid, pid, 0, 0, 0, 0, 0);
}

/* policy may carry SCHED_RESET_ON_FORK; param points to an int (struct
 * sched_param) */
static inline long sys_sched_setscheduler(int pid, int policy,
					  const int *param)
{
	return SC(SYS_sched_setscheduler, pid, policy, param, 0, 0, 0);
}

/* this process's nice value */
static inline long sys_setpriority(int nice)
{
	return SC(SYS_setpriority, 0 /* PRIO_PROCESS */, 0, nice, 0, 0, 0);
}

/* Monotonic nanoseconds, or 0 when the clock cannot be read: main then
 * refuses to start, as a clock stuck at 0 would end no grace, hold-off or
 * stall window.  (A call that worked once keeps working: ENOSYS and a
 * seccomp filter are fixed at exec, and the arguments are always valid.)
 * The raw call, not the vDSO: a few calls per wake-up do not pay for the
 * kilobyte of ELF lookup code the vDSO needs.  Time64 as for ppoll. */
static inline uint64_t sys_now_ns(void)
{
	struct sys_timespec_long ts = { 0, 0 };
#ifdef SYS_clock_gettime64
	static bool time32;
	struct sys_timespec ts64 = { 0, 0 };
	long rc;

	if (!time32) {
		rc = SC(SYS_clock_gettime64, CLOCK_MONOTONIC, &ts64, 0, 0, 0, 0);
		if (rc != -ENOSYS)
			return rc < 0 ? 0
				      : (uint64_t)ts64.tv_sec * 1000000000 +
						(uint64_t)ts64.tv_nsec;
		time32 = true;
	}
#endif
	if (SC(SYS_clock_gettime_long, CLOCK_MONOTONIC, &ts, 0, 0, 0, 0) < 0)
		return 0;
	return (uint64_t)ts.tv_sec * 1000000000 + (uint64_t)ts.tv_nsec;
}

static inline uint64_t sys_now_ms(void)
{
	return sys_now_ns() / 1000000;
}

/* Anonymous private memory, for the start-up fill-rate measurement only;
 * returns the address or -errno (as a large unsigned value). */
static inline uintptr_t sys_mmap_anon(size_t len)
{
#ifdef SYS_mmap2
	return (uintptr_t)SC(SYS_mmap2, 0, len, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
#else
	return (uintptr_t)SC(SYS_mmap, 0, len, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
#endif
}

static inline long sys_reap_children(void)
{
	/* WNOHANG: hooks are reaped when they are done, never waited for */
	return SC(SYS_wait4, -1, NULL, 1, NULL, 0, 0);
}

static inline long sys_prctl(int op, long arg)
{
	return SC(SYS_prctl, op, arg, 0, 0, 0, 0);
}

static inline int sys_socket(int domain, int type, int proto)
{
	return (int)SC(SYS_socket, domain, type | SOCK_CLOEXEC, proto, 0,
		       0, 0);
}

/* Never blocks nor raises SIGPIPE; -ENOTSOCK when fd is no socket. */
static inline long sys_send_nowait(int fd, const void *buf, size_t n)
{
	return SC(SYS_sendto, fd, buf, n, MSG_DONTWAIT | MSG_NOSIGNAL, NULL, 0);
}

/* -ESPIPE for a pipe, FIFO, socket or terminal: the kinds of file whose
 * reader can stall a writer. */
static inline long sys_lseek_cur(int fd)
{
	return SC(SYS_lseek, fd, 0, SEEK_CUR, 0, 0, 0);
}

static inline long sys_connect(int fd, const void *addr, unsigned len)
{
	return SC(SYS_connect, fd, addr, len, 0, 0, 0);
}

#endif
