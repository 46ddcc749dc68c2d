/* fuzz_fmt.c - libFuzzer target for number parsing and formatting.
 * Round trips must hold (a formatted number scans back to itself), and a
 * process name, whatever its bytes, must come out as one printable word:
 * a name holding a newline must never start a forged log line. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/fmt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char text[64], out[256];
	struct buf b = BUF_ON(out);
	uint64_t v, w;
	const char *end;
	size_t n = size < sizeof text - 1 ? size : sizeof text - 1;

	memcpy(text, data, n);
	text[n] = '\0';

	if ((end = scan_u64(text, &v))) {
		buf_u64(&b, v);
		out[b.len] = '\0';
		if (!scan_u64(b.p, &w) || w != v || b.len > FMT_U64_MAX)
			abort();
		if (end <= text || end > text + n)
			abort();
	}
	(void)scan_hex(text, &v);
	if (scan_centi(text, &v)) {
		b.len = 0;
		buf_centi(&b, v);
		out[b.len] = '\0';
		if (!scan_centi(b.p, &w) || w != v)
			abort();
	}
	if (n >= 8) {
		int64_t i;
		memcpy(&i, data, sizeof i);
		b.len = 0;
		buf_i64(&b, i);
	}

	/* a name: printable, no spaces, backslash-escaped, in bounds */
	b.len = 0;
	buf_name(&b, text);
	for (size_t k = 0; k < b.len; k++)
		if (out[k] <= ' ' || out[k] > '~')
			abort();
	/* a tiny buffer: appends are dropped and counted, never overflow */
	{
		char small[5];
		struct buf s = BUF_ON(small);
		buf_name(&s, text);
		buf_str(&s, text);
		if (s.len > sizeof small)
			abort();
	}
	return 0;
}
