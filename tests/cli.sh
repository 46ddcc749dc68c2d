#!/bin/sh
# cli.sh BINARY - the command line of the real static binary, one case a
# line: arguments -> exit code, what stderr (or stdout) says.
#
# Every refused command line must exit 2 with exactly one line on stderr,
#   bustd: <what was wrong> (try 'bustd --help')
# and nothing on stdout.  The one foreground run here is safe on any host:
# --dry-run never signals, and no memory is allocated to provoke it.

BIN=${1:?usage: cli.sh BINARY}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
TMP=$(mktemp -d) || exit 2
trap 'rm -rf "$TMP"' EXIT
passed=0 failed=0
# refused command lines, for docs/RELIABILITY.md (tests/reliability.sh)
ROWS=$(cd "$(dirname "$0")/.." && pwd)/build/reliability/cli.rows
mkdir -p "$(dirname "$ROWS")"
: >"$ROWS"

ok() { passed=$((passed + 1)); echo "[OK] $1"; }
bad() {
	failed=$((failed + 1))
	echo "[FAIL] $1: $2"
	sed 's/^/       stdout: /' "$TMP/out"
	sed 's/^/       stderr: /' "$TMP/err"
}

# run [PREFIX...] -- ARGS...: the binary's exit code in $rc, its output in
# $TMP/out and $TMP/err.
run() {
	pre=
	while [ "$1" != -- ]; do pre="$pre $1"; shift; done
	shift
	$pre "$BIN" "$@" >"$TMP/out" 2>"$TMP/err" </dev/null
	rc=$?
}

has() { grep -qF -- "$2" "$TMP/$1"; }

# usage NAME MESSAGE ARGS...: refused, exit 2, the one-line stderr form.
# Run with --once in front: a binary that wrongly accepts the line prints
# one reading and exits, instead of starting a daemon that kills on this
# host (an old binary given -m 100 did just that).
usage() {
	name=$1 msg=$2
	shift 2
	run -- --once "$@"
	if [ "$rc" != 2 ]; then bad "$name" "exit $rc, want 2"
	elif [ -s "$TMP/out" ]; then bad "$name" "stdout not empty"
	elif [ "$(wc -l <"$TMP/err")" != 1 ]; then bad "$name" "stderr not 1 line"
	elif ! head -n 1 "$TMP/err" | grep -q '^bustd: '; then
		bad "$name" "stderr does not start 'bustd: '"
	elif ! head -n 1 "$TMP/err" | grep -qF -- "$msg"; then
		bad "$name" "stderr lacks '$msg'"
	elif ! grep -q " (try 'bustd --help')$" "$TMP/err"; then
		bad "$name" "no --help hint at the end of the line"
	else
		ok "$name"
		# a message that depends on this host (its swap) is tested but
		# kept out of docs/RELIABILITY.md, which must read the same on
		# every machine
		[ "${HOST_ROW:-}" = 1 ] && return
		# the arguments as typed (long ones cut), and the message
		for a in "$@"; do [ -n "$a" ] && printf '%s ' "$a" || printf "'' "; done |
			tr '\n' ' ' | cut -c1-40 | sed 's/ *$//' >"$TMP/args"
		printf 'ROW %s\t`%s`\texit 2, `%s`\n' "$(echo "$name" | tr -cs 'a-zA-Z0-9\n' -)" \
			"$(cat "$TMP/args")" \
			"$(head -n 1 "$TMP/err" | cut -c1-90)" >>"$ROWS"
	fi
}

# expect NAME CODE STREAM TEXT [PREFIX... --] ARGS...: exit CODE and
# TEXT in STREAM (out or err).
expect() {
	name=$1 code=$2 stream=$3 text=$4
	shift 4
	case " $* " in *" -- "*) run "$@" ;; *) run -- "$@" ;; esac
	if [ "$rc" != "$code" ]; then bad "$name" "exit $rc, want $code"
	elif ! has "$stream" "$text"; then bad "$name" "std$stream lacks '$text'"
	else ok "$name"
	fi
}

# As an unprivileged user: setpriv when we are root, else as we are.
if [ "$(id -u)" = 0 ]; then
	NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups"
else
	NOBODY=env
fi

