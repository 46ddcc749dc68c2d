/* match.c - see match.h.  A recursive-descent parser emits a Thompson
 * program (as in Pike's and Cox's matchers) into struct pattern, and a
 * breadth-first simulation runs every thread at once with the state set
 * as a bitmap: no backtracking, so no pattern can make a scan slow.
 *
 * Refused: back-references (no finite automaton has them) and GNU's
 * escapes (\w, \<: not POSIX); what POSIX leaves undefined and glibc
 * accepts (empty alternatives and groups, a**, a+?, a{,2}, an unmatched
 * ')', [[.a.]], [[=a=]]), for a typo such as --ignore 'sshd|' would
 * match every name; and the few places where glibc's own answer is not
 * POSIX's (see piece() and newline_anchor()).  Everything accepted
 * matches as glibc's regexec does: tests/fuzz/fuzz_match.c checks. */
#include "match.h"
#include "startup.h"

#include <string.h>

/* An instruction is op << 13 | arg.  OP_CHAR's arg is the byte,
 * OP_CLASS's the bitmap; OP_SPLIT goes on to the next instruction and to
 * arg, OP_JMP to arg; the last instruction is the one OP_MATCH. */
/* ASCII, whatever the locale: names are bytes, and the riscv64 build has
 * no libc to hold ctype's tables. */
STARTUP static bool is_digit(int ch)
{
	return ch >= '0' && ch <= '9';
}

STARTUP static bool is_alpha(int ch)
{
	return (unsigned)((ch | 32) - 'a') < 26;
}

enum { OP_CHAR, OP_ANY, OP_CLASS, OP_BOL, OP_EOL, OP_SPLIT, OP_JMP, OP_MATCH };
#define OP(x) ((unsigned)(x) >> 13)
#define ARG(x) ((unsigned)(x) & 0x1fffu)
#define JUMPS(x) (OP(x) == OP_SPLIT || OP(x) == OP_JMP)
#define REP_INF 256u /* {m,} */
#define REP_MAX 255u /* POSIX's RE_DUP_MAX */

#define SET_WORDS ((PATTERN_STATES + 31) / 32)
#define IN(set, pc) ((set)[(pc) >> 5] >> ((pc) & 31) & 1)

/* Adds pc and all it reaches without consuming a byte, at name[i], to
 * set.  Each state is entered once, so the stack never holds more than
 * the program's OP_SPLITs. */
static void enter(const struct pattern *p, uint32_t set[SET_WORDS],
		  unsigned pc, const char *name, size_t i)
{
	uint16_t stack[PATTERN_STATES];
	unsigned sp = 0;

	for (;;) {
		if (!IN(set, pc)) {
			unsigned op = OP(p->prog[pc]);
			set[pc >> 5] |= 1u << (pc & 31);
			if (op == OP_SPLIT)
				stack[sp++] = (uint16_t)ARG(p->prog[pc]);
			if (op == OP_JMP) {
				pc = ARG(p->prog[pc]);
				continue;
			}
			if (op == OP_SPLIT || (op == OP_BOL && i == 0) ||
			    (op == OP_EOL && !name[i])) {
				pc++;
				continue;
			}
		}
		if (!sp)
			return;
		pc = stack[--sp];
	}
}

static bool consumes(const struct pattern *p, unsigned pc, unsigned char ch)
{
	unsigned x = p->prog[pc];

	switch (OP(x)) {
	case OP_CHAR: return ARG(x) == ch;
	case OP_ANY: return true;
	case OP_CLASS: return p->cls[ARG(x)][ch >> 3] >> (ch & 7) & 1;
	default: return false;
	}
}

struct comp {
	struct pattern *p;
	const char *src, *at; /* the pattern, the byte being parsed */
	const char *err;      /* what is wrong at `at` */
	unsigned pc;          /* next free instruction */
	unsigned depth;       /* open groups */
	unsigned anchors;     /* '^' and '$' so far */
};

STARTUP static int fail(struct comp *c, const char *why)
{
	c->err = why;
	return -1;
}

