/* t.c - the runner for t.h: every registered test, or those whose name
 * contains argv[1]. */
#include "t.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define T_MAX 512

static struct {
	const char *name;
	t_fn fn;
} tests[T_MAX];
static int ntests;
static int fails; /* failed checks in the running test */
static char row[160];

void t_register(const char *name, t_fn fn)
{
	if (ntests == T_MAX) {
		fprintf(stderr, "t.c: more than %d tests; raise T_MAX\n", T_MAX);
		_exit(2);
	}
	tests[ntests].name = name;
	tests[ntests++].fn = fn;
}

void t_row(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(row, sizeof row, fmt, ap);
	va_end(ap);
}

static void fail_head(const char *file, int line, const char *expr)
{
	fails++;
	printf("[FAIL] %s:%d: ", file, line);
	if (row[0])
		printf("[%s] ", row);
	printf("%s", expr);
}

bool t_check(bool ok, const char *file, int line, const char *expr)
{
	if (!ok) {
		fail_head(file, line, expr);
		printf("\n");
	}
	return ok;
}

bool t_check_u64(uint64_t got, uint64_t want, const char *file, int line,
		 const char *expr)
{
	if (got != want) {
		fail_head(file, line, expr);
		printf(" (got %" PRIu64 ", want %" PRIu64 ")\n", got, want);
	}
	return got == want;
}

bool t_check_i64(int64_t got, int64_t want, const char *file, int line,
		 const char *expr)
{
	if (got != want) {
		fail_head(file, line, expr);
		printf(" (got %" PRId64 ", want %" PRId64 ")\n", got, want);
	}
	return got == want;
}

/* Quoted, with odd bytes escaped, so a difference in a newline shows. */
static void show(const char *s, size_t n)
{
	putchar('"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\n')
			printf("\\n");
		else if (c < ' ' || c >= 0x7f || c == '"' || c == '\\')
			printf("\\x%02x", c);
		else
			putchar(c);
	}
	putchar('"');
}

bool t_check_mem(const char *got, size_t got_len, const char *want,
		 const char *file, int line, const char *expr)
{
	bool ok = got && got_len == strlen(want) && !memcmp(got, want, got_len);

	if (!ok) {
		fail_head(file, line, expr);
		printf(" (got ");
		if (got)
			show(got, got_len);
		else
			printf("NULL");
		printf(", want ");
		show(want, strlen(want));
		printf(")\n");
	}
	return ok;
}

bool t_check_str(const char *got, const char *want, const char *file,
		 int line, const char *expr)
{
	return t_check_mem(got, got ? strlen(got) : 0, want, file, line, expr);
}

bool t_check_has(const char *hay, const char *needle, const char *file,
		 int line, const char *expr)
{
	bool ok = hay && strstr(hay, needle);

	if (!ok) {
		fail_head(file, line, expr);
		printf(" (got ");
		if (hay)
			show(hay, strlen(hay));
		else
			printf("NULL");
		printf(", want a substring ");
		show(needle, strlen(needle));
		printf(")\n");
	}
	return ok;
}

long t_slurp(const char *path, char *out, size_t cap)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	long n = 0, got;

	if (fd < 0) {
		fail_head(__FILE__, __LINE__, "open fixture");
		printf(" %s: %s\n", path, strerror(errno));
		out[0] = '\0';
		return -1;
	}
	while (n < (long)cap - 1 &&
	       (got = read(fd, out + n, cap - 1 - (size_t)n)) > 0)
		n += got;
	close(fd);
	if (n == (long)cap - 1) {
		fail_head(__FILE__, __LINE__, "fixture fits its buffer");
		printf(" %s\n", path);
	}
	out[n] = '\0';
	return n;
}

static int saved_stderr = -1, capture_fd = -1;

void t_stderr_begin(void)
{
	char path[] = "/tmp/bustd-stderr-XXXXXX";

	capture_fd = mkstemp(path);
	if (capture_fd < 0)
		return;
	unlink(path);
	saved_stderr = dup(2);
	dup2(capture_fd, 2);
}

long t_stderr_end(char *out, size_t cap)
{
	long n;

	out[0] = '\0';
	if (capture_fd < 0)
		return -1;
	dup2(saved_stderr, 2);
	close(saved_stderr);
	n = pread(capture_fd, out, cap - 1, 0);
	close(capture_fd);
	capture_fd = saved_stderr = -1;
	if (n < 0)
		n = 0;
	out[n] = '\0';
	return n;
}

int main(int argc, char **argv)
{
	int passed = 0, failed = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (int i = 0; i < ntests; i++) {
		if (argc > 1 && !strstr(tests[i].name, argv[1]))
			continue;
		fails = 0;
		row[0] = '\0';
		tests[i].fn();
		printf("[%s] %s\n", fails ? "FAIL" : "OK", tests[i].name);
		if (fails)
			failed++;
		else
			passed++;
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
