#!/bin/bash
# faults.sh BINARY - the real binary against hostile surroundings on this
# host, none of which needs memory pressure: closed output, missing or
# faked /proc files, hidepid, absent log sinks, signals at any moment, a
# PID reused under a pinned victim.  Mount changes happen in private mount
# namespaces (unshare -m), the PID reuse in a new PID namespace; nothing
# leaks to the host.  Each case prints [OK]/[FAIL] and, for
# docs/RELIABILITY.md, a row "ROW id<tab>what was done<tab>what bustd did" into
# build/reliability/host.rows (tests/reliability.sh checks the doc).
# shellcheck disable=SC2016 # in_ns scripts expand $BIN in the namespace
# shellcheck disable=SC2086 # $NOBODY is a command and its words
set -u
BIN=${1:?usage: faults.sh BINARY}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
top=$(cd "$(dirname "$0")/.." && pwd)
rows=$top/build/reliability/host.rows
mkdir -p "$(dirname "$rows")"
: >"$rows"
TMP=$(mktemp -d) || exit 2
trap 'rm -rf "$TMP"' EXIT
passed=0 failed=0
NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups" # words
# the interpreter itself, not a wrapper (pyenv's shims) that may need
# more of /dev than a test's namespace leaves
PY=$(python3 -c 'import sys; print(sys.executable)')

# result ID FAULT OBSERVED OK [DETAIL]: one case's outcome
result() {
	if [ "$4" = 1 ]; then
		passed=$((passed + 1))
		echo "[OK] $1: $3"
		printf 'ROW %s\t%s\t%s\n' "$1" "$2" "$3" >>"$rows"
	else
		failed=$((failed + 1))
		echo "[FAIL] $1: wanted: $3${5:+; got: $5}"
		sed 's/^/       /' "$TMP/err" 2>/dev/null | head -n 5
	fi
}

# in_ns SCRIPT: sh -c SCRIPT in a private mount namespace; $BIN is set
in_ns() { unshare -m --propagation private env BIN="$BIN" sh -c "$1"; }

# --- output and input closed ------------------------------------------------
"$BIN" --once >&- 2>&- <&-
rc=$?
result closed-stdio "--once with stdin, stdout and stderr closed" \
	"exit 0, no crash" "$([ $rc = 0 ] && echo 1)" "exit $rc"

timeout --preserve-status -s TERM 2 "$BIN" -n --dry-run >&- 2>&- <&-
rc=$?
result closed-stdio-daemon "-n --dry-run with all three closed, SIGTERM after 2 s" \
	"runs, exit 0 on SIGTERM" "$([ $rc = 0 ] && echo 1)" "exit $rc"

# --- /proc --------------------------------------------------------------------
in_ns 'mount -t tmpfs none /proc && "$BIN" --once' >"$TMP/out" 2>"$TMP/err"
rc=$?
result no-proc "/proc not mounted (an empty tmpfs there)" \
	"exit 1, 'fatal: cannot open /proc/meminfo'" \
	"$([ $rc = 1 ] && grep -q 'fatal: cannot open /proc/meminfo' "$TMP/err" && echo 1)" "exit $rc"

in_ns 'mkdir -p /tmp/np && mount -t tmpfs none /proc/pressure 2>/dev/null ||
	mount --bind /tmp/np /proc/pressure; timeout --preserve-status -s TERM 2 "$BIN" -n --dry-run' \
	>"$TMP/out" 2>"$TMP/err"
rc=$?
result no-pressure "/proc/pressure empty (kernel without PSI)" \
	"warns 'PSI unavailable', runs on the memory levels, exit 0 on SIGTERM" \
	"$([ $rc = 0 ] && grep -q 'PSI unavailable' "$TMP/err" && grep -q 'psi=off' "$TMP/err" && echo 1)" "exit $rc"

grep -v '^MemAvailable:' /proc/meminfo >"$TMP/meminfo"
in_ns "mount --bind $TMP/meminfo /proc/meminfo && \"\$BIN\" --once" >"$TMP/out" 2>"$TMP/err"
rc=$?
result no-memavailable "/proc/meminfo without MemAvailable (Linux < 3.14)" \
	"warns once and estimates it from free + file cache + reclaimable slab; exit 0" \
	"$([ $rc = 0 ] && grep -q 'no MemAvailable' "$TMP/err" && grep -q '^memory: *available' "$TMP/out" && echo 1)" "exit $rc"

printf 'garbage\n\0\377\n' >"$TMP/meminfo"
in_ns "mount --bind $TMP/meminfo /proc/meminfo && \"\$BIN\" --once" >"$TMP/out" 2>"$TMP/err"
rc=$?
result garbage-meminfo-once "/proc/meminfo replaced by garbage bytes, --once" \
	"exit 1, 'fatal: cannot read /proc/meminfo'" \
	"$([ $rc = 1 ] && grep -q 'fatal: cannot read /proc/meminfo' "$TMP/err" && echo 1)" "exit $rc"
