#!/bin/sh
# static.sh - static analysis of src/, every finding an error:
#   cppcheck   warning, style, performance, portability (x86_64, and the
#              riscv64 runtime), suppressions in tests/static/cppcheck.supp
#   clang-tidy the checks chosen in .clang-tidy, with their reasons
#   gcc        -fanalyzer on every file; -fcallgraph-info: the loop's
#              stack fits what main.c locks (tests/static/stack-depth.py)
#   image      the loop's code and data pages (tests/static/image-pages.py)
#   valgrind   memcheck over the unit tests and a real `bustd --once`
# Each tool's findings are printed under its name.
# shellcheck disable=SC2089,SC2090 # $defs' quotes are the macro's, literally
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
passed=0 failed=0
out=$(mktemp)
all=$(mktemp)
trap 'rm -f "$out" "$all"' EXIT
srcs=$(ls src/*.c)
defs="-std=c11 -D_GNU_SOURCE -DBUSTD_VERSION=\"static\" -Isrc"

rows=build/reliability/static.rows
mkdir -p build/reliability
: >"$rows"
step() { # NAME: the command's output in $out decides
	if [ "$rc" = 0 ] && [ ! -s "$out" ]; then
		passed=$((passed + 1))
		echo "[OK] $1"
		printf 'ROW static-%s\t%s\tno finding\n' \
			"$(echo "$1" | tr -cs 'a-z0-9\n' - | sed 's/-*$//')" "$1" >>"$rows"
	else
		failed=$((failed + 1))
		echo "[FAIL] $1 (exit $rc)"
		sed 's/^/       /' "$out" | head -n 40
	fi
}

# shellcheck disable=SC2086 # lists of words
cppcheck --enable=warning,style,performance,portability --std=c11 \
	-D__x86_64__ -D_GNU_SOURCE -DBUSTD_VERSION='"static"' --quiet \
	--suppressions-list=tests/static/cppcheck.supp --error-exitcode=1 \
	-I src $srcs >"$out" 2>&1
rc=$?
step "cppcheck src/"

cppcheck --enable=warning,style,performance,portability --std=c11 \
	-D__riscv -D__riscv_xlen=64 -D_GNU_SOURCE --quiet \
	--suppressions-list=tests/static/cppcheck.supp --error-exitcode=1 \
	-I src src/rt/minilibc.c >"$out" 2>&1
rc=$?
step "cppcheck src/rt/ (riscv64)"

# shellcheck disable=SC2086 # findings on stdout, exit 1 (WarningsAsErrors)
clang-tidy --quiet $srcs -- $defs >"$out" 2>/dev/null
rc=$?
step "clang-tidy src/ (.clang-tidy)"

: >"$out"
rc=0
for f in $srcs; do
	# shellcheck disable=SC2086
	gcc -fanalyzer $defs -O1 -Werror -c -o /dev/null "$f" >>"$out" 2>&1 || rc=1
done
step "gcc -fanalyzer src/"

# The stack the loop may use is locked before it starts (main.c,
# STACK_RESERVE): the deepest call path must fit, by gcc's own frame sizes
# at the build's -Os (tests/static/stack-depth.py says how it counts).
ci=$(mktemp -d)
cc=$(command -v musl-gcc || echo gcc)
rc=0
for f in $srcs; do
	# shellcheck disable=SC2086
	$cc $defs -Os -fcallgraph-info=su -c -o "$ci/$(basename "$f" .c).o" \
		"$f" >>"$out" 2>&1 || rc=1
done
reserve=$(sed -n 's/^#define STACK_RESERVE \([0-9]*\)$/\1/p' src/main.c)
python3 tests/static/stack-depth.py "$ci" "${reserve:-0}" >"$out" 2>&1 || rc=1
rm -rf "$ci"
step "stack: the loop's deepest path fits the locked reserve"

# Issue 12's 64 KiB of resident set: the loop's code and data pages leave
# the stack its 16 (tests/static/image-pages.py says how it counts)
python3 tests/static/image-pages.py build/bustd.unstripped >"$out" 2>&1
rc=$?
step "image: the loop's code and data pages leave the stack 16 of 64 KiB"

# valgrind's own exit status decides with its output: 99 is an error it
# found (--error-exitcode), anything else not 0 the program's own failure
# or death.  Of the output only the passes are dropped, and the run must
# reach the unit runner's "N passed, N failed" (an early exit prints
# nothing under -q and may exit 0).
vg_says() { # what the status means, for the findings
	case $rc in
	0) ;;
	99) echo "(exit 99: valgrind found errors)" ;;
	*) echo "(exit $rc: the program failed or died)" ;;
	esac
}
make -s build/tests/unit >/dev/null || exit 2
(cd tests && valgrind -q --error-exitcode=99 --leak-check=full \
	--errors-for-leak-kinds=definite ../build/tests/unit) >"$all" 2>&1
rc=$?
grep -v -e '^\[OK\]' -e '^[0-9]* passed, 0 failed$' "$all" >"$out"
grep -q '^[0-9]* passed, [0-9]* failed$' "$all" ||
	echo "(no 'N passed, N failed' line: the unit tests did not run to the end)" >>"$out"
vg_says >>"$out"
step "valgrind memcheck: unit tests"

valgrind -q --error-exitcode=99 build/bustd.unstripped --once >"$all" 2>"$out"
rc=$?
grep -q '^verdict:' "$all" || echo "(no 'verdict:' line on stdout)" >>"$out"
vg_says >>"$out"
step "valgrind memcheck: bustd --once"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
