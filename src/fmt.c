/* fmt.c - see fmt.h */
#include "fmt.h"

#include <string.h>

size_t fmt_u64(char *out, uint64_t v)
{
	char tmp[FMT_U64_MAX];
	size_t n = 0, i;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	return n;
}

const char *scan_u64(const char *s, uint64_t *out)
{
	uint64_t v = 0;
	const char *p = s;

	for (; *p >= '0' && *p <= '9'; p++) {
		unsigned d = (unsigned)(*p - '0');
		if (v > (UINT64_MAX - d) / 10)
			return NULL;
		v = v * 10 + d;
	}
	if (p == s)
		return NULL;
	*out = v;
	return p;
}

const char *scan_hex(const char *s, uint64_t *out)
{
	uint64_t v = 0;
	const char *p = s;

	for (;; p++) {
		unsigned d;
		if (*p >= '0' && *p <= '9')
			d = (unsigned)(*p - '0');
		else if (*p >= 'a' && *p <= 'f')
			d = (unsigned)(*p - 'a' + 10);
		else if (*p >= 'A' && *p <= 'F')
			d = (unsigned)(*p - 'A' + 10);
		else
			break;
		if (v >> 60)
			return NULL;
		v = v << 4 | d;
	}
	if (p == s)
		return NULL;
	*out = v;
	return p;
}

const char *scan_centi(const char *s, uint64_t *out)
{
	uint64_t whole, frac = 0;
	const char *p = scan_u64(s, &whole);

	if (!p || whole > UINT64_MAX / 100 - 1)
		return NULL;
	if (*p == '.') {
		p++;
		if (*p >= '0' && *p <= '9')
			frac = (uint64_t)(*p++ - '0') * 10;
		if (*p >= '0' && *p <= '9')
			frac += (uint64_t)(*p++ - '0');
		while (*p >= '0' && *p <= '9')
			p++;
	}
	*out = whole * 100 + frac;
	return p;
}

void buf_mem(struct buf *b, const char *s, size_t n)
{
	size_t room = b->cap - b->len;

	if (n > room) {
		b->truncated = 1;
		n = room;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

void buf_str(struct buf *b, const char *s)
{
	buf_mem(b, s, strlen(s));
}

void buf_u64(struct buf *b, uint64_t v)
{
	char tmp[FMT_U64_MAX];
	size_t n = fmt_u64(tmp, v);

	buf_mem(b, tmp, n);
}

void buf_i64(struct buf *b, int64_t v)
{
	if (v < 0) {
		buf_mem(b, "-", 1);
		buf_u64(b, (uint64_t)0 - (uint64_t)v);
	} else {
		buf_u64(b, (uint64_t)v);
	}
}

void buf_centi(struct buf *b, uint64_t centi)
{
	char frac[2] = { (char)('0' + centi / 10 % 10), (char)('0' + centi % 10) };

	buf_u64(b, centi / 100);
	buf_mem(b, ".", 1);
	buf_mem(b, frac, 2);
}

void buf_name(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c > ' ' && c < 0x7f && c != '\\') {
			buf_mem(b, s, 1);
		} else {
			char esc[4] = { '\\', 'x', hex[c >> 4], hex[c & 15] };
			buf_mem(b, esc, 4);
		}
	}
}
