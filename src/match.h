/* match.h - process-name patterns for --prefer, --avoid and --ignore:
 * `|`-separated shell globs matched against the whole comm. */
#ifndef BUSTD_MATCH_H
#define BUSTD_MATCH_H

#include <stdbool.h>

#include "fmt.h"

/* One list is at most this long, terminator included: room for ~30 names
 * such as an OpenWrt router's daemons, and a static, known .bss cost. */
#define PATTERN_MAX 256

/* 0 when every alternative is a well-formed, non-empty glob; otherwise
 * -1 with the reason appended to why. */
int match_check(const char *list, struct buf *why);

/* true when name matches any alternative of list; an empty list matches
 * nothing. */
bool match_any(const char *list, const char *name);

#endif
