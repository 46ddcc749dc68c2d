/* lateprobe: wake every 10 ms, as bustd does in a race, at a scheduling
 * class (none: as started; nice: nice -20; fifo: SCHED_FIFO 1), and on
 * SIGTERM print how late the wake-ups came: several probes at once, one
 * per class, share every stall of a guest, so their figures compare. */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define PERIOD_NS 10000000LL

static volatile sig_atomic_t done;
static void on_term(int s) { (void)s; done = 1; }

static long long ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	struct sched_param sp = { .sched_priority = 1 };
	long long due, worst = 0, sum = 0, n = 0, over1 = 0, over5 = 0, over20 = 0;

	if (argc != 2) {
		fputs("usage: lateprobe none|nice|fifo\n", stderr);
		return 2;
	}
	if (!strcmp(argv[1], "nice") && setpriority(PRIO_PROCESS, 0, -20) < 0)
		perror("lateprobe: setpriority");
	if (!strcmp(argv[1], "fifo") &&
	    syscall(SYS_sched_setscheduler, 0, SCHED_FIFO, &sp) < 0)
		perror("lateprobe: sched_setscheduler");
	signal(SIGTERM, on_term);
	due = ns() + PERIOD_NS;
	while (!done) {
		struct timespec ts = { due / 1000000000LL, due % 1000000000LL };
		long long late;
		if (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL))
			continue;
		late = ns() - due;
		n++;
		sum += late;
		over1 += late > 1000000;
		over5 += late > 5000000;
		over20 += late > 20000000;
		if (late > worst)
			worst = late;
		due += PERIOD_NS;
		if (due < ns())
			due = ns() + PERIOD_NS; /* a stall: no burst to catch up */
	}
	printf("lateprobe %s: wakeups=%lld mean_us=%lld max_us=%lld over_1ms=%lld over_5ms=%lld over_20ms=%lld\n",
	       argv[1], n, n ? sum / n / 1000 : 0, worst / 1000, over1, over5, over20);
	return 0;
}
