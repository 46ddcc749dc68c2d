#!/bin/sh
# demo.sh (guest side of test-vm/demo.sh, not a scenario): a fast hog with
# bustd watching, told as a short story; every line starts with "DEMO ".
# shellcheck source=lib.sh
. /scenarios/lib.sh

say() { echo "DEMO $*"; }

say "guest: $(($(mem_kib MemTotal) / 1024)) MiB RAM, no swap, kernel $(uname -r)"
start_bustd
say "started: bustd -n (pid $BUSTD_PID, default levels: TERM below 10% available, KILL below 5%)"
start_heartbeat
spawn 0 /tmp/bystander.log bystander -m 20 -n bystander
track bystander "$PID"
say "started: bystander (20 MiB), heartbeat (wakes every 100 ms)"
sleep 1

t0=$(now_ms)
spawn 0 /tmp/hog.log hog -n hog
hog=$PID
say "started: hog (pid $hog), eating memory as fast as it can"
wait_dead "$hog" 60
say "hog died after $((DEAD_MS - t0)) ms"
say ""
say "what bustd logged:"
bustd_lines | sed 's/^/DEMO   /'
say ""
n=$(kernel_ooms)
if [ "$n" -eq 0 ]; then
	say "kernel OOM killer: did not fire (dmesg has no 'Out of memory')"
else
	say "kernel OOM killer: FIRED ($n dmesg lines)"
fi
if alive "$(pid_of bystander)"; then
	say "bystander: alive"
else
	say "bystander: DEAD"
fi
say "heartbeat worst wake-up delay: $(cat "$HB_FILE") ms"
say "bustd resident set: $(sed -n 's/^Rss:[^0-9]*\([0-9]*\).*/\1/p' /proc/"$BUSTD_PID"/smaps_rollup) KiB"
if killed_by_bustd "$hog" && [ "$n" -eq 0 ]; then
	echo "DEMO-OK"
fi
