#!/bin/sh
# 26 router-size RAM, fast hog: a 128 MiB guest (about 80 MiB of MemTotal,
# 10 MiB of it reclaimable slab that reclaim cannot take back), three small
# bystanders, a heartbeat and a file-backed working set read over and over
# (all sized to RAM); a hog that grows as fast as it can, three times.
# bustd must kill it each time before the kernel's OOM killer fires, which
# here happens with MemAvailable still at 7.8-8.9 MiB: above the old
# default KILL level (5 %, 4 MiB), about the old TERM level (8 MiB), below
# the levels derived from /proc/zoneinfo (about 20/10 MiB).
# Control: BUSTD_EXTRA_ARGS="-m 10,5" (the old defaults) is at the edge
# here: 3 of 3 in one run (SIGTERM at 8.0-9.6 MiB, thanks to the
# look-ahead).  In a 64 MiB armv7 guest (this file with mem=64: 45 MiB
# MemTotal, the kernel gave up at 5-7 MiB, old TERM 4.5 MiB) the kernel's
# OOM killer ended 5 of 12 hogs over 4 runs with -m 10,5, and 0 of 6 over
# 2 runs with the derived levels (12.6/6.3 MiB; in one of them a pinned
# bystander was signalled as well: a hog younger than the pin).
#vm mem=128 timeout=150
# shellcheck source=lib.sh
. /scenarios/lib.sh

start_bustd
start_heartbeat
# sized to RAM: 4 MiB each in the 128 MiB guest (80 MiB MemTotal)
total=$(mem_kib MemTotal)
for _n in 1 2 3; do
	spawn 0 "/tmp/bystand$_n.log" bystander -m $((total / 20480)) -n "bystand$_n"
	track "bystand$_n" "$PID"
done
# the working set, a tenth of RAM read every 0.2 s (activated file
# pages, as a router's programs and their data are): ws.dat, or the root
# disk itself where the image has no ws.dat (the cross-architecture one)
ws=/data/ws.dat
[ -r "$ws" ] || ws=/dev/vda
spawn 0 /tmp/workset.log sh -c "while :; do
	dd if=$ws of=/dev/null bs=64k count=$((total / 640)) 2>/dev/null
	sleep 0.2
done"
track workset "$PID"
sleep 3

line=$(bustd_lines | grep -m1 '^bustd: start ')
term=$(echo "$line" | sed -n 's/.* mem_term_kib=\([0-9]*\).*/\1/p')
kill=$(echo "$line" | sed -n 's/.* mem_kill_kib=\([0-9]*\).*/\1/p')
runs=''
for _r in 1 2 3; do
	expect_bustd_kills 60 -n hog
	kl=$(bustd_lines | grep "^bustd: kill pid=$HOG " | head -n 1)
	sig=$(echo "$kl" | sed -n 's/.* signal=\([A-Z]*\) .*/\1/p')
	at=$(echo "$kl" | sed -n 's/.* avail_kib=\([0-9]*\) .*/\1/p')
	runs="$runs${runs:+,}{\"sig\":\"$sig\",\"avail_kib\":${at:-null},\"ms\":$HOG_MS}"
	sleep 3 # past the hold-off after an exit
done
# nobody but the hogs was signalled
others=$(bustd_lines | grep '^bustd: kill ' | grep -v ' name=hog ' | head -n 1)
[ -z "$others" ] || fail "bustd killed another process: $others"
for _n in bystand1 bystand2 bystand3 heartbeat workset; do
	expect_alive "$_n"
done
# the guest's size in words: 128 MiB, or what cross/run.sh booted it with
ram=$(sed -n 's/.* vmmem=\([0-9]*\).*/\1/p' /proc/cmdline)
OUTCOME="${ram:-128} MiB guest: the fast hog killed by bustd 3 times of 3, no kernel OOM, bystanders and working set alive"
EXTRA=",\"mem_total_kib\":$(mem_kib MemTotal),\"term_kib\":${term:-null},\"kill_kib\":${kill:-null},\"runs\":[$runs]"
finish
