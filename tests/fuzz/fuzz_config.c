/* fuzz_config.c - libFuzzer target for the command line and the kernel
 * command line's bustd.* words.  The input is split at NUL bytes: the
 * first part is the kernel command line (empty: not used), the others are
 * argv.  Whatever the words, config_parse either accepts them with every
 * value inside its documented range, or says what is wrong. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/config.h"

#define ARGS_MAX 48

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char copy[8192];
	char *argv[ARGS_MAX + 2], *kernel, *p, *end;
	char msg[512];
	struct buf err = BUF_ON(msg);
	struct config c;
	int argc = 1, rc;

	if (size >= sizeof copy)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	end = copy + size;
	argv[0] = "bustd";
	kernel = copy;
	p = copy + strlen(copy) + 1;
	while (p < end && argc < ARGS_MAX) {
		argv[argc++] = p;
		p += strlen(p) + 1;
	}
	argv[argc] = NULL;

	rc = kernel[0] ? config_parse_with(&c, argc, argv, kernel, &err)
		       : config_parse(&c, argc, argv, &err);
	if (rc == CONFIG_BAD) {
		if (err.len == 0)
			abort(); /* never silent (log.c keeps it on one line) */
		return 0;
	}
	if (rc != CONFIG_RUN)
		return 0;
	if (c.psi_pct > 100 || c.fill_rate == 0 ||
	    c.min_sleep_ms > c.max_sleep_ms || c.min_sleep_ms == 0 ||
	    c.mem_pct.term > 10000 || c.mem_pct.kill > c.mem_pct.term ||
	    c.swap_pct.term > 10000 || c.swap_pct.kill > c.swap_pct.term ||
	    !memchr(c.hook, '\0', sizeof c.hook) ||
	    c.prefer.len > PATTERN_STATES || c.avoid.len > PATTERN_STATES ||
	    c.ignore.len > PATTERN_STATES)
		abort();
	return 0;
}
