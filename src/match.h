/* match.h - process-name patterns for --prefer, --avoid and --ignore:
 * POSIX extended regular expressions searched for anywhere in the name,
 * as earlyoom's regexec does, so its users' patterns keep their meaning.
 * Each is compiled once, at start-up, into a fixed Thompson program; no
 * heap (musl's regcomp allocates).  Matching visits each instruction at
 * most twice per byte of the name, plus once: for a 15-byte comm and the
 * largest program, about 12,000 steps, whatever the pattern. */
#ifndef BUSTD_MATCH_H
#define BUSTD_MATCH_H

#include <stdbool.h>
#include <stdint.h>

#include "fmt.h"

/* Source text, terminator included: room for ~30 names such as an
 * OpenWrt router's daemons, and a known length for error lines. */
#define PATTERN_MAX 256
/* Program instructions.  A byte of pattern costs at most one, but '|'
 * and '*' two and an interval its copies: every list of names within
 * PATTERN_MAX, '^(a|b|...)$', fits (at most 255 + 127 + 1). */
#define PATTERN_STATES 384
/* Distinct bracket expressions, 32 bytes each (a bitmap of the bytes) */
#define PATTERN_CLASSES 8
/* Nested groups: bounds the parser's recursion */
#define PATTERN_DEPTH 8

struct pattern {
	uint16_t len; /* instructions; 0: no pattern given */
	uint8_t nclass;
	uint16_t prog[PATTERN_STATES]; /* see match.c */
	uint8_t cls[PATTERN_CLASSES][32];
};

/* Compiles src into p: 0, or -1 with one line in why saying what is
 * wrong and where (p is then empty, matching nothing). */
int match_compile(struct pattern *p, const char *src, struct buf *why);

/* Whether the pattern occurs in name (regexec's answer for it compiled
 * with REG_EXTENDED in the C locale); an empty pattern matches nothing. */
bool match_any(const struct pattern *p, const char *name);

#endif
