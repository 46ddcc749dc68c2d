#!/bin/sh
# procs: scenarios 23 and 33's workload under bench_daemon: bench_procs
# sleeping processes (`spawner`), the page cache filled from the big disk
# (held open) before each hog, then bench_runs hogs at full speed. Per hog:
# who killed it (the daemon's first signal, or the kernel), and the time
# from the first 50 ms sample (`sampler`) at or below the daemon's TERM
# level to the daemon's signal line as `stamp` timed it (both daemons'
# output goes through it); bustd's kill line adds react_us= (its reading
# to its signal), pinned= and scan_ms=.
# shellcheck source=benchlib.sh
. /scenarios/benchlib.sh

NPROC=$(barg bench_procs 2000)
RUNS=$(barg bench_runs 3)

echo 32768 >/proc/sys/kernel/threads-max
start_sampler
start_daemon_stamped
daemon_levels
t=$(now_ms)
spawn 0 /tmp/spawner.log spawner "$NPROC"
spawner=$PID
track spawner "$spawner"
wait_line /tmp/spawner.log "children" 300 || fail "spawner did not start $NPROC children"
spawn_ms=$(($(now_ms) - t))
exec 3</dev/vdb
runs=''
i=1
while [ "$i" -le "$RUNS" ]; do
	dd if=/dev/vdb of=/dev/null bs=1M count=$(($(mem_kib MemTotal) * 3 / 2048)) 2>/dev/null
	sleep 2
	set -- /proc/[0-9]*
	nproc=$#
	avail=$(mem_kib MemAvailable)
	dmesg -c >/dev/null # this run's OOM lines only (the ring wraps)
	k0=0
	n0=$(daemon_kill_lines | wc -l)
	t0=$(now_ms)
	spawn 0 /tmp/hog.log hog -n hog
	hog=$PID
	wait_dead "$hog" 60
	dead=$((DEAD_MS - t0))
	sleep 1
	first_signal "$hog"
	sms=$(signal_ms "$hog")
	cross=$(term_cross_ms "$TERM_KIB" "$t0" "$sms")
	lat=null
	[ -n "$sms" ] && [ -n "$cross" ] && lat=$((sms - cross))
	# earlyoom's own reading-to-signal (bustd's react_us, from its log):
	# it logs "low memory!" on the reading that crossed, then scans, then
	# "sending"; and how often it crossed, scanned and found memory back
	# (the kernel had killed first) since this hog started
	eor=null eoseen=null eorec=0 eogu=
	if [ "$DAEMON" = earlyoom ]; then
		eor=$(awk -v p="$hog" '/low memory!/ { l = $1 }
			$2 == "sending" && $6 == p { if (l != "") print $1 - l; exit }' "$STAMPED")
		eoseen=$(awk -v t="$t0" '$1 >= t && /low memory!/ { print $1; exit }' "$STAMPED")
		eorec=$(awk -v t="$t0" '$1 >= t && /recovered while selecting/' "$STAMPED" | wc -l)
		# how long the scan it gave up on took (crossing read to memory back)
		eogu=$(awk -v t="$t0" '$1 >= t && /low memory!/ { l = $1 }
			$1 >= t && /recovered while selecting/ && l != "" { print $1 - l; exit }' "$STAMPED")
		[ -n "$eoseen" ] && [ -n "$cross" ] && eoseen=$((eoseen - cross))
	fi
	kk=$(kernel_killed "$hog")
	k1=$(kernel_ooms)
	# the daemon's first signal of this run, and to whom
	fl=$(daemon_kill_lines | sed -n "$((n0 + 1))p")
	fname=$(kill_line_name "$fl") fpid=$(kill_line_pid "$fl")
	pin=$(echo "$LINE" | sed -n 's/.* pinned=\([01]\).*/\1/p')
	react=$(echo "$LINE" | sed -n 's/.* react_us=\([0-9]*\).*/\1/p')
	scan=$(echo "$LINE" | sed -n 's/.* scan_ms=\([0-9]*\).*/\1/p')
	# the samples of this hog, for a reader of the log (S lines)
	awk -v a="$t0" -v b="$DEAD_MS" '$1 >= a && $1 <= b + 500' "$SAMPLES" | sed 's/^/S /'
	echo "RUN $i ($nproc processes): avail before=$avail cross=$cross signal_ms=$sms sig=$SIG at=$AT_KIB kernel=$kk first=$fname $LINE"
	runs="$runs${runs:+,}{\"processes\":$nproc,\"avail_before_kib\":$avail,\"t0\":$t0,\"cross_ms\":${cross:-null},\"signal_ms\":${sms:-null},\"latency_ms\":$lat,\"sig\":$(json_str "$SIG"),\"avail_kib\":${AT_KIB:-null},\"pinned\":${pin:-null},\"react_us\":${react:-null},\"scan_ms\":${scan:-null},\"eo_react_ms\":${eor:-null},\"eo_seen_ms\":${eoseen:-null},\"eo_recovered\":$eorec,\"eo_gave_up_ms\":${eogu:-null},\"kernel_killed_hog\":$kk,\"kernel_oom\":$((k1 > k0 ? 1 : 0)),\"first_victim\":$(json_str "$fname"),\"first_is_hog\":$([ "$fpid" = "$hog" ] && echo true || echo false),\"dead_ms\":$dead,\"timed_out\":$TIMED_OUT}"
	sleep 3
	i=$((i + 1))
done
alive "$spawner" || fail "the spawner died"
dalive=true
[ -z "$DPID" ] || alive "$DPID" || dalive=false
kill "$SAMPLER_PID" 2>/dev/null
sed 's/^/LOG /' "$DLOG" | grep -v '^LOG \(mem avail\|low memory\|process exited\)' | head -n 20
grep -E 'low memory|sending SIG[A-Z]* to|recovered|bustd: kill' "$STAMPED" 2>/dev/null | head -n 30 | cut -c1-160 | sed 's/^/STAMP /'
dmesg | grep -E 'Killed process' | head -n 8 | sed 's/^/DMESG /'
emit ",\"bench\":\"procs\",\"procs\":$NPROC,\"spawn_ms\":$spawn_ms,\"mem_kib\":$(mem_kib MemTotal),\"term_kib\":${TERM_KIB:-null},\"kill_kib\":${KILL_KIB:-null},\"daemon_alive\":$dalive,\"runs\":[$runs]"
