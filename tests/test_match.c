/* test_match.c - --prefer/--avoid/--ignore patterns: `|`-separated globs
 * against the whole process name. */
#include <string.h>

#include "match.h"
#include "t.h"

TEST(match_any_table)
{
	static const struct {
		const char *list, *name;
		bool want;
	} rows[] = {
		/* whole-name match only */
		{ "firefox", "firefox", true },
		{ "fire", "firefox", false },
		{ "firefox", "fire", false },
		{ "fox", "firefox", false },
		{ "Firefox", "firefox", false }, /* bytes, not case-folded */
		/* * and ? */
		{ "fire*", "firefox", true },
		{ "*fox", "firefox", true },
		{ "*", "anything", true },
		{ "*", "", true },
		{ "f*f*x", "firefox", true },
		{ "*a*b", "xaxaxb", true },
		{ "*a*b", "xaxaxbc", false },
		{ "?", "", false },
		{ "???", "abc", true },
		{ "???", "abcd", false },
		{ "python3.??", "python3.11", true },
		/* bracket expressions */
		{ "[a-z]", "q", true },
		{ "[a-z]", "Q", false },
		{ "[!a]", "b", true },
		{ "[!a]", "a", false },
		{ "[^a]", "a", false },
		{ "[]x]", "]", true },
		{ "[abc]d", "cd", true },
		{ "kworker/[0-9]*", "kworker/3:1", true },
		{ "java[0-9]", "javac", false },
		/* backslash escapes */
		{ "a\\*", "a*", true },
		{ "a\\*", "ab", false },
		{ "\\[x", "[x", true },
		{ "\\?", "?", true },
		{ "\\?", "x", false },
		/* alternatives */
		{ "sshd|systemd*|dbus-daemon", "sshd", true },
		{ "sshd|systemd*|dbus-daemon", "systemd-journal", true },
		{ "sshd|systemd*|dbus-daemon", "dbus-daemon", true },
		{ "sshd|systemd*|dbus-daemon", "dbus", false },
		{ "", "anything", false }, /* an empty list matches nothing */
		/* names the kernel allows */
		{ "Web Content", "Web Content", true },
		{ "Web*", "Web Content", true },
		{ "(sd-pam)", "(sd-pam)", true },
		{ "a\nb", "a\nb", true },
		{ "a?b", "a\nb", true },
		{ "caf?", "caf\xc3", true },
		{ "*\xff", "x\xff", true },
		{ "[\x80-\xff]*", "\xc3\xa9t\xc3\xa9", true },
		{ "123456789012345", "123456789012345", true }, /* 15 bytes */
	};

	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char why_mem[128];
		struct buf why = BUF_ON(why_mem);

		T_ROW("'%s' vs '%s'", rows[i].list, rows[i].name);
		/* every row is a pattern the command line would accept */
		CHECK_EQ_I64(match_check(rows[i].list[0] ? rows[i].list : "x",
					 &why), 0);
		CHECK_EQ_I64(match_any(rows[i].list, rows[i].name),
			     rows[i].want);
	}
}

TEST(match_check_refuses)
{
	static const struct {
		const char *list, *why;
	} rows[] = {
		{ "", "empty pattern in ''" },
		{ "a||b", "empty pattern in 'a||b'" },
		{ "a|", "empty pattern in 'a|'" },
		{ "|a", "empty pattern in '|a'" },
		{ "[a-z", "unclosed '[' in '[a-z'" },
		{ "ok|[!", "unclosed '[' in '[!'" },
		{ "[]", "unclosed '['" },
		{ "[!]", "unclosed '['" },
	};

	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char why_mem[PATTERN_MAX + 64] = { 0 };
		struct buf why = { why_mem, 0, sizeof why_mem - 1, 0 };

		T_ROW("match_check '%s'", rows[i].list);
		CHECK_EQ_I64(match_check(rows[i].list, &why), -1);
		CHECK_HAS(why_mem, rows[i].why);
	}
}

TEST(match_check_accepts)
{
	static const char *const ok[] = {
		"a", "*", "a|b", "[]a]", "\\[", "[a-z]*|sshd", "[!]x]",
	};

	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		char why_mem[128] = { 0 };
		struct buf why = BUF_ON(why_mem);

		T_ROW("match_check '%s'", ok[i]);
		CHECK_EQ_I64(match_check(ok[i], &why), 0);
		CHECK_EQ_U64(why.len, 0);
	}
}

TEST(match_check_bounds_the_list)
{
	char list[PATTERN_MAX + 1], why_mem[128] = { 0 };
	struct buf why = { why_mem, 0, sizeof why_mem - 1, 0 };

	memset(list, 'a', sizeof list - 1);
	list[PATTERN_MAX - 1] = '\0'; /* 255 bytes: fits with its NUL */
	CHECK_EQ_I64(match_check(list, &why), 0);
	CHECK(match_any(list, list));

	list[PATTERN_MAX - 1] = 'a'; /* 256 bytes */
	list[PATTERN_MAX] = '\0';
	CHECK_EQ_I64(match_check(list, &why), -1);
	CHECK_HAS(why_mem, "longer than 255 bytes");
}
