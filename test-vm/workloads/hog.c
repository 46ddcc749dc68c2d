/* hog: eat anonymous memory in steps, touching every page, for the VM
 * scenarios. Never run it on the host. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

#define MIB (1024UL * 1024UL)
#define PAGE 4096UL
/* Progress lines are rare: the serial console of a TCG guest is slow. */
#define REPORT_EVERY_MIB 64UL

static const char usage[] =
	"usage: hog [-s STEP_MIB] [-r MIB_PER_SEC] [-l LIMIT_MIB] [-x PCT]\n"
	"           [-f N] [-t N] [-T] [-F] [-Z] [-n NAME] [-q]\n"
	"  -s  grow in steps of STEP_MIB (default 4)\n"
	"  -r  grow at MIB_PER_SEC (default: as fast as possible)\n"
	"  -l  stop at LIMIT_MIB and hold it forever (default: no limit)\n"
	"  -x  percent of each page filled with random bytes, the rest zero\n"
	"      (default 50: compresses about 2:1 in zram, like real data)\n"
	"  -f  fork N children that hog; the parent leads their process\n"
	"      group and only waits\n"
	"  -t  hog from N threads of one process at once (each its own\n"
	"      steps and limit): a faster hog, as a multi-threaded program\n"
	"  -T  ignore SIGTERM\n"
	"  -F  on each SIGTERM, fork a child that goes on hogging (an escape\n"
	"      attempt while being killed); implies ignoring it\n"
	"  -Z  hog from a second thread and end the main one: the process\n"
	"      shows as a zombie leader while the thread holds the memory\n"
	"  -n  set the process name (comm)\n"
	"  -q  no progress lines\n";

static unsigned long step_mib = 4, rate, limit_mib, fill_pct = 50;
static int quiet;
static volatile sig_atomic_t fork_due;

static void on_term(int sig)
{
	(void)sig;
	fork_due = 1;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static unsigned long num(const char *s)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);
	if (!*s || *end) {
		fputs(usage, stderr);
		exit(2);
	}
	return v;
}

/* Random bytes so zram cannot store the page as "same-filled" for free. */
static void fill(unsigned char *p, unsigned long len, unsigned long *seed)
{
	unsigned long words = PAGE * fill_pct / 100 / sizeof(unsigned long);
	for (unsigned long off = 0; off < len; off += PAGE) {
		unsigned long *w = (unsigned long *)(p + off);
		w[words] = 1; /* touch even when -x 0 */
		for (unsigned long i = 0; i < words; i++) {
			*seed ^= *seed << 13;
			*seed ^= *seed >> 7;
			*seed ^= *seed << 17;
			w[i] = *seed;
		}
	}
}

/* -F: a child carries on from here, with a copy of all we hold */
static void maybe_fork(void)
{
	if (!fork_due)
		return;
	fork_due = 0;
	if (fork() == 0 && !quiet)
		fprintf(stderr, "hog[%d]: forked on SIGTERM\n", getpid());
}

static void hold(unsigned long mib)
{
	if (!quiet)
		fprintf(stderr, "hog[%d]: holding %lu MiB\n", getpid(), mib);
	for (;;) {
		pause();
		maybe_fork();
	}
}

static void hog(void)
{
	unsigned long seed = 0x9e3779b97f4a7c15UL ^ (unsigned long)getpid() ^
			     (unsigned long)pthread_self();
	unsigned long have = 0;
	double start = now();

	for (;;) {
		unsigned long n = step_mib;
		if (limit_mib && have + n > limit_mib)
			n = limit_mib - have;
		if (n == 0)
			hold(have);
		void *p = mmap(NULL, n * MIB, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED) {
			fprintf(stderr, "hog[%d]: mmap: %s\n", getpid(),
				strerror(errno));
			hold(have);
		}
		fill(p, n * MIB, &seed);
		maybe_fork();
		if (!quiet && have / REPORT_EVERY_MIB !=
				      (have + n) / REPORT_EVERY_MIB)
			fprintf(stderr, "hog[%d]: %lu MiB\n", getpid(),
				have + n);
		have += n;
		if (rate) {
			double due = start + (double)have / (double)rate;
			double wait = due - now();
			if (wait > 0) {
				struct timespec ts = {
					(time_t)wait,
					(long)((wait - (double)(time_t)wait) * 1e9)
				};
				nanosleep(&ts, NULL);
			}
		}
	}
}

static void *hog_thread(void *arg)
{
	(void)arg;
	hog();
	return NULL;
}

int main(int argc, char **argv)
{
	unsigned long children = 0, threads = 1;
	int c, zombie_leader = 0;

	while ((c = getopt(argc, argv, "s:r:l:x:f:t:TFZn:qh")) != -1) {
		switch (c) {
		case 's': step_mib = num(optarg); break;
		case 'r': rate = num(optarg); break;
		case 'l': limit_mib = num(optarg); break;
		case 'x': fill_pct = num(optarg); break;
		case 'f': children = num(optarg); break;
		case 't': threads = num(optarg); break;
		case 'T': signal(SIGTERM, SIG_IGN); break;
		case 'F': signal(SIGTERM, on_term); break;
		case 'Z': zombie_leader = 1; break;
		case 'n': prctl(PR_SET_NAME, optarg, 0, 0, 0); break;
		case 'q': quiet = 1; break;
		default: fputs(usage, stderr); return 2;
		}
	}
	if (optind != argc || step_mib == 0 || fill_pct > 99 || threads == 0) {
		fputs(usage, stderr);
		return 2;
	}
	if (zombie_leader) {
		pthread_t t;
		if (pthread_create(&t, NULL, hog_thread, NULL) != 0) {
			perror("hog: pthread_create");
			return 1;
		}
		pthread_exit(NULL); /* the process lives on in the thread */
	}
	for (unsigned long i = 1; i < threads; i++) {
		pthread_t t;
		if (pthread_create(&t, NULL, hog_thread, NULL) != 0) {
			perror("hog: pthread_create");
			return 1;
		}
	}
	if (!children)
		hog();

	/* A family: -g in bustd must take the waiting leader down too. */
	setpgid(0, 0);
	signal(SIGCHLD, SIG_IGN);
	for (unsigned long i = 0; i < children; i++) {
		pid_t pid = fork();
		if (pid == 0)
			hog();
		if (pid < 0)
			perror("hog: fork");
	}
	for (;;)
		pause();
}
