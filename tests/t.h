/* t.h - the unit-test harness: checks that say what they got, and a table
 * of tests filled in by TEST().
 *
 *   TEST(fmt_u64_zero) { CHECK_EQ_U64(fmt_u64(out, 0), 1); }
 *
 * A failed check prints "[FAIL] file:line: expr (got X, want Y)" and the
 * test goes on, so one run shows every difference.  Table-driven tests
 * name the row being checked with T_ROW(), which failures then quote.
 * The runner (t.c) prints "[OK] name" or "[FAIL] name" per test and ends
 * with "N passed, N failed". */
#ifndef BUSTD_T_H
#define BUSTD_T_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef void (*t_fn)(void);
void t_register(const char *name, t_fn fn);

/* Defines and registers a test; runs in definition order within a file. */
#define TEST(fn)                                                        \
	static void fn(void);                                           \
	__attribute__((constructor)) static void fn##_register(void)    \
	{                                                               \
		t_register(#fn, fn);                                    \
	}                                                               \
	static void fn(void)

/* The row of a table being checked, quoted by failures until the next
 * T_ROW (reset between tests). */
void t_row(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#define T_ROW(...) t_row(__VA_ARGS__)

/* Each returns whether the check passed. */
bool t_check(bool ok, const char *file, int line, const char *expr);
bool t_check_u64(uint64_t got, uint64_t want, const char *file, int line,
		 const char *expr);
bool t_check_i64(int64_t got, int64_t want, const char *file, int line,
		 const char *expr);
bool t_check_str(const char *got, const char *want, const char *file,
		 int line, const char *expr);
bool t_check_mem(const char *got, size_t got_len, const char *want,
		 const char *file, int line, const char *expr);
bool t_check_has(const char *hay, const char *needle, const char *file,
		 int line, const char *expr);

#define CHECK(c) t_check(!!(c), __FILE__, __LINE__, #c)
#define CHECK_EQ_U64(a, b) \
	t_check_u64((uint64_t)(a), (uint64_t)(b), __FILE__, __LINE__, #a " == " #b)
#define CHECK_EQ_I64(a, b) \
	t_check_i64((int64_t)(a), (int64_t)(b), __FILE__, __LINE__, #a " == " #b)
#define CHECK_STR(a, b) t_check_str((a), (b), __FILE__, __LINE__, #a " == " #b)
/* a (char *, length) pair, such as a struct buf, against a C string */
#define CHECK_MEM(p, n, b) \
	t_check_mem((p), (n), (b), __FILE__, __LINE__, #p " == " #b)
#define CHECK_BUF(bf, b) CHECK_MEM((bf).p, (bf).len, (b))
/* hay contains needle */
#define CHECK_HAS(hay, needle) \
	t_check_has((hay), (needle), __FILE__, __LINE__, #hay " has " #needle)

/* Captures what the code under test writes to fd 2 (the daemon's log)
 * from t_stderr_begin() until t_stderr_end(), which puts it in out
 * (NUL-terminated) and returns its length. */
void t_stderr_begin(void);
long t_stderr_end(char *out, size_t cap);

/* Whole file into a static buffer (NUL-terminated), path relative to
 * tests/; returns its length, or fails the test and returns -1. */
long t_slurp(const char *path, char *out, size_t cap);

#endif
