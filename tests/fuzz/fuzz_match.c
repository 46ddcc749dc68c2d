/* fuzz_match.c - libFuzzer target for the name patterns.  Input: a pattern
 * list, a NUL, a process name.  match_check must accept or explain; an
 * accepted list must match without reading past either string; and a list
 * matches a name exactly when one of its alternatives does. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/match.h"
#include "../../src/procscan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char list[PATTERN_MAX], name[COMM_MAX], one[PATTERN_MAX], msg[256];
	struct buf why = BUF_ON(msg);
	const uint8_t *nul = memchr(data, '\0', size);
	size_t ln, nn;
	bool any = false;

	if (!nul)
		return 0;
	ln = (size_t)(nul - data);
	nn = size - ln - 1;
	if (ln >= sizeof list || nn >= sizeof name || memchr(nul + 1, 0, nn))
		return 0;
	memcpy(list, data, ln);
	list[ln] = '\0';
	memcpy(name, nul + 1, nn);
	name[nn] = '\0';

	if (match_check(list, &why) < 0) {
		if (why.len == 0)
			abort();
		return 0;
	}
	/* each alternative alone: match.c splits at every '|' */
	for (size_t i = 0, j = 0; i <= ln; i++) {
		if (i == ln || list[i] == '|') {
			one[j] = '\0';
			if (j && match_any(one, name))
				any = true;
			j = 0;
		} else {
			one[j++] = list[i];
		}
	}
	if (match_any(list, name) != any)
		abort();
	return 0;
}
