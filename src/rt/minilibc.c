/* minilibc.c - the few libc functions bustd calls, for a target with no
 * musl (riscv64 and big-endian mips: Debian 12 has no musl there).  Built
 * only by `make ARCH=riscv64` and `make ARCH=mips`, with the cross gcc's
 * (glibc) headers for types and -nostdlib: every function is a syscall
 * through sys.h or a plain loop.
 *
 * Why our own and not the kernel's tools/include/nolibc: bustd needs
 * sigaction and sigprocmask, which the nolibc of Debian 12's
 * linux-source-6.1 lacks, and a 130 MiB source package to get it.
 * This file is the whole list `nm -u` shows on bustd's objects.
 *
 * Only the start routine and the kernel's struct sigaction are per
 * architecture: riscv64 and mips o32 are written. */
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "../sys.h"

#if !(defined(__riscv) && __riscv_xlen == 64) && \
	!(defined(__mips__) && _MIPS_SIM == _ABIO32)
#error "minilibc: only riscv64 and mips o32 have a start routine here"
#endif

/* GCC turns these loops into calls to themselves otherwise */
#pragma GCC optimize("no-tree-loop-distribute-patterns")

int main(int argc, char **argv);

#if defined(__riscv)
/* riscv64 entry: argc at 0(sp), argv from 8(sp); gp must point at
 * __global_pointer$ before any gp-relative access, set without linker
 * relaxation (which would use gp to compute gp). */
__asm__(".text\n"
	".global _start\n"
	"_start:\n"
	".option push\n"
	".option norelax\n"
	"	lla gp, __global_pointer$\n"
	".option pop\n"
	"	mv a0, sp\n"
	"	andi sp, sp, -16\n"
	"	call rt_start\n");
#else
/* mips o32 entry: argc at 0($sp), argv from 4($sp).  $gp is set for any
 * gp-relative access (none at -G 0, the default with -mabicalls, but
 * cheap); the stack aligned to 8 with the 16-byte home area for a0..a3
 * that every o32 caller reserves; rt_start called through $25, as
 * abicalls code expects. */
__asm__(".text\n"
	".set push\n"
	".set noreorder\n"
	".global __start\n"
	".global _start\n"
	"__start:\n"
	"_start:\n"
	"	lui $gp, %hi(_gp)\n"
	"	addiu $gp, $gp, %lo(_gp)\n"
	"	move $4, $sp\n"
	"	li $8, -8\n"
	"	and $sp, $sp, $8\n"
	"	addiu $sp, $sp, -16\n"
	"	lui $25, %hi(rt_start)\n"
	"	addiu $25, $25, %lo(rt_start)\n"
	"	jalr $25\n"
	"	nop\n"
	".set pop\n");
#endif

/* sp[0] is argc, a word on both; argv follows */
__attribute__((noreturn, used)) void rt_start(long *sp)
{
	_exit(main((int)sp[0], (char **)(sp + 1)));
}

void _exit(int code)
{
	for (;;)
		SC(SYS_exit_group, code, 0, 0, 0, 0, 0);
}

pid_t _Fork(void)
{
	return (pid_t)SC(SYS_clone, SIGCHLD, 0, 0, 0, 0, 0);
}

pid_t setsid(void)
{
	return (pid_t)SC(SYS_setsid, 0, 0, 0, 0, 0, 0);
}

uid_t geteuid(void)
{
	return (uid_t)SC(SYS_geteuid, 0, 0, 0, 0, 0, 0);
}

/* glibc headers (the only ones this file is built with) type `which` as
 * an enum under _GNU_SOURCE */
int setpriority(__priority_which_t which, id_t who, int prio)
{
	return (int)SC(SYS_setpriority, which, who, prio, 0, 0, 0);
}

int chdir(const char *path)
{
	return (int)SC(SYS_chdir, path, 0, 0, 0, 0, 0);
}

/* no dup2 in the generic syscall table (riscv64); dup3 refuses
 * old == new */
