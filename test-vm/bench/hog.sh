#!/bin/sh
# hog: one memory emergency, bench_mode=fast (hog as fast as it can, no
# swap), slow (20 MiB/s leak, no swap) or thrash (zram swap as big as RAM,
# hog at 20 MiB/s whose pages compress about 2:1, as scenario 03), under
# bench_daemon. Measures hog start to hog death, who killed it, the lowest
# MemAvailable (sampled every 50 ms), the heartbeat's worst delay and the
# PSI stall totals over the run; the samples (S lines) and the heartbeat's
# late wake-ups (H lines) go to the console.
# shellcheck source=benchlib.sh
. /scenarios/benchlib.sh

MODE=$(barg bench_mode fast)
LIMIT_S=$(barg bench_limit 120)

if [ "$MODE" = thrash ]; then
	echo "$(mem_kib MemTotal)K" >/sys/block/zram0/disksize
	if ! mkswap /dev/zram0 >/dev/null || ! swapon /dev/zram0; then
		fail "zram swap setup"
	fi
fi

start_sampler
start_daemon
start_heartbeat
spawn 0 /tmp/bystander.log bystander -m 20 -n bystander
track bystander "$PID"
sleep 1

some0=$(psi_total some) full0=$(psi_total full)
t0=$(now_ms)
case $MODE in
fast) spawn 0 /tmp/hog.log hog -n hog ;;
slow) spawn 0 /tmp/hog.log hog -n leak -s 1 -r 20 ;;
thrash) spawn 0 /tmp/hog.log hog -n hog -s 2 -r 20 ;;
esac
hog=$PID
wait_dead "$hog" "$LIMIT_S"
t1=$DEAD_MS
sleep 1
some1=$(psi_total some) full1=$(psi_total full)
t2=$(now_ms)

koom=$(kernel_ooms)
hog_outcome "$hog"
dalive=true
[ -z "$DPID" ] || alive "$DPID" || dalive=false
sleep 0.2
kill "$SAMPLER_PID" 2>/dev/null
mina=$(min_avail "$t0" "$t1")
hb=$(cat "$HB_FILE" 2>/dev/null)
sed 's/^/LOG /' "$DLOG" | head -n 20
dmesg | grep -E 'Killed process|invoked oom-killer' | head -n 4 | sed 's/^/DMESG /'
echo "SAMPLES t0=$t0 t1=$t1 t2=$t2"
dump_samples
sed -n 's/^late /H /p' /tmp/heartbeat.log # when the heartbeat woke late
emit ",\"bench\":\"hog\",\"mode\":\"$MODE\",\"t0\":$t0,\"dead_ms\":$((t1 - t0)),\"timed_out\":$TIMED_OUT,\"killer\":\"$KILLER\",\"kernel_oom\":$koom,\"daemon_signals\":$(daemon_signals),\"daemon_kills\":$(daemon_kill_pids | wc -l),\"daemon_alive\":$dalive,\"min_avail_kib\":$mina,\"mem_kib\":$(mem_kib MemTotal),\"hb_worst_ms\":${hb:-null},\"psi_some_us\":$((some1 - some0)),\"psi_full_us\":$((full1 - full0)),\"psi_ms\":$((t2 - t0)),\"survivors\":$(json_str "$SURVIVORS")"