/* Keeps the last instruction for OP_MATCH. */
STARTUP static int emit(struct comp *c, unsigned op, unsigned arg)
{
	if (c->pc >= PATTERN_STATES - 1)
		return fail(c, "pattern needs more than 383 states");
	c->p->prog[c->pc++] = (uint16_t)(op << 13 | arg);
	return 0;
}

STARTUP static void set_arg(struct comp *c, unsigned pc, unsigned arg)
{
	c->p->prog[pc] = (uint16_t)(OP(c->p->prog[pc]) << 13 | arg);
}

/* Opens a slot at `at`, moving the code after it down one: a jump in the
 * moved code that points at or past `at` points at what it pointed at
 * before.  A fragment's jumps stay inside it or point at its end, so a
 * whole fragment moves as a whole. */
STARTUP static int insert(struct comp *c, unsigned at, unsigned op)
{
	uint16_t *prog = c->p->prog;

	if (emit(c, op, 0) < 0)
		return -1;
	for (unsigned i = c->pc - 1; i > at; i--)
		prog[i] = (uint16_t)(prog[i - 1] +
				     (JUMPS(prog[i - 1]) && ARG(prog[i - 1]) >= at));
	prog[at] = (uint16_t)(op << 13);
	return 0;
}

/* Appends a copy of the len instructions at from, its jumps moved along. */
STARTUP static int copy(struct comp *c, unsigned from, unsigned len)
{
	unsigned delta = c->pc - from;

	for (unsigned i = from; i < from + len; i++) {
		unsigned x = c->p->prog[i];
		if (emit(c, OP(x), ARG(x) + (JUMPS(x) ? delta : 0)) < 0)
			return -1;
	}
	return 0;
}

/* The fragment from s to pc, m to n times (n REP_INF: no upper bound),
 * as m copies and then optional ones, each skipping all the rest: e{1,3}
 * is e(e(e)?)?, e+ a copy and a split back to it, e* that made optional. */
STARTUP static int repeat(struct comp *c, unsigned s, unsigned m, unsigned n)
{
	unsigned len = c->pc - s;
	unsigned copies = n == REP_INF ? (m ? m : 1) : n;

	if (n == 0) {
		c->pc = s;
		return 0;
	}
	for (unsigned i = 1; i < copies; i++)
		if (copy(c, s, len) < 0)
			return -1;
	if (n == REP_INF && emit(c, OP_SPLIT, c->pc - len) < 0)
		return -1;
	/* from the last copy back, so the earlier ones have not moved yet */
	for (unsigned i = copies; i-- > m;) {
		if (insert(c, s + i * len, OP_SPLIT) < 0)
			return -1;
		set_arg(c, s + i * len, c->pc);
	}
	return 0;
}

/* The POSIX classes in the C locale (the daemon never sets another), as
 * unions of byte ranges: bit k of a class's mask takes ranges[k]. */
static const char class_names[] = "alnum\0alpha\0blank\0cntrl\0digit\0"
				  "graph\0lower\0print\0punct\0space\0upper\0"
				  "xdigit\0";
static const uint16_t class_masks[] = {
	0x0007, 0x0006, 0x0c00, 0x3000, 0x0001, 0x007f,
	0x0004, 0x047f, 0x0078, 0x0600, 0x0002, 0x0181,
};
static const unsigned char class_ranges[14][2] = {
	{ '0', '9' }, { 'A', 'Z' }, { 'a', 'z' }, { '!', '/' },
	{ ':', '@' }, { '[', '`' }, { '{', '~' }, { 'A', 'F' },
	{ 'a', 'f' }, { '\t', '\r' }, { ' ', ' ' }, { '\t', '\t' },
	{ 0, 0x1f }, { 0x7f, 0x7f },
};

STARTUP static void set_range(uint8_t set[32], unsigned lo, unsigned hi)
{
	for (; lo <= hi; lo++)
		set[lo >> 3] |= (uint8_t)(1u << (lo & 7));
}

/* "[:name:]" at s+1: adds the class to set and returns the byte after
 * it, or NULL for a name that is none of them. */
