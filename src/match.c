/* match.c - see match.h */
#include "match.h"

#include <string.h>

/* Splits off the alternative starting at list into alt (NUL-terminated);
 * returns its length, or -1 when it does not fit. */
static int next_alt(const char *list, char alt[PATTERN_MAX])
{
	const char *bar = strchr(list, '|');
	size_t n = bar ? (size_t)(bar - list) : strlen(list);

	if (n >= PATTERN_MAX)
		return -1;
	memcpy(alt, list, n);
	alt[n] = '\0';
	return (int)n;
}

/* A '[' must close: a user who wrote "[a-z" meant a class, and the
 * matcher below would otherwise never match it. */
static bool brackets_closed(const char *p)
{
	for (; *p; p++) {
		if (*p == '\\' && p[1]) {
			p++;
		} else if (*p == '[') {
			const char *q = p + 1;
			if (*q == '!' || *q == '^')
				q++;
			if (*q == ']')
				q++;
			while (*q && *q != ']')
				q++;
			if (!*q)
				return false;
			p = q;
		}
	}
	return true;
}

int match_check(const char *list, struct buf *why)
{
	char alt[PATTERN_MAX];
	const char *p = list;

	if (strlen(list) >= PATTERN_MAX) {
		buf_str(why, "pattern list longer than 255 bytes");
		return -1;
	}
	for (;;) {
		int n = next_alt(p, alt);
		if (n < 0) { /* cannot happen: the list is shorter */
			buf_str(why, "pattern longer than 255 bytes");
			return -1;
		}
		if (n == 0) {
			buf_str(why, "empty pattern in '");
			buf_str(why, list);
			buf_str(why, "'");
			return -1;
		}
		if (!brackets_closed(alt)) {
			buf_str(why, "unclosed '[' in '");
			buf_str(why, alt);
			buf_str(why, "'");
			return -1;
		}
		p += n;
		if (!*p)
			return 0;
		p++; /* the '|' */
	}
}

/* Matches a bracket expression at p against c; returns the byte after the
 * closing ']' and sets *hit. */
static const char *bracket(const char *p, unsigned char c, bool *hit)
{
	bool neg = *p == '!' || *p == '^', in = false;

	if (neg)
		p++;
	/* a ']' first is a member, not the end: "[]a]" */
	do {
		unsigned char lo = (unsigned char)*p, hi = lo;
		if (!lo)
			break; /* unclosed: match_check refuses it, but be safe */
		if (lo == '\\' && p[1])
			lo = hi = (unsigned char)*++p;
		if (p[1] == '-' && p[2] && p[2] != ']') {
			hi = (unsigned char)p[2];
			p += 2;
		}
		if (c >= lo && c <= hi)
			in = true;
		p++;
	} while (*p && *p != ']');
	*hit = in != neg;
	return *p ? p + 1 : p;
}

/* Shell glob on bytes (process names are bytes, not text): * ? [...] and
 * backslash escapes.  Iterative, with one backtrack point for the last
 * '*', so it runs in O(pattern x name) with no recursion. */
static bool glob(const char *p, const char *s)
{
	const char *star_p = NULL, *star_s = NULL;

	for (;;) {
		if (*p == '*') {
			star_p = ++p;
			star_s = s;
			continue;
		}
		if (!*p && !*s)
			return true;
		if (*s) {
			bool hit;
			const char *next = p + 1;
			if (*p == '?')
				hit = true;
			else if (*p == '[')
				next = bracket(p + 1, (unsigned char)*s, &hit);
			else if (*p == '\\' && p[1])
				hit = *++p == *s, next = p + 1;
			else
				hit = *p && *p == *s;
			if (hit) {
				p = next;
				s++;
				continue;
			}
		}
		if (!star_p || !*star_s)
			return false;
		p = star_p;
		s = ++star_s;
	}
}

bool match_any(const char *list, const char *name)
{
	char alt[PATTERN_MAX];

	while (*list) {
		int n = next_alt(list, alt);
		if (n < 0)
			return false;
		if (glob(alt, name))
			return true;
		list += n;
		if (*list == '|')
			list++;
	}
	return false;
}
