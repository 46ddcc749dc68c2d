/* wsreader: keep a file-backed working set in use by reading one byte of a
 * random page of a shared read-only mapping, forever, so reclaim has real
 * file pages to evict and re-read: the machine can thrash without swap.
 *
 * Random, not sequential: a loop over a set larger than the page cache
 * defeats LRU completely, every page is evicted before its second use, and
 * the kernel does not count those refaults as thrashing (no memory PSI).
 * Random reuse, like a program's, gets pages activated and then refaulted:
 * the workingset refaults that PSI measures. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define PAGE 4096

static const char usage[] =
	"usage: wsreader [-n NAME] [-r PAGES_PER_SEC] [-d PERCENT] [-a] FILE\n"
	"  maps FILE read-only and reads one byte of a random page, forever\n"
	"  -r  at most PAGES_PER_SEC pages a second (default: as fast as it\n"
	"      can): fewer reads, fewer refaults, a milder thrash\n"
	"  -d  read flat out only the first PERCENT ms of every 100 ms of the\n"
	"      monotonic clock (readers in one machine in step), sleep the\n"
	"      rest: the stall is about that share of a flat-out reader's\n"
	"  -a  no MADV_RANDOM: the kernel sees the accesses' recency (turn\n"
	"      the disk's readahead off instead: read_ahead_kb 0)\n";

/* Pages between two looks at the clock under -r. */
#define PACE_EVERY 8

/* Sleeps what is left of the time PACE_EVERY reads may take at rate.  A
 * read that stalled is not made up for later: after a stop (SIGSTOP) or a
 * long stall the pace goes on, not a burst. */
static void pace(unsigned long rate, struct timespec *last)
{
	struct timespec now;
	long long left_ns;

	clock_gettime(CLOCK_MONOTONIC, &now);
	left_ns = (long long)PACE_EVERY * 1000000000LL / (long long)rate -
		  ((long long)(now.tv_sec - last->tv_sec) * 1000000000LL +
		   (now.tv_nsec - last->tv_nsec));
	if (left_ns > 0) {
		struct timespec d = { (time_t)(left_ns / 1000000000LL),
				      (long)(left_ns % 1000000000LL) };
		nanosleep(&d, NULL);
		clock_gettime(CLOCK_MONOTONIC, &now);
	}
	*last = now;
}

/* Under -d: past the first duty ms of this 100 ms period, sleep to the
 * next period.  A flat-out reader stalls about the same share of its time
 * on any host, where a paced one's share follows what a refault costs
 * there (3.5 % on a quiet host, 12-27 % on a busy one, at one pace). */
static void duty_cycle(unsigned long duty)
{
	struct timespec now;
	long long in_period;

	clock_gettime(CLOCK_MONOTONIC, &now);
	in_period = (long long)(now.tv_sec % 1000) * 1000 + now.tv_nsec / 1000000;
	in_period %= 100;
	if (in_period >= (long long)duty) {
		struct timespec d = { 0, (long)(100 - in_period) * 1000000L };
		nanosleep(&d, NULL);
	}
}

int main(int argc, char **argv)
{
	unsigned long rate = 0, n = 0, duty = 100;
	int recency = 0;
	struct timespec last;
	int c;

	while ((c = getopt(argc, argv, "n:r:d:ah")) != -1) {
		switch (c) {
		case 'n': prctl(PR_SET_NAME, optarg, 0, 0, 0); break;
		case 'r': rate = strtoul(optarg, NULL, 10); break;
		case 'd': duty = strtoul(optarg, NULL, 10); break;
		case 'a': recency = 1; break;
		default: fputs(usage, stderr); return 2;
		}
	}
	if (optind != argc - 1 || duty < 1 || duty > 100) {
		fputs(usage, stderr);
		return 2;
	}
	int fd = open(argv[optind], O_RDONLY);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0 || st.st_size < PAGE) {
		perror(argv[optind]);
		return 1;
	}
	size_t len = (size_t)st.st_size;
	const volatile unsigned char *p =
		mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		perror("wsreader: mmap");
		return 1;
	}
	/* Readahead would hide the faults' cost; we want it seen.  But a
	 * multi-gen LRU (6.12) ignores a MADV_RANDOM mapping's recency and
	 * counts none of its refaults as a stall: -a leaves the advice out
	 * and the caller turns the disk's readahead off. */
	if (!recency)
		madvise((void *)p, len, MADV_RANDOM);
	size_t pages = len / PAGE;
	unsigned long x = 0x2545f4914f6cdd1dUL ^ (unsigned long)getpid();
	unsigned long sum = 0;
	clock_gettime(CLOCK_MONOTONIC, &last);
	for (;;) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		sum += p[(x % pages) * PAGE];
		if (rate && ++n % PACE_EVERY == 0)
			pace(rate, &last);
		if (duty < 100)
			duty_cycle(duty);
	}
}