int dup2(int old, int new)
{
#ifdef SYS_dup2
	return (int)SC(SYS_dup2, old, new, 0, 0, 0, 0);
#else
	if (old == new)
		return new;
	return (int)SC(SYS_dup3, old, new, 0, 0, 0, 0);
#endif
}

int execve(const char *path, char *const argv[], char *const envp[])
{
	return (int)SC(SYS_execve, path, argv, envp, 0, 0, 0);
}

/* The kernel's sigset is 64 bits (riscv64) or 128 (mips), glibc's header
 * type 1024: only the first KSIGSET bytes are used or passed.  Both are
 * arrays of unsigned long, signal 1 in bit 0 of the first: written word
 * by word, as a 64-bit word would put signals 1-32 in the second 32-bit
 * word on big-endian mips. */
#define KSIGSET BUSTD_SIGSET_BYTES
#define WORD_BITS (8 * (int)sizeof(unsigned long))

int sigemptyset(sigset_t *set)
{
	memset(set, 0, sizeof *set);
	return 0;
}

int sigaddset(sigset_t *set, int sig)
{
	unsigned long *w = (unsigned long *)set;

	if (sig < 1 || sig > 8 * KSIGSET)
		return -1;
	w[(sig - 1) / WORD_BITS] |= 1ul << ((sig - 1) % WORD_BITS);
	return 0;
}

int sigprocmask(int how, const sigset_t *set, sigset_t *old)
{
	long rc = SC(SYS_rt_sigprocmask, how, set, old, KSIGSET, 0, 0);

	if (rc == 0 && old)
		memset((char *)old + KSIGSET, 0, sizeof *old - KSIGSET);
	return (int)rc;
}

/* The kernel's struct sigaction, without SA_RESTORER on both: the kernel
 * returns from handlers through the vDSO's rt_sigreturn.  asm-generic
 * (riscv64) has the handler first; mips the flags, an unsigned int. */
struct ksigaction {
#if defined(__mips__)
	unsigned int flags;
	void (*handler)(int);
#else
	void (*handler)(int);
	unsigned long flags;
#endif
	unsigned char mask[KSIGSET];
};

int sigaction(int sig, const struct sigaction *sa, struct sigaction *old)
{
	struct ksigaction k, ko;
	long rc;

	if (sa) {
		k.handler = sa->sa_handler;
		k.flags = (unsigned long)sa->sa_flags;
		memcpy(k.mask, &sa->sa_mask, sizeof k.mask);
	}
	rc = SC(SYS_rt_sigaction, sig, sa ? &k : NULL, old ? &ko : NULL,
		KSIGSET, 0, 0);
	if (rc == 0 && old) {
		memset(old, 0, sizeof *old);
		old->sa_handler = ko.handler;
		old->sa_flags = (int)ko.flags;
		memcpy(&old->sa_mask, ko.mask, sizeof ko.mask);
	}
	return (int)rc;
}

void *memcpy(void *restrict d, const void *restrict s, size_t n)
{
	unsigned char *dp = d;
	const unsigned char *sp = s;

	while (n--)
		*dp++ = *sp++;
	return d;
}

void *memmove(void *d, const void *s, size_t n)
{
	unsigned char *dp = d;
	const unsigned char *sp = s;

	if (dp < sp)
		return memcpy(d, s, n);
	while (n--)
		dp[n] = sp[n];
	return d;
}

void *memset(void *d, int c, size_t n)
{
	unsigned char *dp = d;

	while (n--)
		*dp++ = (unsigned char)c;
	return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n; n--, p++)
		if (*p == (unsigned char)c)
			return (void *)p;
	return NULL;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

char *strcpy(char *restrict d, const char *restrict s)
{
	char *r = d;

	while ((*d++ = *s++))
		;
	return r;
}

int strncmp(const char *a, const char *b, size_t n)
{
	const unsigned char *x = (const void *)a, *y = (const void *)b;

	for (; n; n--, x++, y++)
		if (*x != *y || !*x)
			return *x - *y;
	return 0;
}

int strcmp(const char *a, const char *b)
{
	const unsigned char *x = (const void *)a, *y = (const void *)b;

	for (; *x == *y && *x; x++, y++)
		;
	return *x - *y;
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}