STARTUP static const char *posix_class(const char *s, uint8_t set[32])
{
	const char *name = class_names;

	for (unsigned k = 0; *name; k++, name += strlen(name) + 1) {
		size_t n = strlen(name);
		if (strncmp(s + 2, name, n) != 0 || s[n + 2] != ':' ||
		    s[n + 3] != ']')
			continue;
		for (unsigned r = 0; r < 14; r++)
			if (class_masks[k] >> r & 1)
				set_range(set, class_ranges[r][0],
					  class_ranges[r][1]);
		return s + n + 4;
	}
	return NULL;
}

STARTUP static bool class_open(const char *s)
{
	return s[0] == '[' && (s[1] == ':' || s[1] == '.' || s[1] == '=');
}

/* The members of a bracket expression, from c->at to its closing ']'
 * (where c->at is left), into set.  A backslash is a member like any
 * other byte there, as POSIX says. */
STARTUP static int members(struct comp *c, uint8_t set[32])
{
	const char *first = c->at;

	while (*c->at != ']' || c->at == first) {
		const char *p = c->at;
		unsigned lo = (unsigned char)*p, hi = lo;

		if (!lo)
			return fail(c, "unclosed '['");
		if (class_open(p)) {
			if (p[1] != ':')
				return fail(c, "'[.' or '[=' unsupported");
			p = posix_class(p, set);
			if (!p)
				return fail(c, "unknown class, or no ':]'");
			c->at = p;
			if (*p == '-' && p[1] != ']')
				return fail(c, "a class in a range");
			continue;
		}
		if (p[1] == '-' && p[2] && p[2] != ']') {
			hi = (unsigned char)p[2];
			c->at = p + 1;
			if (class_open(p + 2))
				return fail(c, "a class in a range");
			if (hi < lo)
				return fail(c, "bad range");
			p += 2;
			if (p[1] == '-' && p[2] != ']') {
				c->at = p + 1;
				return fail(c, "bad range");
			}
		}
		c->at = p + 1;
		set_range(set, lo, hi);
	}
	return 0;
}

/* "[...]" at c->at: one OP_CLASS, sharing the bitmap of an equal one. */
STARTUP static int bracket(struct comp *c)
{
	struct pattern *p = c->p;
	const char *open = c->at;
	uint8_t set[32] = { 0 };
	bool neg = open[1] == '^';
	unsigned k;

	c->at = open + 1 + neg;
	if (members(c, set) < 0) {
		if (!*c->at)
			c->at = open;
		return -1;
	}
	/* grep's warning, made an error: "[:digit:]" is the bytes ":dgit" */
	if (open[1] == ':' && c->at[-1] == ':' && c->at - open > 2) {
		c->at = open;
		return fail(c, "a class is written '[[:name:]]'");
	}
	if (neg)
		for (k = 0; k < 32; k++)
			set[k] = (uint8_t)~set[k];
	for (k = 0; k < p->nclass && memcmp(p->cls[k], set, 32) != 0; k++)
		;
	if (k == PATTERN_CLASSES) {
		c->at = open;
		return fail(c, "more than 8 bracket expressions");
	}
	if (k == p->nclass)
		memcpy(p->cls[p->nclass++], set, 32);
	c->at++;
	return emit(c, OP_CLASS, k);
}

/* Recursive descent, '(' to alternation(): groups nest at most
 * PATTERN_DEPTH deep, so the recursion is bounded. */
/* NOLINTBEGIN(misc-no-recursion) */
static int alternation(struct comp *c);

