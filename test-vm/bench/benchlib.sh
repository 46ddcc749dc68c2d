# benchlib.sh: helpers for the guest-side benchmark scripts (BusyBox ash),
# on top of the scenarios' lib.sh. A bench script reads its parameters from
# the kernel command line (bench_daemon=bustd|earlyoom|none, bench_rep=N,
# bench_args=ARG,ARG: more options for the daemon, bench_variant=NAME: a
# label for them; and its own), runs one daemon, measures, and prints one
# RESULT line (JSON) plus, where it sampled, "S t_ms avail_kib swapfree_kib
# some_us full_us" lines, for scripts/bench.sh to collect.
# shellcheck shell=sh
# shellcheck source=../scenarios/lib.sh
. /scenarios/lib.sh

barg() { # NAME DEFAULT: value of NAME= on the kernel command line
	read -r _cl </proc/cmdline
	for _w in $_cl; do
		case $_w in "$1"=*) echo "${_w#*=}"; return ;; esac
	done
	echo "$2"
}

DAEMON=$(barg bench_daemon none)
DARGS=$(barg bench_args '' | tr , ' ')
VARIANT=$(barg bench_variant '')
REP=$(barg bench_rep 1)
DLOG=/tmp/daemon.log
DPID=''
SAMPLES=/tmp/samples

# Each daemon with its defaults: bustd -n (foreground; no status lines by
# default), earlyoom -r 0 (no status lines; its polling is unchanged).
start_daemon() { # [EXTRA ARGS...]
	# shellcheck disable=SC2086 # DARGS: one word per argument
	case $DAEMON in
	bustd) spawn 0 "$DLOG" "$BUSTD" -n "$@" $DARGS ;;
	earlyoom) spawn 0 "$DLOG" earlyoom -r 0 "$@" $DARGS ;;
	none) : >"$DLOG"; return 0 ;;
	*) echo "bench: unknown daemon $DAEMON"; return 1 ;;
	esac
	DPID=$PID
	# past start-up: locked in memory, first readings taken (earlyoom
	# sleeps 1 s after its start-up self-test when it finds only itself)
	sleep 2
	alive "$DPID" || fail "$DAEMON exited at start: $(head -c 300 "$DLOG")"
}

# PIDs the daemon signalled, one per line.
daemon_kill_pids() {
	case $DAEMON in
	bustd) sed -n 's/^bustd: kill pid=\([0-9]*\) .*/\1/p' "$DLOG" ;;
	earlyoom) sed -n 's/^sending SIG[A-Z]* to process \([0-9]*\) .*/\1/p' "$DLOG" ;;
	esac | sort -u
}
daemon_signals() {
	case $DAEMON in
	bustd) grep -c '^bustd: kill ' "$DLOG" ;;
	earlyoom) grep -c '^sending SIG[A-Z]* to process' "$DLOG" ;;
	*) echo 0 ;;
	esac
}
daemon_killed() { daemon_kill_pids | grep -qx "$1"; }

# hog_outcome PID: after the hog's death, KILLER (kernel, the daemon,
# timeout or none) and SURVIVORS (tracked names still alive, comma list).
hog_outcome() {
	KILLER=none
	if dmesg | grep -q "Killed process $1 "; then
		KILLER=kernel
	elif daemon_killed "$1"; then
		KILLER=$DAEMON
	fi
	[ "$TIMED_OUT" = 0 ] || KILLER=timeout
	SURVIVORS=''
	for _t in $TRACKED; do
		alive "${_t#*=}" && SURVIVORS="${SURVIVORS:+$SURVIVORS,}${_t%%=*}"
	done
}

status_kib() { sed -n "s/^$2:[^0-9]*\([0-9]*\).*/\1/p" "/proc/$1/status"; }

footprint() { # PID -> JSON members
	printf ',"vmrss_kib":%s,"vmhwm_kib":%s,"vmlck_kib":%s,"rss_kib":%s' \
		"$(status_kib "$1" VmRSS)" "$(status_kib "$1" VmHWM)" \
		"$(status_kib "$1" VmLck)" \
		"$(sed -n 's/^Rss: *\([0-9]*\).*/\1/p' "/proc/$1/smaps_rollup")"
}

psi_total() { # some|full -> cumulative stall in us
	sed -n "s/^$1 .*total=\([0-9]*\).*/\1/p" /proc/pressure/memory 2>/dev/null
}

start_sampler() { # never killed, never paged out
	spawn -1000 /tmp/sampler.log sampler "$SAMPLES" 50
	SAMPLER_PID=$PID
}

# dump_samples: the sampled series on the console, "S ..." per line.
dump_samples() {
	kill "$SAMPLER_PID" 2>/dev/null
	sed 's/^/S /' "$SAMPLES"
}

# min_avail T0 T1: lowest MemAvailable (KiB) sampled in [T0, T1] ms.
min_avail() {
	awk -v a="$1" -v b="$2" '$1 >= a && $1 <= b && (m == "" || $2 < m) { m = $2 }
		END { print (m == "" ? "null" : m) }' "$SAMPLES"
}

emit() { # JSON members after the common ones
	_f=${FAILS:-ok}
	printf 'RESULT {"daemon":"%s","variant":%s,"rep":%s,"why":%s%s}\n' \
		"$DAEMON" "$(json_str "$VARIANT")" "$REP" "$(json_str "$_f")" "$1"
}

