/* test_match.c - --prefer/--avoid/--ignore patterns: POSIX extended
 * regular expressions searched for in the process name, as earlyoom's
 * regexec does.  Every expected answer below is glibc's regexec for the
 * same pattern (REG_EXTENDED, C locale); tests/fuzz/fuzz_match.c checks
 * the same against glibc for random patterns and names. */
#include <string.h>

#include "match.h"
#include "t.h"

/* board/openwrt/bustd/files/bustd.config's default --avoid */
#define OPENWRT \
	"^(netifd|dropbear|dnsmasq|odhcpd|hostapd|wpa_supplicant|ubusd|procd|logd)$"

static struct pattern pat; /* 1 KiB: off the stack */

/* Compiles re into pat; why gets the message, NUL-terminated. */
static int compile(const char *re, char why[512])
{
	struct buf b = { why, 0, 511, 0 };

	memset(why, 0, 512);
	return match_compile(&pat, re, &b);
}

TEST(match_table)
{
	static const struct {
		const char *re, *name;
		bool want;
	} rows[] = {
		/* unanchored, as regexec: found anywhere in the name; bytes,
		 * so case-sensitive */
		{ "sshd", "sshd", true },
		{ "sshd", "sshd-session", true },
		{ "sshd", "xsshd", true },
		{ "^sshd$", "sshd-session", false },
		{ "^sshd$", "sshd", true },
		{ "Firefox", "firefox", false },
		/* earlyoom's README examples, and the OpenWrt default list */
		{ "(^|/)(init|Xorg|ssh)$", "init", true },
		{ "(^|/)(init|Xorg|ssh)$", "Xorg", true },
		{ "(^|/)(init|Xorg|ssh)$", "ssh", true },
		{ "(^|/)(init|Xorg|ssh)$", "sshd", false },
		{ "(^|/)(init|Xorg|ssh)$", "systemd-init", false },
		{ "(^|/)(init|Xorg|ssh)$", "kworker/ssh", true },
		{ "(^|/)(java|chromium)$", "java", true },
		{ "(^|/)(java|chromium)$", "javac", false },
		{ "(^|/)(java|chromium)$", "chromium", true },
		{ "(^|/)(java|chromium)$", "chromium-brows", false },
		{ OPENWRT, "dnsmasq", true },
		{ OPENWRT, "dnsmasq2", false },
		{ OPENWRT, "logd", true },
		{ OPENWRT, "log", false },
		/* . * + ? and intervals */
		{ "a.c", "abc", true },
		{ "a.c", "ac", false },
		{ "^.$", "x", true },
		{ "^...$", "abcd", false },
		{ "^ab*c$", "ac", true },
		{ "^ab*c$", "abbbc", true },
		{ "^ab+c$", "ac", false },
		{ "^ab+c$", "abc", true },
		{ "^ab?c$", "abbc", false },
		{ "^ab?c$", "abc", true },
		{ "^a{3}$", "aaa", true },
		{ "^a{3}$", "aa", false },
		{ "^a{3}$", "aaaa", false },
		{ "^a{2,}$", "aa", true },
		{ "^a{2,}$", "a", false },
		{ "^a{2,}$", "aaaaaaaaaaaaaaa", true },
		{ "^a{1,3}$", "aaa", true },
		{ "^a{1,3}$", "aaaa", false },
		{ "^a{0,1}b$", "b", true },
		{ "^(ab){2}$", "abab", true },
		{ "^(ab){2}$", "ab", false },
		{ "^(a|bc){2,3}$", "bcabc", true },
		{ "^(a|bc){2,3}$", "bcbcbca", false },
		{ "x{0}y", "y", true },
		{ "^x{0}$", "", true },
		{ "^x{0}$", "x", false },
		/* alternation and groups */
		{ "a|b|c", "zzc", true },
		{ "a|b|c", "zzz", false },
		{ "^(a|b)(c|d)$", "bd", true },
		{ "^(a|b)(c|d)$", "bb", false },
		{ "((a))", "a", true },
		/* bracket expressions: ranges, negation, a leading ] or -, a
		 * backslash a member like any other */
		{ "[abc]", "xbx", true },
		{ "[a-c]", "d", false },
		{ "[^a-c]", "abc", false },
		{ "[^a-c]", "abcd", true },
		{ "^[]a]$", "]", true },
		{ "^[]a]$", "a", true },
		{ "^[^]a]$", "]", false },
		{ "^[^]a]$", "b", true },
		{ "^[a-]$", "-", true },
		{ "^[-a]$", "-", true },
		{ "^[]-a]$", "^", true },
		{ "^[--/]$", ".", true },
		{ "^[\\]$", "\\", true },
		{ "^[[]$", "[", true },
		{ "^[.]$", ".", true },
		{ "^[.]$", "x", false },
		{ "^[*+?{|()]$", "|", true },
		/* POSIX classes, in the C locale */
		{ "[[:digit:]]", "python3", true },
		{ "[[:digit:]]", "python", false },
		{ "^[[:alpha:]]+$", "Xorg", true },
		{ "^[[:alpha:]]+$", "Xorg1", false },
		{ "^[[:alnum:]_-]+$", "gnome-shell", true },
		{ "^[[:upper:]]", "Xorg", true },
		{ "^[[:upper:]]", "xorg", false },
		{ "^[[:lower:]]", "xorg", true },
		{ "[[:space:]]", "Web Content", true },
		{ "[[:blank:]]", "Web\tContent", true },
		{ "[[:punct:]]", "sd-pam", true },
		{ "[[:punct:]]", "sdpam", false },
		{ "^[[:xdigit:]]+$", "cafe", true },
		{ "^[[:xdigit:]]+$", "cafg", false },
		{ "[[:cntrl:]]", "a\tb", true },
		{ "^[[:print:]]+$", "Web Content", true },
		{ "^[[:graph:]]+$", "Web Content", false },
		{ "^[^[:digit:]]+$", "abc", true },
		{ "^[^[:digit:]]+$", "abc1", false },
		{ "^[[:digit:][:upper:]x]+$", "A1x", true },
		{ "^kworker/[0-9]+:[0-9]+H?$", "kworker/3:1H", true },
		{ "^kworker/[0-9]+:[0-9]+H?$", "kworker/u8:0", false },
		/* escapes of punctuation; ] and } alone are plain */
		{ "\\.", "a.b", true },
		{ "\\.", "ab", false },
		{ "^\\(sd-pam\\)$", "(sd-pam)", true },
		{ "(sd-pam)", "(sd-pam)", true },
		{ "\\*\\+\\?\\{\\}\\|\\^\\$\\\\", "*+?{}|^$\\", true },
		{ "a]b}c", "a]b}c", true },
		/* anchors where ERE allows them, and empty names */
		{ "^Web Content$", "Web Content", true },
		{ "x*^a", "a", true },
		{ "x*^a", "xa", false },
		{ "a$b", "a$b", false },
		{ "a\\$b", "a$b", true },
		{ "^$", "", true },
		{ "^$", "x", false },
		{ "$", "anything", true },
		{ "^", "anything", true },
		{ ".*", "", true },
		{ "123456789012345", "123456789012345", true },
		{ "^python3\\.[0-9]+$", "python3.11", true },
		/* names are bytes: a newline, bytes of UTF-8 (never letters) */
		{ "^a.b$", "a\nb", true },
		{ "^caf.$", "caf\xc3", true },
		{ "^[\x80-\xff]+$", "\xc3\xa9", true },
		{ "^\xff", "\xff\xfeodd", true },
		{ "[^a-z]", "\xc3", true },
		{ "[[:alpha:]]", "\xc3\xa9", false },
		/* loops: zero times, many times, a body with optional parts */
		{ "(a|b)*c", "abababc", true },
		{ "(a|b)*c", "c", true },
		{ "(ab?)*x", "abax", true },
		{ "^(a?b)+$", "abb", true },
		{ "^(a?b)+$", "aaab", false },
	};

	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char why[512];

		T_ROW("'%s' vs '%s'", rows[i].re, rows[i].name);
		if (CHECK_EQ_I64(compile(rows[i].re, why), 0))
			CHECK_EQ_I64(match_any(&pat, rows[i].name),
				     rows[i].want);
		CHECK_STR(why, "");
	}
}