STARTUP static int atom(struct comp *c)
{
	const char *a = c->at;
	unsigned char ch = (unsigned char)a[0], next = (unsigned char)a[1];

	switch (ch) {
	case '(':
		if (++c->depth > PATTERN_DEPTH)
			return fail(c, "groups nested deeper than 8");
		c->at++;
		if (alternation(c) < 0)
			return -1;
		if (*c->at != ')') {
			c->at = a;
			return fail(c, "unclosed '('");
		}
		c->at++;
		c->depth--;
		return 0;
	case '[':
		return bracket(c);
	case '*': case '+': case '?': case '{':
		return fail(c, "nothing to repeat");
	case '.':
		c->at++;
		return emit(c, OP_ANY, 0);
	case '^': case '$':
		c->anchors++;
		c->at++;
		return emit(c, ch == '^' ? OP_BOL : OP_EOL, 0);
	case '\\':
		if (is_digit(next))
			return fail(c, "back-references are not supported");
		/* only punctuation: glibc gives \w \s \b \< \> \` \' meanings
		 * of their own, \n is no newline, a trailing '\\' an error */
		if (is_alpha(next) || next <= ' ' || next >= 0x7f ||
		    strchr("`'<>", next))
			return fail(c, "unsupported escape");
		c->at += 2;
		return emit(c, OP_CHAR, next);
	default:
		c->at++;
		return emit(c, OP_CHAR, ch);
	}
}

STARTUP static bool is_repeat(char ch)
{
	return ch == '*' || ch == '+' || ch == '?' || ch == '{';
}

/* A bound at c->at: digits, at most REP_MAX. */
STARTUP static int bound(struct comp *c, unsigned *v)
{
	if (!is_digit((unsigned char)*c->at))
		return fail(c, "bad '{m,n}'");
	for (*v = 0; is_digit((unsigned char)*c->at); c->at++) {
		*v = *v * 10 + (unsigned)(*c->at - '0');
		if (*v > REP_MAX)
			return fail(c, "count above 255");
	}
	return 0;
}

/* "{m}", "{m,}" or "{m,n}" at c->at, into m and n; c->at is left on
 * the '}'. */
STARTUP static int interval(struct comp *c, unsigned *m, unsigned *n)
{
	const char *open = c->at++;

	if (bound(c, m) < 0)
		return -1;
	*n = *m;
	if (*c->at == ',') {
		c->at++;
		*n = REP_INF;
		if (*c->at != '}' && bound(c, n) < 0)
			return -1;
	}
	if (*c->at != '}' || *n < *m) {
		c->at = open;
		return fail(c, "bad '{m,n}'");
	}
	return 0;
}

/* An atom and at most one repetition of it.  glibc gets anchors in a
 * repeated group wrong ('(^a|b)+c' matches "bac"), and a repeated bare
 * one is an error there, so neither is accepted; nor is repeating what
 * can match nothing: glibc's regcomp takes seconds on '(a*|b){27}' and
 * overflows its stack on '((a{0}){255}){255}'. */
STARTUP static int piece(struct comp *c)
{
	unsigned s = c->pc, m = 0, n = REP_INF, anchors = c->anchors;
	uint32_t set[SET_WORDS] = { 0 };

	if (atom(c) < 0)
		return -1;
	if (!is_repeat(*c->at))
		return 0;
	if (c->anchors != anchors)
		return fail(c, "'^' or '$' repeated");
	c->p->prog[c->pc] = OP_MATCH << 13; /* the fragment's end, for now */
	enter(c->p, set, s, "", 0);
	if (IN(set, c->pc))
		return fail(c, "a repeated group may match nothing");
	if (*c->at == '+')
		m = 1;
	else if (*c->at == '?')
		n = 1;
	else if (*c->at == '{' && interval(c, &m, &n) < 0)
		return -1;
	c->at++;
	if (is_repeat(*c->at))
		return fail(c, "a repetition repeated");
	return repeat(c, s, m, n);
}

STARTUP static int branch(struct comp *c)
{
	const char *start = c->at;

	while (*c->at && *c->at != '|' && *c->at != ')')
		if (piece(c) < 0)
			return -1;
	if (c->at != start)
		return 0;
	if (*c->at == ')' && !c->depth)
		return fail(c, "unmatched ')'");
	if (*c->at == ')' && c->at[-1] == '(')
		return fail(c, "empty group");
	return fail(c, c->at == c->src && !*c->at ? "empty pattern"
						   : "empty alternative");
}