in_ns "mount --bind $TMP/meminfo /proc/meminfo && timeout --preserve-status -s TERM 2 \"\$BIN\" -n --dry-run -r 1" \
	>"$TMP/out" 2>"$TMP/err"
rc=$?
result garbage-meminfo "/proc/meminfo replaced by garbage bytes, the daemon" \
	"runs on sysinfo's free RAM (status lines go on), exit 0 on SIGTERM" \
	"$([ $rc = 0 ] && grep -q '^bustd: status avail_kib=' "$TMP/err" && echo 1)" "exit $rc"

in_ns "mount -t proc -o hidepid=2 proc /proc && $NOBODY \"\$BIN\" --once" >"$TMP/out" 2>"$TMP/err"
rc=$?
result hidepid "/proc with hidepid=2, bustd --once as an unprivileged user" \
	"sees only its own processes: 'none eligible', exit 0" \
	"$([ $rc = 0 ] && grep -q 'none eligible' "$TMP/out" && echo 1)" "exit $rc"

# as root the same process is chosen with and without hidepid (whatever
# this host runs: only pid and name are compared, sizes move)
victim() { sed -n 's/^victim: *\(pid [0-9]* ([^)]*)\).*/\1/p; s/^victim: *none eligible/none/p'; }
"$BIN" --once 2>/dev/null | victim >"$TMP/plain"
in_ns "mount -t proc -o hidepid=2 proc /proc && \"\$BIN\" --once" 2>"$TMP/err" | victim >"$TMP/out"
result hidepid-root "/proc with hidepid=2, bustd --once as root" \
	"root sees every process: the same victim as without hidepid" \
	"$([ -s "$TMP/out" ] && cmp -s "$TMP/plain" "$TMP/out" && echo 1)" \
	"'$(cat "$TMP/out")' vs '$(cat "$TMP/plain")'"

# --- not root ---------------------------------------------------------------
$NOBODY "$BIN" -n >"$TMP/out" 2>"$TMP/err"
rc=$?
result non-root "started as an unprivileged user without --dry-run" \
	"exit 1, 'must run as root'" \
	"$([ $rc = 1 ] && grep -q 'must run as root' "$TMP/err" && echo 1)" "exit $rc"

# --- log sinks ----------------------------------------------------------------
in_ns 'mount -t tmpfs none /dev && timeout --preserve-status -s TERM 2 "$BIN" -n --dry-run --syslog' \
	>"$TMP/out" 2>"$TMP/err"
rc=$?
result no-dev-log "--syslog with no /dev/log" \
	"warns 'cannot open /dev/log, logging to stderr', runs, exit 0 on SIGTERM" \
	"$([ $rc = 0 ] && grep -q 'cannot open /dev/log, logging to stderr' "$TMP/err" && grep -q 'start version' "$TMP/err" && echo 1)" "exit $rc"

timeout --preserve-status -s TERM 2 $NOBODY "$BIN" -n --dry-run --kmsg >"$TMP/out" 2>"$TMP/err"
rc=$?
result kmsg-unwritable "--kmsg where /dev/kmsg cannot be opened (unprivileged)" \
	"warns 'cannot open /dev/kmsg, logging to stderr', runs, exit 0 on SIGTERM" \
	"$([ $rc = 0 ] && grep -q 'cannot open /dev/kmsg, logging to stderr' "$TMP/err" && echo 1)" "exit $rc"

# A sink that stalls must not stall bustd: a line it cannot take at once
# is dropped and counted (tests/fault/logstall.py says how this is seen).
"$PY" "$top/tests/fault/logstall.py" "$BIN" pipe >"$TMP/out" 2>"$TMP/err"
rc=$?
result stderr-stalled "-n --dry-run with stderr a full pipe nobody reads; 20 SIGUSR1s (a status line each), then the pipe drained" \
	"takes every signal at once, the next line says lost_lines=N, exit 0 at once on SIGTERM" \
	"$([ $rc = 0 ] && echo 1)" "$(cat "$TMP/out")"

in_ns "touch $TMP/null && mount --bind /dev/null $TMP/null && mount -t tmpfs none /dev &&
	touch /dev/null && mount --bind $TMP/null /dev/null &&
	\"$PY\" \"$top/tests/fault/logstall.py\" \"\$BIN\" syslog" >"$TMP/out" 2>"$TMP/err"
