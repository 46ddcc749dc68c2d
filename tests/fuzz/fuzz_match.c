/* fuzz_match.c - libFuzzer target for the name patterns, against glibc.
 * Input: a pattern, a NUL, a process name.  match_compile must accept or
 * say why; and every pattern it accepts must be one glibc's
 * regcomp(REG_EXTENDED | REG_NOSUB) accepts too, matching every name
 * exactly as regexec does (both in the C locale: libFuzzer never sets
 * another).  Any disagreement aborts.  regcomp allocates, which is why
 * it serves here, in the fuzz harness, and never in the daemon. */
#include <regex.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/match.h"
#include "../../src/procscan.h"

/* regcomp allocates a few KiB to a few MiB per pattern: ASan's default
 * 256 MiB quarantine of freed blocks would take this target past
 * run.sh's -rss_limit_mb=512 within minutes. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "quarantine_size_mb=16";
}

static void disagree(const char *what, const char *pat, const char *name)
{
	fprintf(stderr, "fuzz_match: %s: pattern '%s' name '%s'\n", what, pat,
		name);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct pattern p;
	char pat[PATTERN_MAX + 1], name[COMM_MAX], msg[512];
	struct buf why = BUF_ON(msg);
	const uint8_t *nul = memchr(data, '\0', size);
	size_t pn, nn;
	regex_t re;
	bool ours;

	if (!nul)
		return 0;
	pn = (size_t)(nul - data);
	nn = size - pn - 1;
	if (pn >= sizeof pat || nn >= sizeof name || memchr(nul + 1, 0, nn))
		return 0;
	memcpy(pat, data, pn);
	pat[pn] = '\0';
	memcpy(name, nul + 1, nn);
	name[nn] = '\0';

	if (match_compile(&p, pat, &why) < 0) {
		/* a reason (log.c keeps it on one line), nothing to match */
		if (why.len == 0 || p.len)
			disagree("refused without a proper reason", pat, name);
		return 0;
	}
	if (regcomp(&re, pat, REG_EXTENDED | REG_NOSUB) != 0)
		disagree("accepted, glibc refuses", pat, name);
	ours = match_any(&p, name);
	if (ours != (regexec(&re, name, 0, NULL, 0) == 0))
		disagree(ours ? "matches, glibc does not" : "glibc matches, we do not",
			 pat, name);
	regfree(&re);
	return 0;
}
