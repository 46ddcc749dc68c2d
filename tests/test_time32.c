/* test_time32.c - sys.h's clock and ppoll on a 32-bit kernel older than
 * 5.1 (OpenWrt 19.07's 4.14): the time64 calls that musl 1.2's headers
 * name are refused with ENOSYS, and the original calls, whose timespec has
 * `long` fields, must serve from then on.  A fake kernel sits behind
 * sys.h's seam.  64-bit architectures have no time64 calls: made-up
 * numbers stand in for them there, so the same path runs on the host and
 * under qemu-user on armv7 and mipsel, where `long` is 32 bits. */
#include <errno.h>
#include <string.h>
#include <sys/syscall.h>

#include "t.h"

#ifndef SYS_ppoll_time64
#define SYS_ppoll_time64 (-414)
#define SYS_clock_gettime64 (-403)
#endif

static long fake_call6(long n, long a, long b, long c, long d, long e,
		       long f);
#define BUSTD_SYSCALL fake_call6
#include "sys.h"

#define CALLS_MAX 4

/* what the fake kernel was asked, and how it answers */
static struct call {
	long n, a[6];
	struct sys_timespec_long ts; /* an original call's timespec */
	bool has_ts;
} calls[CALLS_MAX];
static int ncalls;
static long time64_answer; /* what a time64 call returns */
static long clock_answer;  /* what the original clock call returns */

static long fake_call6(long n, long a, long b, long c, long d, long e,
		       long f)
{
	struct call *k = &calls[ncalls < CALLS_MAX ? ncalls++ : CALLS_MAX - 1];
	long args[6] = { a, b, c, d, e, f };

	memset(k, 0, sizeof *k);
	k->n = n;
	memcpy(k->a, args, sizeof args);
	if (n == SYS_ppoll_time64 || n == SYS_clock_gettime64)
		return time64_answer;
	if (n == SYS_clock_gettime_long) {
		struct sys_timespec_long *ts = (void *)b;
		if (clock_answer == 0) {
			ts->tv_sec = 2000000000; /* 63 years: still fits 32 bits */
			ts->tv_nsec = 999999999;
		}
		return clock_answer;
	}
	if (n == SYS_ppoll && c) {
		k->ts = *(const struct sys_timespec_long *)c;
		k->has_ts = true;
	}
	return 0;
}

static void reset(void)
{
	ncalls = 0;
	time64_answer = -ENOSYS;
	clock_answer = 0;
}

TEST(time32_timespec_is_the_kernels_old_one)
{
	/* on 32-bit architectures the kernel's old_timespec32: two 32-bit
	 * fields; on 64-bit ones the only timespec */
	CHECK_EQ_U64(sizeof(struct sys_timespec_long), 2 * sizeof(long));
	CHECK_EQ_U64(offsetof(struct sys_timespec_long, tv_nsec), sizeof(long));
	CHECK_EQ_U64(sizeof(struct sys_timespec), 16);
}

TEST(time32_clock_falls_back_once_and_remembers)
{
	reset();
	time64_answer = -EFAULT; /* not ENOSYS: no fallback, and 0 */
	CHECK_EQ_U64(sys_now_ns(), 0);
	CHECK_EQ_U64(ncalls, 1);

	reset();
	CHECK_EQ_U64(sys_now_ns(), 2000000000999999999ull);
	CHECK_EQ_U64(ncalls, 2);
	CHECK_EQ_I64(calls[0].n, SYS_clock_gettime64);
	CHECK_EQ_I64(calls[1].n, SYS_clock_gettime_long);
	CHECK_EQ_I64(calls[1].a[0], CLOCK_MONOTONIC);

	reset(); /* remembered: straight to the original call */
	CHECK_EQ_U64(sys_now_ms(), 2000000000999ull);
	CHECK_EQ_U64(ncalls, 1);
	CHECK_EQ_I64(calls[0].n, SYS_clock_gettime_long);

	reset(); /* no clock at all reads as 0, which main refuses */
	clock_answer = -ENOSYS;
	CHECK_EQ_U64(sys_now_ns(), 0);
}

TEST(time32_ppoll_falls_back_once_and_remembers)
{
	struct pollfd fds[2] = { { 3, POLLIN, 0 }, { -1, POLLIN, 0 } };
	sigset_t mask;

	sigemptyset(&mask);
	reset();
	time64_answer = -EINTR; /* a signal: returned as it is */
	CHECK_EQ_I64(sys_ppoll(fds, 2, 1234, &mask), -EINTR);
	CHECK_EQ_U64(ncalls, 1);

	reset();
	CHECK_EQ_I64(sys_ppoll(fds, 2, 1234, &mask), 0);
	CHECK_EQ_U64(ncalls, 2);
	CHECK_EQ_I64(calls[0].n, SYS_ppoll_time64);
	CHECK_EQ_I64(calls[1].n, SYS_ppoll);
	CHECK_EQ_I64(calls[1].a[0], (long)fds);
	CHECK_EQ_I64(calls[1].a[1], 2);
	CHECK(calls[1].has_ts);
	CHECK_EQ_I64(calls[1].ts.tv_sec, 1);
	CHECK_EQ_I64(calls[1].ts.tv_nsec, 234000000);
	CHECK_EQ_I64(calls[1].a[3], (long)&mask);
	CHECK_EQ_I64(calls[1].a[4], BUSTD_SIGSET_BYTES);

	reset(); /* remembered; no timeout is a NULL timespec */
	CHECK_EQ_I64(sys_ppoll(fds, 1, -1, NULL), 0);
	CHECK_EQ_U64(ncalls, 1);
	CHECK_EQ_I64(calls[0].n, SYS_ppoll);
	CHECK(!calls[0].has_ts);
	CHECK_EQ_I64(calls[0].a[4], 0);
}
