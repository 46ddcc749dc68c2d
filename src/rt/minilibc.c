/* minilibc.c - the few libc functions bustd calls, for a target with no
 * musl (riscv64: Debian 12 has no musl there).  Built only by
 * `make ARCH=riscv64`, with the cross gcc's headers for types and
 * -nostdlib: every function is a syscall through sys.h or a plain loop.
 *
 * Why our own and not the kernel's tools/include/nolibc: bustd needs
 * sigaction and sigprocmask, which the nolibc of Debian 12's
 * linux-source-6.1 lacks, and a 130 MiB source package to get it.
 * This file is the whole list `nm -u` shows on bustd's objects.
 *
 * Only the start routine and the kernel's struct sigaction are per
 * architecture; riscv64 is the one written. */
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "../sys.h"

#if !(defined(__riscv) && __riscv_xlen == 64)
#error "minilibc: only riscv64 has a start routine and sigaction here"
#endif

/* GCC turns these loops into calls to themselves otherwise */
#pragma GCC optimize("no-tree-loop-distribute-patterns")

int main(int argc, char **argv);

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

int chdir(const char *path)
{
	return (int)SC(SYS_chdir, path, 0, 0, 0, 0, 0);
}

/* no dup2 in the generic syscall table; dup3 refuses old == new */
int dup2(int old, int new)
{
	if (old == new)
		return new;
	return (int)SC(SYS_dup3, old, new, 0, 0, 0, 0);
}

int execve(const char *path, char *const argv[], char *const envp[])
{
	return (int)SC(SYS_execve, path, argv, envp, 0, 0, 0);
}

/* The kernel's sigset is 64 bits here, glibc's header type 1024: only the
 * first word is used or passed. */
#define KSIGSET BUSTD_SIGSET_BYTES

int sigemptyset(sigset_t *set)
{
	memset(set, 0, sizeof *set);
	return 0;
}

int sigaddset(sigset_t *set, int sig)
{
	uint64_t *w = (uint64_t *)set;

	if (sig < 1 || sig > 64)
		return -1;
	*w |= (uint64_t)1 << (sig - 1);
	return 0;
}

int sigprocmask(int how, const sigset_t *set, sigset_t *old)
{
	long rc = SC(SYS_rt_sigprocmask, how, set, old, KSIGSET, 0, 0);

	if (rc == 0 && old)
		memset((char *)old + KSIGSET, 0, sizeof *old - KSIGSET);
	return (int)rc;
}

/* asm-generic struct sigaction without SA_RESTORER: the kernel returns
 * from handlers through the vDSO's rt_sigreturn. */
struct ksigaction {
	void (*handler)(int);
	unsigned long flags;
	uint64_t mask;
};

int sigaction(int sig, const struct sigaction *sa, struct sigaction *old)
{
	struct ksigaction k, ko;
	long rc;

	if (sa) {
		k.handler = sa->sa_handler;
		k.flags = (unsigned long)sa->sa_flags;
		memcpy(&k.mask, &sa->sa_mask, sizeof k.mask);
	}
	rc = SC(SYS_rt_sigaction, sig, sa ? &k : NULL, old ? &ko : NULL,
		KSIGSET, 0, 0);
	if (rc == 0 && old) {
		memset(old, 0, sizeof *old);
		old->sa_handler = ko.handler;
		old->sa_flags = (int)ko.flags;
		memcpy(&old->sa_mask, &ko.mask, sizeof ko.mask);
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
