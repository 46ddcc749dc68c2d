/* heartbeat: wake every 100 ms and record the worst lateness, so a scenario
 * can tell how badly the guest stalled while memory ran out. Each wake-up
 * late by 2 ms or more is also printed, with the time it happened, so a
 * benchmark can tell what the guest was doing then. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

#define PERIOD_NS 100000000L

static const char usage[] =
	"usage: heartbeat FILE\n"
	"  wakes every 100 ms; writes the worst wake-up delay in ms to FILE\n"
	"  (rewritten whenever it grows); prints \"late T_MS D_MS\" on stdout\n"
	"  for each wake-up D_MS >= 2 late (T_MS: CLOCK_BOOTTIME, as /proc/uptime)\n";

static long long ns_of(clockid_t clock)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static long long ns(void)
{
	return ns_of(CLOCK_MONOTONIC);
}

/* Write-then-rename so the scenario never reads a half-written number. */
static void save(const char *path, long long ms)
{
	char tmp[4096], buf[32];
	int n = snprintf(buf, sizeof buf, "%lld\n", ms);
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return;
	if (write(fd, buf, (size_t)n) == n)
		rename(tmp, path);
	close(fd);
}

int main(int argc, char **argv)
{
	if (argc != 2 || argv[1][0] == '-') {
		fputs(usage, stderr);
		return 2;
	}
	prctl(PR_SET_NAME, "heartbeat", 0, 0, 0);
	long long worst = 0, due = ns() + PERIOD_NS;
	save(argv[1], 0);
	for (;;) {
		struct timespec ts = { due / 1000000000LL, due % 1000000000LL };
		clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
		long long late = ns() - due;
		if (late >= 2000000) {
			printf("late %lld %lld\n", ns_of(CLOCK_BOOTTIME) / 1000000,
			       late / 1000000);
			fflush(stdout);
		}
		if (late / 1000000 > worst) {
			worst = late / 1000000;
			save(argv[1], worst);
		}
		/* After a stall, measure from now, not from a backlog. */
		due = (late > PERIOD_NS ? ns() : due) + PERIOD_NS;
	}
}
