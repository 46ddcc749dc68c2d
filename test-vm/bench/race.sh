#!/bin/sh
# race: scenario 22's workload under bench_daemon: a 256 MiB guest whose
# RAM is full of page cache (the big disk read 1.5 times its RAM and held
# open, so free RAM sits at the kernel's watermark and only MemAvailable
# moves), a spinner and a 16 MiB sweep of the big disk every second keeping
# the one vCPU busy; then bench_runs hogs at full speed, one thread and four
# in turn. Per hog: the daemon's first signal to it and the MemAvailable it
# saw then, and whether the kernel's OOM killer fired. Before the hogs,
# bench_win seconds of the daemon at rest in that state (wake-ups, CPU),
# then 100 bare wake-ups of `idler` in the same state, and 100 that read
# /proc/meminfo.
# shellcheck source=benchlib.sh
. /scenarios/benchlib.sh

RUNS=$(barg bench_runs 6)
WIN=$(barg bench_win 30)

fill_cache() { # read the big disk until free RAM is at the watermark
	dd if=/dev/vdb of=/dev/null bs=1M count=$((total / 1024 * 3 / 2)) 2>/dev/null
}

start_daemon
total=$(mem_kib MemTotal)
daemon_levels
exec 3</dev/vdb
sh -c 'while :; do :; done' &
spin=$!
track spinner "$spin"
sh -c 'while :; do dd if=/dev/vdb of=/dev/null bs=1M count=16 2>/dev/null; sleep 1; done' &
sweep=$!
track sweeper "$sweep"
fill_cache
sleep 2
free0=$(mem_kib MemFree) avail0=$(mem_kib MemAvailable)
rest=''
if [ -n "$DPID" ] && [ "$WIN" -gt 0 ]; then
	# shellcheck disable=SC2046 # two numbers
	set -- $(cost_snap "$DPID")
	c0=$1 n0=$2 t0=$(now_ms)
	sleep "$WIN"
	# shellcheck disable=SC2046
	set -- $(cost_snap "$DPID")
	rest="\"ms\":$(($(now_ms) - t0)),\"ctxsw\":$(($1 - c0)),\"cpu_ns\":$(($2 - n0)),\"free_kib\":$(mem_kib MemFree),\"avail_kib\":$(mem_kib MemAvailable)"
	# what a bare wake-up costs on this machine (the spinner and the
	# sweep still running), and one that reads /proc/meminfo
	idle=$(idler 200 100 | sed -n 's/^idler wakes=100 cpu_ns=\([0-9]*\)$/\1/p')
	idle_mi=$(idler 200 100 /proc/meminfo | sed -n 's/^idler wakes=100 cpu_ns=\([0-9]*\)$/\1/p')
	rest=",\"rest\":{$rest,\"idle_wakes\":100,\"idle_cpu_ns\":${idle:-null},\"idle_meminfo_cpu_ns\":${idle_mi:-null},\"fill_rate_mibs\":${FILL_MIBS:-null}}"
fi

runs=''
i=1
while [ "$i" -le "$RUNS" ]; do
	fill_cache
	sleep 2
	avail=$(mem_kib MemAvailable) free=$(mem_kib MemFree)
	threads=$((i % 2 ? 1 : 4))
	dmesg -c >/dev/null # this run's OOM lines only (the ring wraps)
	k0=0
	t0=$(now_ms)
	spawn 0 /tmp/hog.log hog -n hog -t "$threads"
	hog=$PID
	wait_dead "$hog" 60
	dead=$((DEAD_MS - t0))
	sleep 1
	first_signal "$hog"
	kk=$(kernel_killed "$hog")
	k1=$(kernel_ooms)
	pin=$(echo "$LINE" | sed -n 's/.* pinned=\([01]\).*/\1/p')
	react=$(echo "$LINE" | sed -n 's/.* react_us=\([0-9]*\).*/\1/p')
	why=$(echo "$LINE" | sed -n 's/.* reason=\([a-z]*\) .*/\1/p')
	echo "RUN $i ($threads threads): before avail=$avail free=$free; sig=$SIG at=$AT_KIB kernel=$kk $LINE"
	runs="$runs${runs:+,}{\"threads\":$threads,\"avail_before_kib\":$avail,\"free_before_kib\":$free,\"sig\":$(json_str "$SIG"),\"avail_kib\":${AT_KIB:-null},\"reason\":$(json_str "$why"),\"pinned\":${pin:-null},\"react_us\":${react:-null},\"kernel_killed_hog\":$kk,\"kernel_oom\":$((k1 > k0 ? 1 : 0)),\"dead_ms\":$dead,\"timed_out\":$TIMED_OUT}"
	sleep 3 # the daemon's hold-off, and back at rest
	i=$((i + 1))
done
alive "$sweep" || fail "the sweeper died"
kill "$spin" "$sweep"
dalive=true
[ -z "$DPID" ] || alive "$DPID" || dalive=false
sed 's/^/LOG /' "$DLOG" | grep -v '^LOG \(mem avail\|low memory\|process exited\)' | head -n 20
dmesg | grep -E 'Killed process' | head -n 8 | sed 's/^/DMESG /'
emit ",\"bench\":\"race\",\"mem_kib\":$total,\"term_kib\":${TERM_KIB:-null},\"kill_kib\":${KILL_KIB:-null},\"free_kib\":$free0,\"avail_kib\":$avail0,\"daemon_alive\":$dalive$rest,\"runs\":[$runs]"
