/* log.h - one line per event to stderr, /dev/kmsg or syslog's /dev/log.
 * Every line starts with "bustd: " so logs are greppable wherever they go,
 * and no line ever makes bustd wait: a kill must not queue behind its own
 * log record. */
#ifndef BUSTD_LOG_H
#define BUSTD_LOG_H

#include "fmt.h"

enum log_sink { SINK_STDERR, SINK_KMSG, SINK_SYSLOG };

/* syslog(3) levels, named apart from <syslog.h> which we do not use */
enum { LV_ERR = 3, LV_WARN = 4, LV_INFO = 6, LV_DEBUG = 7 };

/* Longest line we emit; a kill record with every reading is ~300 bytes. */
#define LOG_LINE_MAX 512
/* The longest text every sink carries whole, after the "<level>bustd: "
 * prefix and the room kept for a " lost_lines=N" tail (log.c). */
#define LOG_TEXT_MAX (LOG_LINE_MAX - 40)

/* Takes fd 2 as it is now: where a pipe or a terminal can hold a writer
 * up, bustd writes through a non-blocking descriptor of its own.  main
 * calls it first, and again once daemonized. */
void log_init(void);

/* Switches to the sink; returns 0, or -1 (staying on stderr) when it
 * cannot be opened. */
int log_open(enum log_sink want);

/* Emits "bustd: " + text + newline at the given level, never waiting for
 * the sink: a line it cannot take at once is dropped and counted, and the
 * next line that gets through ends with " lost_lines=N". */
void log_buf(int level, const struct buf *text);

/* Emits the concatenation of up to three strings (NULLs skipped). */
void log_str(int level, const char *a, const char *b, const char *c);

#endif