rc=$?
result syslog-stalled "--syslog to a /dev/log socket whose reader stops reading (its queue of 10 fills); 20 SIGUSR1s, then the queue drained" \
	"takes every signal at once, the next line says lost_lines=N, exit 0 at once on SIGTERM" \
	"$([ $rc = 0 ] && echo 1)" "$(cat "$TMP/out")"

"$PY" "$top/tests/fault/kmsglimit.py" "$BIN" >"$TMP/out" 2>"$TMP/err"
rc=$?
if [ $rc = 77 ]; then
	echo "[SKIP] kmsg-limit: $(cat "$TMP/out")"
else
	result kmsg-limit "--kmsg, 17 lines within a second, one more 5.3 s later (the kernel takes 10 lines per 5 s from a /dev/kmsg writer and drops the rest unseen)" \
		"sends no more than the kernel takes (no 'output lines suppressed' record), the later line says lost_lines=N" \
		"$([ $rc = 0 ] && echo 1)" "$(cat "$TMP/out")"
fi

# --- signals at any moment ------------------------------------------------------
# From main's first line on, SIGTERM, SIGINT, SIGUSR1 and SIGHUP are held
# blocked outside ppoll: one that arrives at any moment is acted on at the
# loop (TERM, INT: clean exit 0; USR1: a status line; HUP: ignored).
# "Ready" is when /proc shows bustd (not the shell's child before exec,
# which may have SIGTERM blocked for a moment) with all four blocked,
# caught or ignored: before that the process is still in exec and musl's
# start-up, a few microseconds no program can guard.
# Start-up (main's first line to the start line) takes 4-10 ms on a
# desktop, so every other run aims at it: 0-4 ms, the others 0-299 ms.
# Between "ready" and the signal only shell builtins run (a fork costs a
# millisecond or two), and the runs whose signal went before the start
# line was written are counted: at least 5 must be, or start-up was not
# tested.
ready() {
	local k v _ m=0
	read -r v 2>/dev/null <"/proc/$1/comm" && [ "$v" = bustd ] || return 1
	while read -r k v _; do
		case $k in SigBlk: | SigIgn: | SigCgt:) m=$((m | 0x$v)) ;; esac
	done 2>/dev/null <"/proc/$1/status"
	# HUP, INT, USR1, TERM: bits 0, 1, 9, 14
	(( (m & 0x4203) == 0x4203 ))
}
started() {
	local l
	while IFS= read -r l; do
		[[ $l == "bustd: start"* ]] && return 0
	done <"$1"
	return 1
}
mkfifo "$TMP/never" && exec {never}<>"$TMP/never" # read -t on it: a sleep
bad_runs=0 runs=40 early=0
sigs=(TERM INT HUP USR1)
for i in $(seq $runs); do
	"$BIN" -n --dry-run >"$TMP/out" 2>"$TMP/err" &
	p=$!
	printf -v ms %03d $((i % 2 ? RANDOM % 5 : RANDOM % 300))
	s=${sigs[RANDOM % 4]}
	while ! ready $p && kill -0 $p 2>/dev/null; do :; done
	read -r -t "0.$ms" -u "$never"
	started "$TMP/err" || early=$((early + 1))
	kill -$s $p 2>/dev/null
	sleep 0.05
	kill -TERM $p 2>/dev/null
	wait $p
	rc=$?
	last=$(tail -n 1 "$TMP/err")
	case $s:$rc:$last in
	INT:0:"bustd: exit on SIGINT" | *:0:"bustd: exit on SIGTERM") ;;
	*) bad_runs=$((bad_runs + 1)); echo "       run $i: SIG$s then SIGTERM: exit $rc, last line '$last'" ;;
	esac
done
result signals "$runs runs: SIGTERM, SIGINT, SIGHUP or SIGUSR1 at a random moment of start-up or running (0-4 ms after main's first line in every other run, 0-299 ms in the rest), then SIGTERM" \
	"every run ends cleanly: exit 0 with 'exit on SIGTERM' (or SIGINT); at least 5 signals came before the start line" \
	"$([ $bad_runs = 0 ] && [ $early -ge 5 ] && echo 1)" "$bad_runs bad runs, $early of $runs signals before the start line"
echo "       ($early of $runs signals came before the start line)"

# Some supervisors and shells start programs with signals blocked; ppoll
# must not restore that mask.
"$PY" -c 'import os, signal, sys
signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
os.execv(sys.argv[1], sys.argv[1:])' "$BIN" -n --dry-run >"$TMP/out" 2>"$TMP/err" &
p=$!
for i in $(seq 50); do grep -q '^bustd: start' "$TMP/err" && break; sleep 0.1; done
kill -TERM $p
for i in $(seq 20); do kill -0 $p 2>/dev/null || break; sleep 0.05; done
kill -KILL $p 2>/dev/null && echo "       still running 1 s after SIGTERM"
wait $p
rc=$?
result sigterm-blocked "-n --dry-run started with SIGTERM blocked" \
	"exit 0 within 1 s of SIGTERM, 'exit on SIGTERM'" \
	"$([ $rc = 0 ] && grep -q 'exit on SIGTERM' "$TMP/err" && echo 1)" "exit $rc"