/* Branches joined by '|': each but the last behind an OP_SPLIT and ended
 * by an OP_JMP past the last.  Until that end is known the OP_JMPs are a
 * chain, each pointing at the one before and the first at itself. */
STARTUP static int alternation(struct comp *c)
{
	unsigned start = c->pc, jmp = 0;

	if (branch(c) < 0)
		return -1;
	while (*c->at == '|') {
		c->at++;
		if (insert(c, start, OP_SPLIT) < 0 ||
		    emit(c, OP_JMP, jmp ? jmp : c->pc) < 0)
			return -1;
		jmp = c->pc - 1;
		set_arg(c, start, c->pc);
		start = c->pc;
		if (branch(c) < 0)
			return -1;
	}
	while (jmp) {
		unsigned prev = ARG(c->p->prog[jmp]);
		set_arg(c, jmp, c->pc);
		jmp = prev == jmp ? 0 : prev;
	}
	return 0;
}
/* NOLINTEND(misc-no-recursion) */

/* glibc's regexec (2.36) takes a newline consumed inside a match for the
 * end or start of a line even without REG_NEWLINE: '.^' and 'x$.' match
 * "x\ny".  POSIX and musl do not, so where that could matter, which is
 * never at a pattern's edges, the pattern is refused. */
STARTUP static const char *newline_anchor(const struct pattern *p)
{
	for (unsigned pc = 0; pc < p->len; pc++) {
		uint32_t set[SET_WORDS] = { 0 };
		bool eol = OP(p->prog[pc]) == OP_EOL;

		if (!eol && !consumes(p, pc, '\n'))
			continue;
		enter(p, set, pc + 1, "", 0); /* through every anchor */
		for (unsigned q = 0; q < p->len; q++)
			if (IN(set, q) && (eol ? consumes(p, q, '\n')
					       : OP(p->prog[q]) == OP_BOL))
				return "'^' or '$' next to a possible newline";
	}
	return NULL;
}

STARTUP int match_compile(struct pattern *p, const char *src, struct buf *why)
{
	struct comp c = { p, src, src, NULL, 0, 0, 0 };
	size_t n = strlen(src);

	memset(p, 0, sizeof *p);
	if (n >= PATTERN_MAX) {
		buf_str(why, "pattern longer than 255 bytes");
		return -1;
	}
	if (alternation(&c) == 0 && *c.at)
		fail(&c, "unmatched ')'");
	if (!c.err) {
		p->prog[c.pc] = OP_MATCH << 13;
		p->len = (uint16_t)(c.pc + 1);
		c.err = newline_anchor(p);
		c.at = NULL;
	}
	if (!c.err)
		return 0;
	p->len = 0; /* matches nothing */
	buf_str(why, c.err);
	if (c.at && n) {
		buf_str(why, " at byte ");
		buf_u64(why, (uint64_t)(c.at - src) + 1);
	}
	if (n) {
		buf_str(why, c.at ? " of '" : " in '");
		buf_str(why, src);
		buf_str(why, "'");
	}
	return -1;
}

bool match_any(const struct pattern *p, const char *name)
{
	uint32_t cur[SET_WORDS] = { 0 }, next[SET_WORDS];
	/* '^...' can start only at the first byte, and ends when no thread
	 * is left: a long list of whole names stops at the first miss */
	bool anchored = OP(p->prog[0]) == OP_BOL;

	if (!p->len)
		return false;
	for (size_t i = 0;; i++) {
		bool alive = false;

		/* unanchored: a match may start at every byte */
		if (!i || !anchored)
			enter(p, cur, 0, name, i);
		if (IN(cur, p->len - 1u)) /* OP_MATCH */
			return true;
		if (!name[i])
			return false;
		memset(next, 0, sizeof next);
		for (unsigned pc = 0; pc < p->len; pc++)
			if (IN(cur, pc) && consumes(p, pc, (unsigned char)name[i])) {
				enter(p, next, pc + 1, name, i + 1);
				alive = true;
			}
		if (anchored && !alive)
			return false;
		memcpy(cur, next, sizeof cur);
	}
}
