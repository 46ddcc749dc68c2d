#!/bin/sh
# scan: the cost of choosing a victim among many processes. Sleepers are
# added up to each count in bench_counts; at each count:
#  - bustd --once (reads, scans /proc, names its victim, exits), timed by
#    `runtime` (wall and CPU, bench_once runs);
#  - bustd -n --dry-run -m 99: the scan_ms= of its first "kill" line;
#  - earlyoom --dryrun -m 99: it scans on every wake-up while memory is
#    "low"; CPU time (schedstat) over bench_scans scans, per scan.
# A 64 MiB bystander is the victim both pick. bench_order=first starts it
# before the sleepers, last restarts it after each batch: earlyoom reads a
# second file for every process that ranks level with the best seen so far,
# so which comes first in /proc changes its cost, not bustd's.
# shellcheck source=benchlib.sh
. /scenarios/benchlib.sh

COUNTS=$(barg bench_counts 1000,5000,10000)
ONCE=$(barg bench_once 5)
SCANS=$(barg bench_scans 3)
ORDER=$(barg bench_order first)

echo 32768 >/proc/sys/kernel/threads-max
spawn 0 /tmp/bystander.log bystander -m 64 -n bystander
by=$PID
have=0 rows=''
for n in $(echo "$COUNTS" | tr , ' '); do
	spawn 0 "/tmp/spawner.$n.log" spawner $((n - have))
	wait_line "/tmp/spawner.$n.log" children 300 || fail "spawner did not reach $n"
	have=$n
	if [ "$ORDER" = last ]; then
		kill "$by"
		wait "$by" 2>/dev/null
		spawn 0 /tmp/bystander.log bystander -m 64 -n bystander
		by=$PID
	fi
	sleep 2
	set -- /proc/[0-9]*
	procs=$#

	once=''
	i=0
	while [ $i -lt "$ONCE" ]; do
		runtime "$BUSTD" --once >/tmp/once.out 2>/tmp/once.err
		once="$once${once:+,}[$(sed -n 's/^runtime \([0-9]*\) \([0-9]*\) .*/\1,\2/p' /tmp/once.err)]"
		i=$((i + 1))
	done
	sed 's/^/ONCE /' /tmp/once.out | tail -n 2

	spawn 0 /tmp/bd.log "$BUSTD" -n --dry-run -m 99,98
	bd=$PID
	wait_line /tmp/bd.log 'scan_ms=' 60 || fail "bustd --dry-run logged no scan at $n"
	kill "$bd"
	wait "$bd" 2>/dev/null
	scan_ms=$(sed -n 's/^bustd: would kill .* scan_ms=\([0-9]*\).*/\1/p' /tmp/bd.log | head -n 1)
	sed 's/^/LOG /' /tmp/bd.log | grep 'would kill' | head -n 1

	spawn 0 /tmp/eo.log earlyoom --dryrun -m 99,98 -r 0
	eo=$PID
	wait_line /tmp/eo.log '^sending SIG[A-Z]* to process' 120 || fail "earlyoom --dryrun chose nothing at $n"
	# shellcheck disable=SC2046
	set -- $(cost_snap "$eo")
	e0=$2 k0=$(grep -c '^sending SIG[A-Z]* to process' /tmp/eo.log) w0=$(now_ms)
	_end=$((w0 + 240000))
	while [ "$(grep -c '^sending SIG[A-Z]* to process' /tmp/eo.log)" -lt $((k0 + SCANS)) ] &&
		[ "$(now_ms)" -lt "$_end" ]; do
		sleep 0.05
	done
	# shellcheck disable=SC2046
	set -- $(cost_snap "$eo")
	e1=$2 k1=$(grep -c '^sending SIG[A-Z]* to process' /tmp/eo.log) w1=$(now_ms)
	kill "$eo"
	wait "$eo" 2>/dev/null
	grep '^sending SIG[A-Z]* to process' /tmp/eo.log | head -n 1 | sed 's/^/LOG /'
	rows="$rows${rows:+,}{\"n\":$n,\"procs\":$procs,\"once_wall_cpu_us\":[$once],\"bustd_scan_ms\":${scan_ms:-null},\"eo_scans\":$((k1 - k0)),\"eo_cpu_ns\":$((e1 - e0)),\"eo_wall_ms\":$((w1 - w0))}"
done
# shellcheck disable=SC2034 # read by emit (benchlib.sh)
DAEMON=both
emit ",\"bench\":\"scan\",\"order\":\"$ORDER\",\"mem_kib\":$(mem_kib MemTotal),\"rows\":[$rows]"