#     name                       message                          args
usage "unknown long option"      "unknown option '--bogus'"       --bogus
usage "unknown short option"     "unknown option '-x'"            -x
usage "missing value"            "-m: missing value"              -m
usage "missing long value"       "--psi: missing value"           --psi
usage "not a number"             "-m: expected PERCENT"           -m abc
usage "percent above 99"         "'150' is out of range 0-99"     -m 150
usage "KiB not a number"         "-M: expected KIB"               -M 1.5
usage "empty alternative"        "--prefer: empty alternative"    --prefer 'a||b'
usage "trailing bar"             "empty alternative at byte 3"    --avoid 'a|'
usage "unclosed bracket"         "-u: unclosed '[' at byte 1"     -u '[a-z'
usage "glob, not a regex"        "--avoid: nothing to repeat"     --avoid '*sshd'
usage "back-reference"           "back-references are not"        --prefer '(a)\1'
usage "empty hook"               "-N: empty command"              -N ''
usage "flag with a value"        "--once: takes no value"         --once=1
usage "adjust with a value"      "--adjust-oom-score: takes no value" --adjust-oom-score=all
usage "two log sinks"            "choose one of --syslog and"     --syslog --kmsg
usage "positional argument"      "unexpected argument 'now'"      now
usage "sleep bounds crossed"     "--min-sleep 500 is above --max-sleep 100" --min-sleep 500 --max-sleep 100
usage "psi out of range"         "--psi: 101 is out of range"     --psi=101
usage "sustained not a number"   "--sustained: expected PERCENT[,SECONDS], got 'x'" --sustained x
usage "sustained horizon 0"      "--sustained: '5,0' is out of range (PERCENT 0-100, SECONDS 1-600)" --sustained 5,0
usage "sustained above 100"      "--sustained: '101,5' is out of range" --sustained 101,5
# a value holding a newline must not forge a second log record
usage "newline in a value"       "-m: expected PERCENT"           -m "$(printf '1\nbustd: kill pid=1')"
LONG=$(printf '%04000d' 0 | tr 0 x) # longer than a log line
usage "4000-byte option"         "unknown option '--xxxxxxxx"     --$LONG
usage "4000-byte value"          "-m: expected PERCENT"           -m $LONG

#      name              code stream text            args
expect "--help"          0    out    "usage: bustd"  --help
expect "-h"              0    out    "--dry-run"     -h
expect "--version"       0    out    "bustd "        --version
expect "-v"              0    out    "bustd "        -v
expect "--help names --adjust-oom-score-force" 0 out "--adjust-oom-score-force" --help
expect "--adjust-oom-score accepted" 0 out "verdict:" --once --adjust-oom-score --avoid '^x$'

# --help and --version: stdout only, nothing on stderr
run -- --version
if [ -s "$TMP/err" ] || [ "$(wc -l <"$TMP/out")" != 1 ]; then
	bad "--version is one line on stdout" "stderr or extra lines"
else ok "--version is one line on stdout"
fi

# --once: one reading, the verdict and the would-be victim, then exit
run -- --once
if [ "$rc" != 0 ]; then bad "--once" "exit $rc"
elif ! has out "memory:" || ! has out "verdict:" || ! has out "victim:"; then
	bad "--once" "stdout lacks memory:/verdict:/victim:"
else ok "--once"
fi

# root is needed to kill, not to look
expect "non-root -n"     1 err "must run as root" $NOBODY -- -n
expect "non-root --once" 0 out "verdict:"         $NOBODY -- --once
expect "non-root --once -m 99: SIGTERM due" 0 out "SIGTERM (memory)" $NOBODY -- --once -m 99

# A short foreground run on this host: start, report, stop on a signal.
# Plenty of memory is free here, so no kill is due (and --dry-run would
# not send one).  Without CAP_SYS_RESOURCE or CAP_IPC_LOCK bustd warns; the
# warnings are accepted, anything else unexpected is not.
fg_run() { # SIGNAL
	run timeout --preserve-status -s "$1" 2 -- -n --dry-run -r 1
	name="foreground run, $1"
	unexpected=$(grep -v -e '^bustd: start ' -e '^bustd: status ' \
		-e '^bustd: exit on ' -e '^bustd: warning: cannot set oom_score_adj' \
		-e '^bustd: warning: mlockall failed' \
		-e '^bustd: warning: cannot raise the scheduling priority' "$TMP/err")
	if [ "$rc" != 0 ]; then bad "$name" "exit $rc, want 0"
	elif ! grep -q '^bustd: start version=.* dry-run$' "$TMP/err"; then
		bad "$name" "no start line"
	elif ! grep -q '^bustd: status avail_kib=[0-9]* ' "$TMP/err"; then
		bad "$name" "no status line"
	elif [ "$(tail -n 1 "$TMP/err")" != "bustd: exit on $1" ]; then
		bad "$name" "last line is not 'bustd: exit on $1'"
	elif [ -n "$unexpected" ]; then bad "$name" "unexpected: $unexpected"
	elif [ -s "$TMP/out" ]; then bad "$name" "stdout not empty"
	else ok "$name"
	fi
}
fg_run SIGTERM
fg_run SIGINT

