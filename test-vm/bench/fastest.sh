#!/bin/sh
# fastest: the fastest hog there is (`hog -x 0`: one written word a page,
# the fill bustd measures at start), started while a bystander holds
# bench_load percent of RAM in use (as rest.sh does), no swap. The question
# is the one the rest figures raise: does the daemon read soon enough, or
# does the kernel's OOM killer get there first? Run with the daemon's
# defaults and, through bench_args, with the longer sleeps that would meet
# the rest targets.
# shellcheck source=benchlib.sh
. /scenarios/benchlib.sh

LOAD=$(barg bench_load 10)

start_sampler
start_daemon
total=$(mem_kib MemTotal)
mib=$((($(mem_kib MemAvailable) - total * (100 - LOAD) / 100) / 1024))
if [ "$mib" -gt 0 ]; then
	spawn 0 /tmp/bystander.log bystander -m "$mib" -n bystander
	track bystander "$PID"
fi
sleep 4 # touched, and the daemon is back to its resting pace
used=$((1000 * (total - $(mem_kib MemAvailable)) / total))
t0=$(now_ms)
spawn 0 /tmp/hog.log hog -n hog -x 0
hog=$PID
wait_dead "$hog" 60
t1=$DEAD_MS
sleep 1
hog_outcome "$hog"
mina=$(min_avail "$t0" "$t1")
sed 's/^/LOG /' "$DLOG" | head -n 8
dmesg | grep -E 'Killed process|invoked oom-killer' | head -n 4 | sed 's/^/DMESG /'
emit ",\"bench\":\"fastest\",\"load\":$LOAD,\"used_permille\":$used,\"bystander_mib\":$mib,\"dead_ms\":$((t1 - t0)),\"timed_out\":$TIMED_OUT,\"killer\":\"$KILLER\",\"kernel_oom\":$(kernel_ooms),\"min_avail_kib\":$mina,\"survivors\":$(json_str "$SURVIVORS")"
