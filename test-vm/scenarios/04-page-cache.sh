#!/bin/sh
# 04 page cache bigger than RAM: read a disk twice the size of the guest's
# RAM, twice. Clean cache is reclaimable, not a shortage: no kill at all.
#vm mem=256 big=1 timeout=240
# shellcheck source=lib.sh
. /scenarios/lib.sh

start_bustd
start_heartbeat
start_bystander 20
sleep 1

t0=$(now_ms)
spawn 0 /tmp/cachereader.log cachereader -p 2 /dev/vdb
reader=$PID
track cachereader "$reader"
wait_dead "$reader" 150
read_ms=$((DEAD_MS - t0))

[ "$TIMED_OUT" = 0 ] || fail "cachereader not done after 150 s"
[ "$DEAD_RC" = 0 ] || fail "cachereader exit status $DEAD_RC"
grep -q 'pass 2' /tmp/cachereader.log || fail "cachereader did not finish pass 2"
[ "$(bustd_lines | grep -c '^bustd: kill ')" -eq 0 ] || fail "bustd killed"
[ "$(kernel_ooms)" -eq 0 ] || fail "kernel OOM killer fired"
expect_alive bystander
expect_alive heartbeat
EXTRA=",\"read_ms\":$read_ms,\"read_mib\":$(($(blockdev --getsize64 /dev/vdb) >> 19))"
finish
