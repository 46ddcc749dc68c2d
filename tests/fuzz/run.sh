#!/bin/sh
# run.sh SECONDS - build the libFuzzer targets (clang, ASan+UBSan) and run
# each for SECONDS on its corpus.  First, every committed input (seeds in
# corpus/, past crashes in regress/) is replayed: a regression fails at
# once.  New inputs that grow coverage go to build/fuzz/corpus/, crashes
# to build/fuzz/crash/ (copy them to regress/TARGET/ with the fix).
#   make fuzz FUZZ_SECONDS=300     longer runs, by hand
#   make check                     SECONDS=3: a smoke pass of each
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
secs=${1:-60}
out=$top/build/fuzz
targets="proctext config match fmt policy"
rows=$top/build/reliability/fuzz.rows
mkdir -p "$(dirname "$rows")"
: >"$rows"
what() { # TARGET: what it feeds bustd, for docs/RELIABILITY.md
	case $1 in
	proctext) echo "random /proc text to every parser: meminfo, vmstat, pressure, status, stat (comm with spaces, parentheses, newlines, any bytes), comm, the CPU list" ;;
	config) echo "random argv words and kernel command lines (bustd.NAME=VALUE, quotes)" ;;
	match) echo "random regular expressions and process names, every accepted one answered as glibc's regcomp+regexec answer it" ;;
	fmt) echo "random numbers to scan and format, random names to escape" ;;
	policy) echo "random machine sizes, readings and accepted levels to the decision" ;;
	esac
}
CLANG=${CLANG:-clang}
passed=0 failed=0

mkdir -p "$out/crash"
# fuzz_proctext's seeds are the unit tests' captured /proc text, each
# behind the byte that picks its parser (the enum in fuzz_proctext.c);
# tests/fuzz/corpus/proctext/ holds only the hand-made ones
seeds=$out/seeds/proctext
rm -rf "$seeds"
mkdir -p "$seeds"
for f in "$top"/tests/data/*; do
	[ -f "$f" ] || continue
	case ${f##*/} in
	meminfo-*) b='\000' ;;
	vmstat-*) b='\001' ;;
	pressure-memory-*) b='\002' ;;
	status-*) b='\003' ;;
	*) continue ;;
	esac
	{ printf '%b' "$b"; cat "$f"; } >"$seeds/${f##*/}"
done
lib=''
for f in "$top"/src/*.c; do
	[ "$f" = "$top/src/main.c" ] || lib="$lib $f"
done
for t in $targets; do
	bin=$out/fuzz_$t
	# shellcheck disable=SC2086 # the library sources are words
	if ! $CLANG -std=c11 -D_GNU_SOURCE -g -O1 -Wall -Wextra -Werror \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-I"$top/src" -o "$bin" "$top/tests/fuzz/fuzz_$t.c" $lib; then
		echo "[FAIL] fuzz_$t: does not build"
		failed=$((failed + 1))
		continue
	fi
	mkdir -p "$out/corpus/$t"
	# the replay proves nothing without the committed seeds
	if [ -z "$(ls -A "$top/tests/fuzz/corpus/$t" 2>/dev/null)" ]; then
		echo "[FAIL] fuzz_$t: no committed seeds in tests/fuzz/corpus/$t/"
		failed=$((failed + 1))
		continue
	fi
	replay=$(ls -d "$top/tests/fuzz/corpus/$t" "$top/tests/fuzz/regress/$t" \
		"$out/seeds/$t" 2>/dev/null)
	# shellcheck disable=SC2086 # directories are words
	if ! "$bin" -runs=0 $replay >"$out/$t.replay.log" 2>&1; then
		echo "[FAIL] fuzz_$t: a committed input crashes, see build/fuzz/$t.replay.log"
		failed=$((failed + 1))
		continue
	fi
	# a target's dictionary (TARGET.dict: its syntax's tokens) if any
	dict=
	[ -f "$top/tests/fuzz/$t.dict" ] && dict=-dict=$top/tests/fuzz/$t.dict
	# shellcheck disable=SC2086
	if "$bin" -max_total_time="$secs" -timeout=5 -rss_limit_mb=512 $dict \
		-artifact_prefix="$out/crash/$t-" "$out/corpus/$t" $replay \
		>"$out/$t.log" 2>&1; then
		runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$out/$t.log")
		echo "[OK] fuzz_$t: ${runs:-?} inputs in ${secs} s, no crash"
		passed=$((passed + 1))
		printf 'ROW fuzz-%s\t%s\t%s\n' "$t" "$(what "$t")" \
			"no crash, no sanitizer report (ASan, UBSan); the committed seeds and past crash inputs replay clean" >>"$rows"
	else
		echo "[FAIL] fuzz_$t: crash, input in build/fuzz/crash/, log build/fuzz/$t.log"
		grep -m 3 -E 'ERROR|runtime error|SUMMARY' "$out/$t.log" | sed 's/^/       /'
		failed=$((failed + 1))
	fi
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