# --- the -N hook; the daemon's own PID -----------------------------------------
# In PID namespaces, where bustd sees and can signal nothing of the host's.
unshare -pf --mount-proc "$top/tests/fault/hook-env.sh" "$BIN" "$PY" "$TMP" \
	>"$TMP/out" 2>"$TMP/err"
rc=$?
result hook-env "-N hook after a kill (a 48 MiB sleeper in a PID namespace, the TERM level at all of RAM); bustd started at oom_score_adj 300" \
	"the hook starts at bustd's starting oom_score_adj, with SIGPIPE and SIGHUP not ignored and no signal blocked" \
	"$([ $rc = 0 ] && echo 1)" "$(cat "$TMP/out")"

unshare -m --propagation private -pf --mount-proc "$top/tests/fault/daemon-pid.sh" \
	"$BIN" "$PY" "$TMP" >"$TMP/out" 2>"$TMP/err"
rc=$?
result daemon-pid "daemonized --dry-run (the TERM level at all of RAM); then a 48 MiB process gets the PID bustd started with (ns_last_pid in a PID namespace)" \
	"would kill that process: the PID excluded is the daemon's own, not its exited parent's" \
	"$([ $rc = 0 ] && echo 1)" "$(cat "$TMP/out")"

# --- kernels without pidfd (before 5.3) ------------------------------------------
# tests/fault/nosys.c: a seccomp filter answers ENOSYS, as such a kernel does
cc=${HOSTCC:-gcc}
if $cc -std=c11 -D_GNU_SOURCE -O1 -Wall -Wextra -Werror -I"$top/src" \
	-o "$TMP/nosys" "$top/tests/fault/nosys.c" 2>"$TMP/err"; then
	"$TMP/nosys" --pidfd "$PY" -c 'import os; os.pidfd_open(os.getpid())' 2>"$TMP/err"
	grep -q 'Errno 38' "$TMP/err" && "$TMP/nosys" --pidfd "$BIN" --once >"$TMP/out" 2>"$TMP/err" &&
		timeout --preserve-status -s TERM 2 "$TMP/nosys" --pidfd "$BIN" -n --dry-run \
			>"$TMP/out" 2>"$TMP/err"
	rc=$?
else
	rc=2
fi
result no-pidfd "--once, then -n --dry-run, with pidfd_open, pidfd_send_signal and process_mrelease failing ENOSYS (seccomp)" \
	"both run: exit 0, and 0 on SIGTERM" \
	"$([ $rc = 0 ] && grep -q 'start version' "$TMP/err" && echo 1)" "exit $rc"

# --- a PID reused under the pinned victim ----------------------------------
cc=${HOSTCC:-gcc}
pidreuse_cc=0
$cc -std=c11 -D_GNU_SOURCE -O1 -Wall -Wextra -Werror -I"$top/src" -pthread \
	-o "$TMP/pidreuse" "$top/tests/fault/pidreuse.c" "$top/src/kill.c" \
	"$top/src/procscan.c" "$top/src/procfs.c" "$top/src/match.c" \
	"$top/src/fmt.c" "$top/src/log.c" "$top/src/protect.c" \
	2>"$TMP/err" || pidreuse_cc=2
# pidreuse_run pidfd|nopidfd: rc of one half of tests/fault/pidreuse.c
pidreuse_run() {
	rc=$pidreuse_cc
	[ $rc = 0 ] || return
	unshare -pf --mount-proc "$TMP/pidreuse" "$1" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	cat "$TMP/out" >>"$TMP/err"
}
pidreuse_run pidfd
result pid-reuse "victim exits and its PID goes to a new process before bustd signals (ns_last_pid in a PID namespace)" \
	"the pidfd send fails with ESRCH, alone and for -g; the new process lives" \
	"$([ $rc = 0 ] && echo 1)" "$(tail -n 1 "$TMP/out" 2>/dev/null)"
pidreuse_run nopidfd
result pid-reuse-nopidfd "no pidfd (kernels before 5.3): the victim's PID goes to a new process, or the victim is an unreaped zombie, or a zombie leader whose thread runs on" \
	"the start time in /proc/PID/stat refuses the kill by PID (ESRCH), alone and for -g, and the new process lives; the zombie reads as exited and gets no signal; the zombie leader is killed" \
	"$([ $rc = 0 ] && echo 1)" "$(tail -n 1 "$TMP/out" 2>/dev/null)"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
