/* nosys.c - run a program as if on an older kernel: a seccomp filter makes
 * the chosen system calls fail with ENOSYS, as a kernel that predates them
 * answers, and the program (and every child of it) runs under it.
 *
 *   nosys [--pidfd] [--time64] PROGRAM [ARG...]
 *
 *   --pidfd   pidfd_open, pidfd_send_signal, process_mrelease: what bustd
 *             finds on Linux 4.x (they came in 5.3, 5.1 and 5.15)
 *   --time64  ppoll_time64, clock_gettime64 (32-bit architectures): what
 *             musl 1.2's programs find before Linux 5.1 (OpenWrt 19.07)
 *
 * The numbers are the ones src/sys.h and this libc's headers give, so
 * nosys must be built with the same toolchain as the program it runs.
 * Exit 2 for a usage error, 111 when the filter cannot be installed
 * (qemu-user refuses seccomp; use a qemu-system guest), 127 when PROGRAM
 * cannot be run. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "sys.h"

/* The kernel's ABI (uapi linux/filter.h, seccomp.h, audit.h), spelled out
 * because the musl cross toolchains carry no kernel headers. */
struct sock_filter {
	uint16_t code;
	uint8_t jt, jf;
	uint32_t k;
};
struct sock_fprog {
	unsigned short len;
	struct sock_filter *filter;
};
#define LD_ABS 0x20   /* BPF_LD | BPF_W | BPF_ABS */
#define JEQ_K 0x15    /* BPF_JMP | BPF_JEQ | BPF_K */
#define RET_K 0x06    /* BPF_RET | BPF_K */
#define DATA_NR 0     /* offsetof(struct seccomp_data, nr) */
#define DATA_ARCH 4   /* offsetof(struct seccomp_data, arch) */
#define RET_ALLOW 0x7fff0000u
#define RET_ERRNO 0x00050000u
#define MODE_FILTER 2 /* SECCOMP_MODE_FILTER */
#ifndef PR_SET_NO_NEW_PRIVS
#define PR_SET_NO_NEW_PRIVS 38
#endif

/* AUDIT_ARCH_*: the ELF machine, 64-bit and little-endian flags */
#define LE 0x40000000u
#define B64 0x80000000u
#if defined(__x86_64__) && !defined(__ILP32__)
#define ARCH (62 | B64 | LE)
#elif defined(__aarch64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define ARCH (183 | B64 | LE)
#elif defined(__arm__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define ARCH (40 | LE)
#elif defined(__mips__) && defined(_ABIO32) && _MIPS_SIM == _ABIO32 && \
	__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define ARCH (8 | LE)
#elif defined(__riscv) && __riscv_xlen == 64
#define ARCH (243 | B64 | LE)
#else
#error "nosys: no AUDIT_ARCH for this architecture"
#endif

#define NR_MAX 8

static int usage(void)
{
	fputs("usage: nosys [--pidfd] [--time64] PROGRAM [ARG...]\n", stderr);
	return 2;
}

int main(int argc, char **argv)
{
	long nrs[NR_MAX];
	int n = 0, i = 1, len = 0;
	struct sock_filter f[4 + 2 * NR_MAX];
	struct sock_fprog prog;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--pidfd")) {
			nrs[n++] = SYS_pidfd_open;
			nrs[n++] = SYS_pidfd_send_signal;
			nrs[n++] = SYS_process_mrelease;
		} else if (!strcmp(argv[i], "--time64")) {
#ifdef SYS_ppoll_time64
			nrs[n++] = SYS_ppoll_time64;
			nrs[n++] = SYS_clock_gettime64;
#else
			fputs("nosys: --time64: this architecture has no "
			      "time64 calls\n", stderr);
			return 2;
#endif
		} else {
			return usage();
		}
	}
	if (i == argc || n == 0)
		return usage();

	/* a call of another ABI (x32, a 32-bit program) is let through:
	 * its numbers mean other calls */
	f[len++] = (struct sock_filter){ LD_ABS, 0, 0, DATA_ARCH };
	f[len++] = (struct sock_filter){ JEQ_K, 1, 0, ARCH };
	f[len++] = (struct sock_filter){ RET_K, 0, 0, RET_ALLOW };
	f[len++] = (struct sock_filter){ LD_ABS, 0, 0, DATA_NR };
	for (int k = 0; k < n; k++) {
		f[len++] = (struct sock_filter){ JEQ_K, 0, 1, (uint32_t)nrs[k] };
		f[len++] = (struct sock_filter){ RET_K, 0, 0, RET_ERRNO | ENOSYS };
	}
	f[len++] = (struct sock_filter){ RET_K, 0, 0, RET_ALLOW };
	prog.len = (unsigned short)len;
	prog.filter = f;

	/* no_new_privs: what an unprivileged caller must promise; root need
	 * not, but a setuid program under a filter is no test of bustd's */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    prctl(PR_SET_SECCOMP, MODE_FILTER, &prog, 0, 0) < 0) {
		perror("nosys: cannot install the seccomp filter");
		return 111;
	}
	execvp(argv[i], argv + i);
	perror(argv[i]);
	return 127;
}
