/* cachereader: stream a block device or file through the page cache, so a
 * scenario can fill the cache with clean, reclaimable pages. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define CHUNK (256 * 1024) /* large reads keep the syscall count low */

static const char usage[] =
	"usage: cachereader [-p PASSES] PATH\n"
	"  reads PATH start to end PASSES times (default 1) with read()\n";

static char buf[CHUNK];

int main(int argc, char **argv)
{
	unsigned long passes = 1;
	int c;

	while ((c = getopt(argc, argv, "p:h")) != -1) {
		switch (c) {
		case 'p': passes = strtoul(optarg, NULL, 10); break;
		default: fputs(usage, stderr); return 2;
		}
	}
	if (optind != argc - 1) {
		fputs(usage, stderr);
		return 2;
	}
	for (unsigned long pass = 1; pass <= passes; pass++) {
		int fd = open(argv[optind], O_RDONLY);
		if (fd < 0) {
			perror(argv[optind]);
			return 1;
		}
		unsigned long long total = 0;
		ssize_t n;
		while ((n = read(fd, buf, sizeof buf)) > 0)
			total += (unsigned long long)n;
		if (n < 0) {
			perror("cachereader: read");
			return 1;
		}
		close(fd);
		fprintf(stderr, "cachereader: pass %lu: %llu MiB\n", pass,
			total >> 20);
	}
	return 0;
}
