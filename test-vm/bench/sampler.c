/* sampler: every PERIOD ms (default 50) append one line to FILE:
 *   t_ms avail_kib swapfree_kib psi_some_us psi_full_us
 * t_ms is CLOCK_BOOTTIME (the clock of /proc/uptime), the rest come from
 * /proc/meminfo and the cumulative totals of /proc/pressure/memory (-1
 * without PSI).  Locked in RAM so it keeps sampling while the guest
 * thrashes; it is the benchmark's eyes, never a memory hog. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

static long long field(const char *buf, const char *key)
{
	const char *p = strstr(buf, key);
	return p ? strtoll(p + strlen(key), NULL, 10) : -1;
}

static long long ms_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_BOOTTIME, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int main(int argc, char **argv)
{
	static char mbuf[8192], pbuf[512], line[160];
	long period = argc > 2 ? atol(argv[2]) : 50;

	if (argc < 2 || argc > 3 || argv[1][0] == '-' || period <= 0) {
		fputs("usage: sampler FILE [PERIOD_MS]\n", stderr);
		return 2;
	}
	prctl(PR_SET_NAME, "sampler", 0, 0, 0);
	int out = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0644);
	int mfd = open("/proc/meminfo", O_RDONLY);
	int pfd = open("/proc/pressure/memory", O_RDONLY);
	if (out < 0 || mfd < 0) {
		perror("sampler");
		return 1;
	}
	mlockall(MCL_CURRENT | MCL_FUTURE);
	struct timespec due;
	clock_gettime(CLOCK_MONOTONIC, &due);
	for (;;) {
		ssize_t n = pread(mfd, mbuf, sizeof mbuf - 1, 0);
		mbuf[n > 0 ? n : 0] = '\0';
		long long some = -1, full = -1;
		if (pfd >= 0) {
			n = pread(pfd, pbuf, sizeof pbuf - 1, 0);
			pbuf[n > 0 ? n : 0] = '\0';
			char *f = strstr(pbuf, "full");
			some = field(pbuf, "total=");
			full = f ? field(f, "total=") : -1;
		}
		int len = snprintf(line, sizeof line, "%lld %lld %lld %lld %lld\n",
				   ms_now(), field(mbuf, "MemAvailable:"),
				   field(mbuf, "SwapFree:"), some, full);
		if (write(out, line, (size_t)len) < 0)
			return 1;
		due.tv_nsec += period * 1000000L;
		while (due.tv_nsec >= 1000000000L) {
			due.tv_nsec -= 1000000000L;
			due.tv_sec++;
		}
		struct timespec now;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec > due.tv_sec + 1) /* after a long stall, resync */
			due = now;
		clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &due, NULL);
	}
}
