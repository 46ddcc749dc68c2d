#!/bin/sh
# 30 I/O-bound on a slow disk: every disk of the guest throttled to 16 MiB/s
# (QEMU's throttling.bps-total), four readers stream the big disk through
# the page cache in parallel while another program sweeps its 64 MiB
# file-backed working set, whose evicted pages come back over the same slow
# storage.  Tasks wait on I/O and on re-reading those pages; memory stays
# mostly available: no kill can make the disk faster, so bustd must kill
# nothing.
#vm mem=256 big=1 throttle=16777216 timeout=240
# shellcheck source=lib.sh
. /scenarios/lib.sh

WS=/data/ws.dat
READERS=4

start_bustd
start_heartbeat
start_bystander 20
spawn 0 /tmp/ws.log wsreader -n sweeper "$WS"
track sweeper "$PID"
ws_kib=$(($(wc -c <"$WS") / 1024))
wait_cached "$ws_kib"
sleep 1

disk_mib=$(($(blockdev --getsize64 /dev/vdb) >> 20))
part=$((disk_mib / READERS))
sampler /tmp/sample &
samp=$!
ref0=$(vmstat_sum workingset_refault)
t0=$(now_ms)
pids=''
i=0
while [ "$i" -lt "$READERS" ]; do
	spawn 0 "/tmp/reader$i.log" dd if=/dev/vdb of=/dev/null bs=256k \
		skip=$((i * part * 4)) count=$((part * 4))
	pids="$pids $PID"
	i=$((i + 1))
done
i=0
for p in $pids; do
	wait_dead "$p" 150
	[ "$TIMED_OUT" = 0 ] || fail "reader $i not done after 150 s"
	[ "$DEAD_RC" = 0 ] || fail "reader $i exit status $DEAD_RC"
	i=$((i + 1))
done
read_ms=$(($(now_ms) - t0))
sleep 2 # a kill decided on the last readings is logged by now
kill "$samp" 2>/dev/null
read -r min_avail min_free max_stall </tmp/sample

[ "$(bustd_lines | grep -c '^bustd: kill ')" -eq 0 ] ||
	fail "bustd killed: $(bustd_lines | grep '^bustd: kill ' | head -n 1 |
		sed 's/ \(uid\|oom_score\|oom_score_adj\|total_kib\|swap_[a-z_]*\)=[^ ]*//g')"
[ "$(kernel_ooms)" -eq 0 ] || fail "kernel OOM killer fired"
expect_alive sweeper
expect_alive bystander
expect_alive heartbeat
OUTCOME="no kill while an I/O-bound job streams a throttled disk past a swept file-backed working set"
EXTRA=",\"read_mib\":$disk_mib,\"read_ms\":$read_ms,\"min_avail_kib\":$min_avail,\"min_free_kib\":$min_free,\"max_stall_1s_pct\":$((max_stall / 100)).$((max_stall / 10 % 10))$((max_stall % 10)),\"refaults\":$(($(vmstat_sum workingset_refault) - ref0)),\"io_some_total_us\":$(sed -n 's/^some .*total=//p' /proc/pressure/io)"
finish