/* Refused with this whole message (config.c puts the flag before it) */
TEST(match_refuses)
{
	static const struct {
		const char *re, *why;
	} rows[] = {
		/* empty pieces: glibc would match every name, so --ignore
		 * 'sshd|' would spare them all */
		{ "", "empty pattern" },
		{ "a||b", "empty alternative at byte 3 of 'a||b'" },
		{ "a|", "empty alternative at byte 3 of 'a|'" },
		{ "|a", "empty alternative at byte 1 of '|a'" },
		{ "()", "empty group at byte 2 of '()'" },
		{ "a()b", "empty group at byte 3 of 'a()b'" },
		{ "(|a)", "empty alternative at byte 2 of '(|a)'" },
		{ "(a|)", "empty alternative at byte 4 of '(a|)'" },
		{ "a)", "unmatched ')' at byte 2 of 'a)'" },
		{ ")", "unmatched ')' at byte 1 of ')'" },
		/* unclosed, unmatched, unknown */
		{ "(a", "unclosed '(' at byte 1 of '(a'" },
		{ "((a)", "unclosed '(' at byte 1 of '((a)'" },
		{ "[a", "unclosed '[' at byte 1 of '[a'" },
		{ "[a-z", "unclosed '[' at byte 1 of '[a-z'" },
		{ "[]", "unclosed '[' at byte 1 of '[]'" },
		{ "[^]", "unclosed '[' at byte 1 of '[^]'" },
		{ "[[:alpha:]", "unclosed '[' at byte 1 of '[[:alpha:]'" },
		{ "[[:foo:]]", "unknown class, or no ':]' at byte 2 of '[[:foo:]]'" },
		{ "[[.a.]]", "'[.' or '[=' unsupported at byte 2 of '[[.a.]]'" },
		{ "[[=a=]]", "'[.' or '[=' unsupported at byte 2 of '[[=a=]]'" },
		{ "[:alpha:]", "a class is written '[[:name:]]' at byte 1 of '[:alpha:]'" },
		/* ranges */
		{ "[z-a]", "bad range at byte 3 of '[z-a]'" },
		{ "[a-c-e]", "bad range at byte 5 of '[a-c-e]'" },
		{ "[[:alpha:]-z]", "a class in a range at byte 11 of '[[:alpha:]-z]'" },
		{ "[a-[:alpha:]]", "a class in a range at byte 3 of '[a-[:alpha:]]'" },
		/* repetition of nothing, of a repetition, of an anchor; bad bounds */
		{ "*a", "nothing to repeat at byte 1 of '*a'" },
		{ "+a", "nothing to repeat at byte 1 of '+a'" },
		{ "?a", "nothing to repeat at byte 1 of '?a'" },
		{ "{1}a", "nothing to repeat at byte 1 of '{1}a'" },
		{ "a|*b", "nothing to repeat at byte 3 of 'a|*b'" },
		{ "(*a)", "nothing to repeat at byte 2 of '(*a)'" },
		{ "a**", "a repetition repeated at byte 3 of 'a**'" },
		{ "a+?", "a repetition repeated at byte 3 of 'a+?'" },
		{ "a*{2}", "a repetition repeated at byte 3 of 'a*{2}'" },
		{ "a{1}{2}", "a repetition repeated at byte 5 of 'a{1}{2}'" },
		{ "a{", "bad '{m,n}' at byte 3 of 'a{'" },
		{ "a{x}", "bad '{m,n}' at byte 3 of 'a{x}'" },
		{ "a{1", "bad '{m,n}' at byte 2 of 'a{1'" },
		{ "a{1,2", "bad '{m,n}' at byte 2 of 'a{1,2'" },
		{ "a{,2}", "bad '{m,n}' at byte 3 of 'a{,2}'" },
		{ "a{2,1}", "bad '{m,n}' at byte 2 of 'a{2,1}'" },
		{ "a{256}", "count above 255 at byte 5 of 'a{256}'" },
		{ "a{99999999999}", "count above 255 at byte 5 of 'a{99999999999}'" },
		{ "^*", "'^' or '$' repeated at byte 2 of '^*'" },
		{ "$+", "'^' or '$' repeated at byte 2 of '$+'" },
		{ "a^{2}", "'^' or '$' repeated at byte 3 of 'a^{2}'" },
		/* where glibc's answer differs from POSIX (and musl) */
		{ "(^a|b)+c", "'^' or '$' repeated at byte 7 of '(^a|b)+c'" },
		{ "(a$)*", "'^' or '$' repeated at byte 5 of '(a$)*'" },
		{ "(a|^)?b", "'^' or '$' repeated at byte 6 of '(a|^)?b'" },
		{ ".^", "'^' or '$' next to a possible newline in '.^'" },
		{ "x$.", "'^' or '$' next to a possible newline in 'x$.'" },
		{ "(^.)*", "'^' or '$' repeated at byte 5 of '(^.)*'" },
		{ "[^a]^b", "'^' or '$' next to a possible newline in '[^a]^b'" },
		{ "(a{0})*", "a repeated group may match nothing at byte 7 of '(a{0})*'" },
		{ "(a*)*b", "a repeated group may match nothing at byte 5 of '(a*)*b'" },
		{ "(a*|b){27}", "a repeated group may match nothing at byte 7 of '(a*|b){27}'" },
		/* back-references and GNU escapes */
		{ "\\1", "back-references are not supported at byte 1 of '\\1'" },
		{ "(a)\\1", "back-references are not supported at byte 4 of '(a)\\1'" },
		{ "\\w", "unsupported escape at byte 1 of '\\w'" },
		{ "\\s", "unsupported escape at byte 1 of '\\s'" },
		{ "\\b", "unsupported escape at byte 1 of '\\b'" },
		{ "\\<a", "unsupported escape at byte 1 of '\\<a'" },
		{ "a\\>", "unsupported escape at byte 2 of 'a\\>'" },
		{ "\\`a", "unsupported escape at byte 1 of '\\`a'" },
		{ "a\\'", "unsupported escape at byte 2 of 'a\\''" },
		{ "\\n", "unsupported escape at byte 1 of '\\n'" },
		{ "\\ ", "unsupported escape at byte 1 of '\\ '" },
		{ "a\\", "unsupported escape at byte 2 of 'a\\'" },
		/* the fixed budget */
		{ "((((((((((a))))))))))", "groups nested deeper than 8 at byte 9 of '((((((((((a))))))))))'" },
		{ "(abcdefgh){48}", "pattern needs more than 383 states at byte 15 of '(abcdefgh){48}'" },
		{ "[0][1][2][3][4][5][6][7][8]", "more than 8 bracket expressions at byte 25 of '[0][1][2][3][4][5][6][7][8]'" },
	};

	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char why[512];

		T_ROW("'%s'", rows[i].re);
		memset(&pat, 0xff, sizeof pat); /* an earlier pattern's leftovers */
		CHECK_EQ_I64(compile(rows[i].re, why), -1);
		CHECK_STR(why, rows[i].why);
		/* nothing half-compiled is left to match */
		CHECK_EQ_U64(pat.len, 0);
		CHECK(!match_any(&pat, "x"));
		CHECK(!match_any(&pat, ""));
	}
}

