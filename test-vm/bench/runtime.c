/* runtime: run CMD, then print "wall_us cpu_us status" on stderr, where
 * cpu_us is the child's user + system time (wait4 rusage).  For timing
 * `bustd --once` inside a guest, whose BusyBox `time` has 10 ms steps. */
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs("usage: runtime CMD [ARG]...\n", stderr);
		return 2;
	}
	long long t0 = us();
	pid_t pid = fork();
	if (pid == 0) {
		execvp(argv[1], argv + 1);
		_exit(127);
	}
	int st = 0;
	struct rusage ru;
	if (pid < 0 || wait4(pid, &st, 0, &ru) < 0) {
		perror("runtime");
		return 1;
	}
	long long wall = us() - t0;
	long long cpu = (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000LL +
			ru.ru_utime.tv_usec + ru.ru_stime.tv_usec;
	fprintf(stderr, "runtime %lld %lld %d\n", wall, cpu, st);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}
