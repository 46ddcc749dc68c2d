#!/bin/sh
# rest: what the daemon costs while nothing happens. A bystander holds
# memory until bench_loads percent (comma list) of the guest's RAM is in
# use (MemTotal - MemAvailable); for each, bench_win seconds of the
# daemon's CPU time (schedstat) and wake-ups (context switches). Then its
# footprint (VmRSS, VmHWM, VmLck, smaps_rollup Rss), and what 100 bare
# wake-ups of `idler` (sleep 100 ms, do nothing) cost in this guest: the
# floor under any daemon that polls.
# shellcheck source=benchlib.sh
. /scenarios/benchlib.sh

LOADS=$(barg bench_loads 10,50,80)
WIN=$(barg bench_win 30)

start_daemon
sleep 2
total=$(mem_kib MemTotal)
rows=''
for load in $(echo "$LOADS" | tr , ' '); do
	want=$((total * (100 - load) / 100))
	mib=$((($(mem_kib MemAvailable) - want) / 1024))
	[ "$mib" -gt 0 ] || mib=0
	spawn 0 /tmp/bystander.log bystander -m "$mib" -n bystander
	by=$PID
	sleep 5 # touched, and the daemon has seen it
	used=$((1000 * (total - $(mem_kib MemAvailable)) / total))
	# shellcheck disable=SC2046 # two numbers
	set -- $(cost_snap "$DPID")
	c0=$1 n0=$2 t0=$(now_ms)
	sleep "$WIN"
	# shellcheck disable=SC2046
	set -- $(cost_snap "$DPID")
	c1=$1 n1=$2 t1=$(now_ms)
	alive "$by" || fail "bystander died at $load%"
	kill "$by"
	wait "$by" 2>/dev/null
	rows="$rows${rows:+,}{\"load\":$load,\"used_permille\":$used,\"ms\":$((t1 - t0)),\"ctxsw\":$((c1 - c0)),\"cpu_ns\":$((n1 - n0)),\"bystander_mib\":$mib}"
	sleep 2
done
alive "$DPID" || fail "$DAEMON died"
[ "$(daemon_signals)" -eq 0 ] || fail "$DAEMON signalled at rest"
# shellcheck disable=SC2046 # two numbers
set -- $(idler 100 100 | sed -n 's/^idler wakes=\([0-9]*\) cpu_ns=\([0-9]*\)$/\1 \2/p')
idle=",\"idle_wakes\":${1:-null},\"idle_cpu_ns\":${2:-null}"
# bustd's measured fill rate and TERM level (earlyoom: fixed): the
# report's bound on wake-ups at rest
daemon_levels
emit ",\"bench\":\"rest\",\"mem_kib\":$total,\"fill_rate_mibs\":${FILL_MIBS:-null},\"term_kib\":${TERM_KIB:-null},\"rows\":[$rows]$idle$(footprint "$DPID")"
