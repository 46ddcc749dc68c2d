/* bystander: hold a fixed amount of touched memory and sleep, standing in
 * for a process that should survive (or be picked) by its size. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>

static const char usage[] =
	"usage: bystander -m MIB [-n NAME]\n"
	"  touches MIB of anonymous memory, then sleeps forever\n";

int main(int argc, char **argv)
{
	unsigned long mib = 0;
	int c;

	while ((c = getopt(argc, argv, "m:n:h")) != -1) {
		switch (c) {
		case 'm': mib = strtoul(optarg, NULL, 10); break;
		case 'n': prctl(PR_SET_NAME, optarg, 0, 0, 0); break;
		default: fputs(usage, stderr); return 2;
		}
	}
	if (optind != argc) {
		fputs(usage, stderr);
		return 2;
	}
	size_t len = mib << 20;
	if (len) {
		unsigned char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
					MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED) {
			perror("bystander: mmap");
			return 1;
		}
		/* Non-zero and varied, so zram cannot keep it for free. */
		for (size_t off = 0; off < len; off += 64)
			p[off] = (unsigned char)(off >> 6 | 1);
	}
	for (;;)
		pause();
}
