/* test_fmt.c - numbers and names in and out of fixed buffers. */
#include <string.h>

#include "fmt.h"
#include "t.h"

TEST(fmt_u64_extremes)
{
	char out[FMT_U64_MAX];

	CHECK_MEM(out, fmt_u64(out, 0), "0");
	CHECK_MEM(out, fmt_u64(out, 7), "7");
	CHECK_MEM(out, fmt_u64(out, 1000), "1000");
	CHECK_MEM(out, fmt_u64(out, UINT64_MAX), "18446744073709551615");
}

TEST(scan_u64_reads_digits_and_stops)
{
	static const struct {
		const char *in;
		bool ok;
		uint64_t want;
		size_t used; /* bytes consumed */
	} rows[] = {
		{ "0", true, 0, 1 },
		{ "42 kB", true, 42, 2 },
		{ "007", true, 7, 3 },
		{ "18446744073709551615", true, UINT64_MAX, 20 },
		{ "18446744073709551616", false, 0, 0 }, /* 2^64 overflows */
		{ "99999999999999999999", false, 0, 0 },
		{ "", false, 0, 0 },
		{ "-1", false, 0, 0 },
		{ " 1", false, 0, 0 },
		{ "abc", false, 0, 0 },
	};

	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		uint64_t v = 12345;
		const char *end = scan_u64(rows[i].in, &v);

		T_ROW("scan_u64 \"%s\"", rows[i].in);
		if (!rows[i].ok) {
			CHECK(end == NULL);
			CHECK_EQ_U64(v, 12345); /* untouched on failure */
			continue;
		}
		if (CHECK(end != NULL)) {
			CHECK_EQ_U64(v, rows[i].want);
			CHECK_EQ_U64(end - rows[i].in, rows[i].used);
		}
	}
}

TEST(scan_centi_is_hundredths)
{
	static const struct {
		const char *in;
		bool ok;
		uint64_t want;
		const char *rest;
	} rows[] = {
		{ "12.34", true, 1234, "" },
		{ "5", true, 500, "" },
		{ "0.5", true, 50, "" },
		{ "1.239", true, 123, "" }, /* a third digit is dropped, not rounded */
		{ "100", true, 10000, "" },
		{ "2.5,1", true, 250, ",1" },
		{ "0.00 avg60", true, 0, " avg60" },
		{ "10.", true, 1000, "" },
		{ ".5", false, 0, NULL },
		{ "", false, 0, NULL },
		{ "x1", false, 0, NULL },
		{ "184467440737095516", false, 0, NULL }, /* x100 overflows */
	};

	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		uint64_t v = 777;
		const char *end = scan_centi(rows[i].in, &v);

		T_ROW("scan_centi \"%s\"", rows[i].in);
		if (!rows[i].ok) {
			CHECK(end == NULL);
			continue;
		}
		if (CHECK(end != NULL)) {
			CHECK_EQ_U64(v, rows[i].want);
			CHECK_STR(end, rows[i].rest);
		}
	}
}

TEST(buf_appends_and_counts_truncation)
{
	char mem[8];
	struct buf b = BUF_ON(mem);

	buf_str(&b, "abc");
	buf_u64(&b, 42);
	CHECK_BUF(b, "abc42");
	CHECK_EQ_U64(b.truncated, 0);
	buf_str(&b, "xyz!"); /* 3 of 4 bytes fit */
	CHECK_BUF(b, "abc42xyz");
	CHECK(b.truncated);
	CHECK_EQ_U64(b.len, b.cap);
	buf_str(&b, "more");
	CHECK_BUF(b, "abc42xyz");
}

TEST(buf_i64_and_centi)
{
	char mem[64];
	struct buf b = BUF_ON(mem);

	buf_i64(&b, -1000);
	buf_str(&b, " ");
	buf_i64(&b, INT64_MIN);
	buf_str(&b, " ");
	buf_i64(&b, 0);
	CHECK_BUF(b, "-1000 -9223372036854775808 0");

	b.len = 0;
	buf_centi(&b, 1234);
	buf_str(&b, " ");
	buf_centi(&b, 5);
	buf_str(&b, " ");
	buf_centi(&b, 10000);
	CHECK_BUF(b, "12.34 0.05 100.00");
}

TEST(buf_name_escapes_what_would_break_a_log_line)
{
	static const struct {
		const char *name, *want;
	} rows[] = {
		{ "firefox", "firefox" },
		{ "Web Content", "Web\\x20Content" },
		{ "a\nb", "a\\x0ab" },
		{ "tab\there", "tab\\x09here" },
		{ "back\\slash", "back\\x5cslash" },
		{ "(sd-pam)", "(sd-pam)" },
		{ "caf\xc3\xa9", "caf\\xc3\\xa9" },
		{ "del\x7f", "del\\x7f" },
		{ "", "" },
	};

	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char mem[64];
		struct buf b = BUF_ON(mem);

		T_ROW("buf_name \"%s\"", rows[i].want);
		buf_name(&b, rows[i].name);
		CHECK_BUF(b, rows[i].want);
	}
}

TEST(buf_name_truncates_escapes_safely)
{
	char mem[6];
	struct buf b = BUF_ON(mem);

	buf_name(&b, "ab cd"); /* "ab\x20cd" is 8 bytes */
	CHECK(b.truncated);
	CHECK_EQ_U64(b.len, 6);
}

TEST(scan_hex_reads_maps_addresses)
{
	uint64_t v = 0;
	const char *end = scan_hex("7ffe363a2000-7ffe363a4000 r-xp", &v);

	if (CHECK(end != NULL)) {
		CHECK_EQ_U64(v, 0x7ffe363a2000ull);
		CHECK_EQ_I64(*end, '-');
	}
	CHECK(scan_hex("ffffffffffffffff", &v) != NULL);
	CHECK_EQ_U64(v, UINT64_MAX);
	CHECK(scan_hex("10000000000000000", &v) == NULL); /* 65 bits */
	CHECK(scan_hex("xyz", &v) == NULL);
	CHECK(scan_hex("", &v) == NULL);
	end = scan_hex("aBcD ", &v);
	CHECK(end && *end == ' ' && v == 0xabcd);
}
