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
#include <stddef.h>
#include <stdint.h>
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

#define SC(n, a, b, c, d, e, f)                                              \
	sys_call6((n), (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), \
		  (long)(f))

/* Numbers that old libc headers may lack; identical on every architecture
 * that uses the generic table (x86_64 included) since Linux 5.1. */
#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif
#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_process_mrelease
#define SYS_process_mrelease 448
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

static inline long sys_pread(int fd, void *buf, size_t n, off_t off)
{
	return SC(SYS_pread64, fd, buf, n, off, 0, 0);
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
 * signal mask closes the race between checking a flag and sleeping. */
static inline long sys_ppoll(struct pollfd *fds, unsigned n, long timeout_ms,
                             const sigset_t *mask)
{
	struct timespec ts = { timeout_ms / 1000, (timeout_ms % 1000) * 1000000 };
	return SC(SYS_ppoll, fds, n, timeout_ms < 0 ? NULL : &ts, mask,
		  mask ? 8 : 0, 0);
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

static inline long sys_madvise(uintptr_t addr, size_t len, int advice)
{
	return SC(SYS_madvise, addr, len, advice, 0, 0, 0);
}

static inline long sys_getpgid(int pid)
{
	return SC(SYS_getpgid, pid, 0, 0, 0, 0, 0);
}

/* Monotonic milliseconds.  The raw call, not the vDSO: a few calls per
 * wake-up do not pay for the kilobyte of ELF lookup code the vDSO needs. */
static inline uint64_t sys_now_ms(void)
{
	struct timespec ts = { 0, 0 };
	SC(SYS_clock_gettime, CLOCK_MONOTONIC, &ts, 0, 0, 0, 0);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
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

static inline long sys_connect(int fd, const void *addr, unsigned len)
{
	return SC(SYS_connect, fd, addr, len, 0, 0, 0);
}

#endif
