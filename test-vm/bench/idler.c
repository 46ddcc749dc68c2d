/* idler: the least any polling daemon can cost. Sleep MS in ppoll, wake,
 * do nothing (or, given FILE, read its first 4 KiB: what a daemon that
 * must read /proc/meminfo pays at least), COUNT times; then print "idler
 * wakes=N cpu_ns=T" from its own /proc/self/schedstat (the field the rest
 * benchmark reads for the daemons), so the report can show what a bare
 * wake-up costs here. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static unsigned long long cpu_ns(void)
{
	char b[128];
	int fd = open("/proc/self/schedstat", O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, b, sizeof b - 1);

	if (fd >= 0)
		close(fd);
	b[n > 0 ? n : 0] = 0;
	return strtoull(b, NULL, 10);
}

int main(int argc, char **argv)
{
	if (argc < 3 || argc > 4 || atoi(argv[1]) <= 0 || atoi(argv[2]) <= 0) {
		fputs("usage: idler MS COUNT [FILE]\n", stderr);
		return 2;
	}
	int ms = atoi(argv[1]), count = atoi(argv[2]);
	int fd = argc == 4 ? open(argv[3], O_RDONLY) : -1;
	char buf[4096];

	if (argc == 4 && fd < 0) {
		perror(argv[3]);
		return 1;
	}
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	unsigned long long c0 = cpu_ns();

	for (int i = 0; i < count; i++) {
		ppoll(NULL, 0, &ts, NULL);
		if (fd >= 0 && pread(fd, buf, sizeof buf, 0) < 0)
			return 1;
	}
	printf("idler wakes=%d cpu_ns=%llu\n", count, cpu_ns() - c0);
	return 0;
}