/* The fixed budget, at its edges: 255 bytes of source; 383 instructions
 * and OP_MATCH, which every list of names within 255 bytes fits. */
TEST(match_budget_edges)
{
	static const char names[] = "abcdefghijklmnopqrstuvwxyz"
				    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	static char re[PATTERN_MAX + 1], name[PATTERN_STATES + 1];
	char why[512];
	size_t i;

	T_ROW("255 bytes of literal");
	memset(re, 'a', PATTERN_MAX - 1);
	re[PATTERN_MAX - 1] = '\0';
	memcpy(name, re, sizeof re);
	if (CHECK_EQ_I64(compile(re, why), 0)) {
		CHECK(match_any(&pat, name));
		name[PATTERN_MAX - 2] = '\0';
		CHECK(!match_any(&pat, name));
	}

	T_ROW("256 bytes");
	re[PATTERN_MAX - 1] = 'a';
	CHECK_EQ_I64(compile(re, why), -1);
	CHECK_STR(why, "pattern longer than 255 bytes");

	/* 128 one-byte names, 255 bytes: 128 + 2 x 127 = 382 instructions */
	T_ROW("the longest list of names");
	for (i = 0; i < PATTERN_MAX - 1; i++)
		re[i] = i % 2 ? '|' : names[i / 2 % (sizeof names - 1)];
	re[PATTERN_MAX - 1] = '\0';
	if (CHECK_EQ_I64(compile(re, why), 0)) {
		CHECK_EQ_U64(pat.len, 383);
		CHECK(match_any(&pat, "-9-"));
		CHECK(match_any(&pat, "Web Content"));
		CHECK(!match_any(&pat, "_-_"));
	}
	CHECK_STR(why, "");

	T_ROW("383 instructions, then 384");
	if (CHECK_EQ_I64(compile("(ab){191}c", why), 0)) {
		CHECK_EQ_U64(pat.len, PATTERN_STATES);
		memset(name, 0, sizeof name);
		for (i = 0; i < 382; i += 2)
			memcpy(name + i, "ab", 2);
		CHECK(!match_any(&pat, name));
		name[382] = 'c';
		CHECK(match_any(&pat, name));
	}
	CHECK_EQ_I64(compile("(ab){191}cd", why), -1);
	CHECK_STR(why, "pattern needs more than 383 states at byte 12 of '(ab){191}cd'");

	T_ROW("8 classes, shared when equal");
	CHECK_EQ_I64(compile("[0][1][2][3][4][5][6][7][0-0][[:digit:]]", why), -1);
	CHECK_HAS(why, "more than 8 bracket expressions at byte 30 ");
	if (CHECK_EQ_I64(compile("^[0][1][2][3][4][5][6][7][0-0][7-7]$", why), 0))
		CHECK(match_any(&pat, "0123456707"));
	CHECK_STR(why, "");
}

/* A pattern never compiled (config.c's default) matches nothing, and
 * compiling again replaces what was there. */
TEST(match_empty_and_recompiled)
{
	static const struct pattern none;
	char why[512];

	CHECK(!match_any(&none, ""));
	CHECK(!match_any(&none, "sshd"));
	if (CHECK_EQ_I64(compile("[0-9]", why), 0) &&
	    CHECK_EQ_I64(compile("^sshd$", why), 0)) {
		CHECK(match_any(&pat, "sshd"));
		CHECK(!match_any(&pat, "9"));
		CHECK_EQ_U64(pat.nclass, 0);
	}
}
