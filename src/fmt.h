/* fmt.h - numbers and strings in and out of fixed buffers, no printf.
 * The printf family would pull kilobytes of code and floating point into a
 * binary whose whole budget is 32 KiB. */
#ifndef BUSTD_FMT_H
#define BUSTD_FMT_H

#include <stddef.h>
#include <stdint.h>

#define FMT_U64_MAX 20 /* digits in 2^64-1 */

size_t fmt_u64(char *out, uint64_t v);

/* Decimal digits at s into *out; returns the first byte after them, or
 * NULL when there are none or the value overflows 64 bits. */
const char *scan_u64(const char *s, uint64_t *out);

/* Hexadecimal digits (no 0x), likewise. */
const char *scan_hex(const char *s, uint64_t *out);

/* A fixed-point decimal such as "12.34" as hundredths (1234); at most two
 * fractional digits are kept, more are ignored. */
const char *scan_centi(const char *s, uint64_t *out);

/* An output buffer that never overflows: appends past the end are dropped
 * and counted in .truncated. */
struct buf {
	char *p;
	size_t len, cap;
	int truncated;
};
#define BUF_ON(arr) { (arr), 0, sizeof(arr), 0 }

void buf_mem(struct buf *b, const char *s, size_t n);
void buf_str(struct buf *b, const char *s);
void buf_u64(struct buf *b, uint64_t v);
void buf_i64(struct buf *b, int64_t v);
/* hundredths as "12.34" */
void buf_centi(struct buf *b, uint64_t centi);
/* A process name made safe for a one-line, space-separated log record:
 * bytes outside printable ASCII, spaces and backslashes become \xNN. */
void buf_name(struct buf *b, const char *s);

#endif
