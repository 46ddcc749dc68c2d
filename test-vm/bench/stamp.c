/* stamp: copy standard input to standard output unchanged and append
 * each line, prefixed with the CLOCK_BOOTTIME millisecond it was read at
 * (the clock of /proc/uptime and of sampler's t_ms), to FILE.  A daemon's
 * log piped through it says when each line was written, for daemons whose
 * lines carry no time (earlyoom) and, the same way, for bustd, so both
 * are timed by one method.  Locked in RAM so a guest running short of
 * memory does not delay the stamps. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

static long long ms_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_BOOTTIME, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int put(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static char buf[4096], line[4200];
	size_t have = 0;
	int at_start = 1;
	long long t = 0;

	if (argc != 2 || argv[1][0] == '-') {
		fputs("usage: stamp FILE <in >out\n", stderr);
		return 2;
	}
	prctl(PR_SET_NAME, "stamp", 0, 0, 0);
	int out = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0644);
	if (out < 0) {
		perror("stamp");
		return 1;
	}
	mlockall(MCL_CURRENT | MCL_FUTURE);
	for (;;) {
		ssize_t n = read(0, buf, sizeof buf);
		if (n <= 0)
			break;
		if (put(1, buf, (size_t)n) < 0)
			return 1;
		for (ssize_t i = 0; i < n; i++) {
			if (at_start) { /* the time a line's first byte came */
				t = ms_now();
				have = (size_t)snprintf(line, sizeof line, "%lld ", t);
				at_start = 0;
			}
			if (have < sizeof line - 1)
				line[have++] = buf[i];
			if (buf[i] == '\n') {
				if (line[have - 1] != '\n')
					line[have++] = '\n';
				if (put(out, line, have) < 0)
					return 1;
				at_start = 1;
			}
		}
	}
	return 0;
}
