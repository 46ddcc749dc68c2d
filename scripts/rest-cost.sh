#!/bin/sh
# rest-cost.sh [SECONDS] - what bustd and earlyoom cost on an idle machine.
#
# Runs both daemons side by side for SECONDS (default 60) on this machine,
# which has plenty of free memory, so neither acts (--dry-run for bustd,
# earlyoom's levels set to 1%: nothing is killed).  Reports, per daemon:
# wake-ups (voluntary + involuntary context switches), CPU time from
# /proc/PID/schedstat, and the resident set from /proc/PID/smaps_rollup
# (VmRSS lags on small processes).  Needs earlyoom (Debian package) and a
# built ./bustd.  Safe on a shared host: no memory is consumed.
set -eu
secs=${1:-60}
top=$(cd "$(dirname "$0")/.." && pwd)
bustd=${BUSTD:-$top/bustd}
command -v earlyoom >/dev/null || { echo "rest-cost: earlyoom not installed" >&2; exit 1; }
[ -x "$bustd" ] || { echo "rest-cost: build bustd first (make)" >&2; exit 1; }

"$bustd" -n --dry-run >/dev/null 2>&1 &
b=$!
earlyoom -m 1,1 -s 1,1 -r 0 >/dev/null 2>&1 &
e=$!
trap 'kill $b $e 2>/dev/null || true' EXIT INT TERM
sleep 1 # both past start-up

snap() { # pid -> "ctxt cpu_ns"
	c=$(awk '/ctxt_switches/ {n += $2} END {print n}' "/proc/$1/status")
	echo "$c $(cut -d' ' -f1 "/proc/$1/schedstat")"
}
rss() { awk '/^Rss:/ {print $2}' "/proc/$1/smaps_rollup"; }
b0=$(snap $b); e0=$(snap $e)
sleep "$secs"
b1=$(snap $b); e1=$(snap $e)

report() { # name "c0 ns0" "c1 ns1" rss
	set -- "$1" $2 $3 "$4"
	awk -v n="$1" -v c0="$2" -v t0="$3" -v c1="$4" -v t1="$5" -v r="$6" -v s="$secs" \
		'BEGIN { printf "%-9s %12.1f %14.3f %10d\n", n, (c1-c0)*60/s, (t1-t0)/1e6*60/s, r }'
}
printf '%-9s %12s %14s %10s\n' daemon wakeups/min cpu_ms/min rss_kib
report bustd "$b0" "$b1" "$(rss $b)"
report earlyoom "$e0" "$e1" "$(rss $e)"
