#!/bin/sh
# 27 router-size RAM, page cache and a slow leak: the 128 MiB guest of 26
# (three small bystanders, a heartbeat, an 8 MiB file-backed working set
# in use).  First a 512 MiB disk is streamed through the page cache, six
# times RAM: no kill allowed.  Then a 20 MiB/s leak: bustd must kill it
# (SIGTERM or SIGKILL, reported) before the kernel's OOM killer fires,
# which here happens with MemAvailable still at about 8 MiB, above the
# old KILL level (5 %, 4 MiB).
#vm mem=128 big=1 timeout=240
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

# A: stream the disk once; clean page cache is no shortage
t0=$(now_ms)
spawn 0 /tmp/cachereader.log cachereader -p 1 /dev/vdb
reader=$PID
wait_dead "$reader" 120
read_ms=$(($(now_ms) - t0))
[ "$TIMED_OUT" = 0 ] || fail "cachereader not done after 120 s"
[ "$DEAD_RC" = 0 ] || fail "cachereader exit status $DEAD_RC"
n=$(bustd_lines | grep -c '^bustd: kill ')
[ "$n" -eq 0 ] || fail "bustd killed while a file streamed: $(bustd_lines | grep -m1 '^bustd: kill ' | cut -c1-160)"
sleep 1

# B: the 20 MiB/s leak
expect_bustd_kills 90 -n leak -s 1 -r 20
kl=$(bustd_lines | grep "^bustd: kill pid=$HOG " | head -n 1)
sig=$(echo "$kl" | sed -n 's/.* signal=\([A-Z]*\) .*/\1/p')
at=$(echo "$kl" | sed -n 's/.* avail_kib=\([0-9]*\) .*/\1/p')
others=$(bustd_lines | grep '^bustd: kill ' | grep -v ' name=leak ' | head -n 1)
[ -z "$others" ] || fail "bustd killed another process: $others"
for _n in bystand1 bystand2 bystand3 heartbeat workset; do
	expect_alive "$_n"
done
line=$(bustd_lines | grep -m1 '^bustd: start ')
term=$(echo "$line" | sed -n 's/.* mem_term_kib=\([0-9]*\).*/\1/p')
# the guest's size in words: 128 MiB, or what cross/run.sh booted it with
ram=$(sed -n 's/.* vmmem=\([0-9]*\).*/\1/p' /proc/cmdline)
OUTCOME="${ram:-128} MiB guest: no kill while a disk six times RAM streamed; the 20 MiB/s leak killed by bustd, no kernel OOM"
EXTRA=",\"read_ms\":$read_ms,\"term_kib\":${term:-null},\"leak_sig\":\"$sig\",\"leak_avail_kib\":${at:-null}"
finish