# earlyoom's command line (its testsuite_cli_test.go, 1.8 to 1.9 and the
# --kernel-oom of its master): every line it accepts is accepted here,
# validated with --once, and every line it refuses is refused, exit 2
# with one line.  -h, --help, -v are above.
MEM_TOTAL=$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)
SWAP_TOTAL=$(awk '/^SwapTotal:/ { print $2 }' /proc/meminfo)
MEM1=$((MEM_TOTAL / 100))
SWAP2=$((SWAP_TOTAL * 2 / 100))
# earlyoom's accepted line: --once runs, with at most the notes earlyoom
# gives too (warning lines) on stderr
eo_ok() {
	run -- --once "$@"
	name="earlyoom accepts: $*"
	if [ "$rc" != 0 ]; then bad "$name" "exit $rc, want 0"
	elif ! has out "verdict:"; then bad "$name" "stdout lacks verdict:"
	elif grep -qv '^bustd: warning: ' "$TMP/err"; then bad "$name" "stderr not only warnings"
	else ok "$name"; eo_accepted=$((eo_accepted + 1))
	fi
}
eo_bad() {
	usage "earlyoom refuses: $*" "" "$@"
	[ "$rc" = 2 ] && eo_refused=$((eo_refused + 1))
}
eo_accepted=0 eo_refused=0
eo_ok
eo_ok -p
eo_ok -d
eo_ok -m 1
eo_ok -s 2
eo_ok -s 100
eo_ok -M "$MEM1"
eo_ok -r=0
eo_ok -r 0.1
eo_ok --avoid MyProcess1
eo_ok --prefer MyProcess2
eo_ok --ignore-root-user
eo_ok --sort-by-rss
eo_ok -i
eo_ok -m 2,1
eo_ok -m 1,2
eo_ok -s 2,1
eo_ok -s 1,2
eo_ok -m 5,0
eo_ok -m 5,9
eo_ok -m 3.14
eo_ok -m 7,3.14
eo_ok -s 12.34
eo_ok -m 10 -M "$MEM1"
eo_ok --kernel-oom
eo_ok --kernel-oom --dryrun
if [ "$SWAP_TOTAL" -gt 0 ]; then # earlyoom's rows for a host with swap
	eo_ok -S "$SWAP2"
	eo_ok -s 10 -S "$SWAP2"
fi
for v in 0 -10 100 1,-1 1000,-1000 -1 2147483648 4294967296; do
	eo_bad -m "$v"
done
for v in 101 0 -10 -1 2147483648 4294967296; do
	eo_bad -s "$v"
done
for v in 9999999999999999 -1 2147483648 4294967296; do
	eo_bad -M "$v"
done
HOST_ROW=1 # "more than the swap there is" or "... the RAM (no swap) ..."
for v in -1 2147483648 4294967296; do
	eo_bad -S "$v"
done
HOST_ROW=
eo_bad xyz
eo_bad -i 1
echo "earlyoom's table: $eo_accepted accepted, $eo_refused refused"

# what the earlyoom lines mean here
expect "-m 5,9: TERM raised to KILL, said" 0 err "-m 5,9: the KILL level is above TERM; TERM raised to it" --once -m 5,9
expect "-m 5,9: the levels"  0 out "SIGTERM at available <= $((MEM_TOTAL * 9 / 100 / 1024)) MiB" --once -m 5,9
expect "-i: ignored, said"   0 err "warning: -i and -k are ignored" --once -i
expect "-p 30 is the stall level" 0 out "verdict:" --once -p 30
usage  "-p then a word"      "unexpected argument 'x'"        -p x
expect "--sort-by-rss: the largest RSS" 0 out "victim:" --once --sort-by-rss
# hooks get earlyoom's names: run -N and -P as a fake kill would, in a
# foreground --dry-run nothing is signalled, so they run only on a kill
# (tests/test_monitor.c); here: accepted
expect "-P and -N together"  0 out "verdict:" --once -P 'echo pre' -N 'echo post'

# The scheduling priority: nice -20 unless --no-priority; refused (no
# CAP_SYS_NICE), one warning and bustd runs on as it was.
nice_run() { # NAME WANT PREFIX... -- ARGS...: bustd's nice after 1 s
	name=$1 want=$2
	shift 2
	pre=
	while [ "$1" != -- ]; do pre="$pre $1"; shift; done
	shift
	$pre "$BIN" -n --dry-run "$@" >"$TMP/out" 2>"$TMP/err" </dev/null &
	p=$!
	sleep 1
	got=$(cut -d' ' -f19 "/proc/$p/stat" 2>/dev/null)
	kill "$p"
	wait "$p"
	warned=$(grep -c '^bustd: warning: cannot raise the scheduling priority' "$TMP/err")
	if [ "$want" = -20 ] && [ "$warned" = 1 ] && [ "$got" = 0 ]; then
		ok "$name (refused here: warned, ran on)"
	elif [ "$got" != "$want" ]; then bad "$name" "nice $got, want $want"
	elif [ "$want" = 0 ] && [ "$warned" != 0 ] && [ -z "$pre" ]; then
		bad "$name" "warned with --no-priority"
	elif ! grep -q '^bustd: status ' "$TMP/err"; then
		bad "$name" "no status line: did not run on"
	else ok "$name"
	fi
}
nice_run "nice -20 by default"   -20 -- -r 1
nice_run "--no-priority keeps 0" 0   -- -r 1 --no-priority
if [ "$(id -u)" = 0 ] && setpriv --bounding-set=-sys_nice true 2>/dev/null; then
	nice_run "no CAP_SYS_NICE: one warning, runs on" 0 \
		setpriv --inh-caps=-sys_nice --bounding-set=-sys_nice -- -r 1
	if [ "$(grep -c '^bustd: warning: cannot raise the scheduling priority' "$TMP/err")" != 1 ]; then
		bad "no CAP_SYS_NICE: the warning" "not exactly one warning line"
	else ok "no CAP_SYS_NICE: the warning"
	fi
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
