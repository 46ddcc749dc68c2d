#!/bin/sh
# static.sh - static analysis of src/, every finding an error:
#   cppcheck   warning, style, performance, portability (x86_64, and the
#              riscv64 runtime), suppressions in tests/static/cppcheck.supp
#   clang-tidy the checks chosen in .clang-tidy, with their reasons
#   gcc        -fanalyzer on every file
#   valgrind   memcheck over the unit tests and a real `bustd --once`
# Each tool's findings are printed under its name.
# shellcheck disable=SC2089,SC2090 # $defs' quotes are the macro's, literally
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
passed=0 failed=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT
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

make -s build/tests/unit >/dev/null || exit 2
(cd tests && valgrind -q --error-exitcode=1 --leak-check=full \
	--errors-for-leak-kinds=definite ../build/tests/unit) 2>&1 |
	grep -v -e '^\[OK\]' -e ' passed, 0 failed$' >"$out"
rc=$?
[ "$rc" = 1 ] && rc=0 # grep found nothing left: only passes
step "valgrind memcheck: unit tests"

valgrind -q --error-exitcode=1 build/bustd.unstripped --once >/dev/null 2>"$out"
rc=$?
step "valgrind memcheck: bustd --once"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