# start_daemon_stamped [EXTRA ARGS...]: start_daemon with the daemon's
# output piped through `stamp`: $DLOG as before, and $STAMPED with each line
# prefixed by the ms (uptime clock) it was written at. Same for both
# daemons: the kill line's time, measured one way.
STAMPED=/tmp/daemon.stamped
start_daemon_stamped() {
	[ "$DAEMON" = none ] && { start_daemon; return; }
	rm -f /tmp/dfifo
	mkfifo /tmp/dfifo
	(echo -1000 >/proc/self/oom_score_adj && exec stamp "$STAMPED" </tmp/dfifo >"$DLOG") &
	_dl=$DLOG
	DLOG=/tmp/dfifo
	start_daemon "$@"
	DLOG=$_dl
}

# The daemon's levels in KiB: bustd's start line; earlyoom's defaults
# (10 % and 5 % of MemTotal, compared as a percentage of MemTotal).
# shellcheck disable=SC2034 # results for the bench script that called it
daemon_levels() { # sets TERM_KIB KILL_KIB, and FILL_MIBS (bustd's measured fill rate)
	TERM_KIB='' KILL_KIB='' FILL_MIBS=''
	case $DAEMON in
	bustd)
		TERM_KIB=$(sed -n 's/^bustd: start .* mem_term_kib=\([0-9]*\) .*/\1/p' "$DLOG" | head -n 1)
		KILL_KIB=$(sed -n 's/^bustd: start .* mem_kill_kib=\([0-9]*\) .*/\1/p' "$DLOG" | head -n 1)
		FILL_MIBS=$(sed -n 's/^bustd: start .* fill_rate_mibs=\([0-9]*\).*/\1/p' "$DLOG" | head -n 1) ;;
	*)
		TERM_KIB=$(($(mem_kib MemTotal) / 10))
		KILL_KIB=$(($(mem_kib MemTotal) / 20)) ;;
	esac
}

# first_signal PID: the daemon's first signal to PID, from $DLOG: sets
# SIG (SIGTERM/SIGKILL or empty), AT_KIB (MemAvailable the daemon saw:
# bustd's avail_kib, earlyoom's "mem avail: N of M MiB" before the line,
# so MiB steps), LINE (bustd's kill line, for pinned= react_us= scan_ms=)
# shellcheck disable=SC2034 # results for the bench script that called it
first_signal() {
	SIG='' AT_KIB='' LINE=''
	case $DAEMON in
	bustd)
		LINE=$(grep "^bustd: kill pid=$1 " "$DLOG" | head -n 1)
		SIG=$(echo "$LINE" | sed -n 's/.* signal=\([A-Z]*\) .*/\1/p')
		AT_KIB=$(echo "$LINE" | sed -n 's/.* avail_kib=\([0-9]*\) .*/\1/p') ;;
	earlyoom)
		# shellcheck disable=SC2046 # two words
		set -- $(awk -v p="$1" '
			/^mem avail:/ { a = $3 }
			$1 == "sending" && $4 == "process" && $5 == p { print $2, a * 1024; exit }' "$DLOG")
		SIG=${1:-} AT_KIB=${2:-} ;;
	esac
}

# signal_ms PID: the ms (uptime clock, from $STAMPED) of the daemon's
# first line signalling PID; empty when it did not
signal_ms() {
	case $DAEMON in
	bustd) awk -v p="bustd: kill pid=$1 " 'index($0, p) { print $1; exit }' "$STAMPED" ;;
	earlyoom) awk -v p="$1" '$2 == "sending" && $6 == p { print $1; exit }' "$STAMPED" ;;
	esac
}

# victim_of_first_kill_since N: the name the daemon's (N+1)th signal line
# names (N: how many there were before), empty when none
daemon_kill_lines() {
	case $DAEMON in
	bustd) grep '^bustd: kill ' "$DLOG" ;;
	earlyoom) grep '^sending SIG[A-Z]* to process' "$DLOG" ;;
	esac
}
kill_line_name() { # a daemon's kill line -> the process name
	case $1 in
	bustd:*) echo "$1" | sed -n 's/.* name=\([^ ]*\) .*/\1/p' ;;
	sending*) echo "$1" | sed -n 's/.*uid [0-9]* "\([^"]*\)".*/\1/p' ;;
	esac
}
kill_line_pid() {
	case $1 in
	bustd:*) echo "$1" | sed -n 's/^bustd: kill pid=\([0-9]*\) .*/\1/p' ;;
	sending*) echo "$1" | sed -n 's/^sending SIG[A-Z]* to process \([0-9]*\) .*/\1/p' ;;
	esac
}

# kernel_killed PID: 1 when the kernel's OOM killer killed PID
kernel_killed() { dmesg | grep -q "Killed process $1 " && echo 1 || echo 0; }

# term_cross_ms KIB T0 [SIGNAL_MS]: when MemAvailable crossed KIB after T0
# ms, interpolated between the last 50 ms sample above it and the first at
# or below it; empty when no sample reached KIB by the first one after
# SIGNAL_MS: the daemon signalled before memory got there (on the fall it
# projected, or the stall), and memory came back.
term_cross_ms() {
	awk -v k="$1" -v t="$2" -v s="${3:-}" '
		$1 < t { next }
		$2 <= k {
			if (pt != "" && pa > k) printf "%d\n", pt + (pa - k) * ($1 - pt) / (pa - $2)
			else print $1
			exit
		}
		s != "" && $1 > s { exit }
		{ pt = $1; pa = $2 }' "$SAMPLES"
}

