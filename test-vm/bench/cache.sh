#!/bin/sh
# cache: stream a disk twice the guest's RAM through the page cache, twice
# (as scenario 04). Clean cache is no shortage: any kill is a false kill.
# shellcheck source=benchlib.sh
. /scenarios/benchlib.sh

start_daemon
start_heartbeat
spawn 0 /tmp/bystander.log bystander -m 20 -n bystander
track bystander "$PID"
sleep 1
t0=$(now_ms)
spawn 0 /tmp/cachereader.log cachereader -p 2 /dev/vdb
reader=$PID
wait_dead "$reader" 150
[ "$TIMED_OUT" = 0 ] || fail "cachereader not done after 150 s"
grep -q 'pass 2' /tmp/cachereader.log || fail "cachereader did not finish pass 2"
sed 's/^/LOG /' "$DLOG" | head -n 10
emit ",\"bench\":\"cache\",\"read_ms\":$((DEAD_MS - t0)),\"read_mib\":$(($(blockdev --getsize64 /dev/vdb) >> 19)),\"daemon_signals\":$(daemon_signals),\"daemon_kills\":$(daemon_kill_pids | wc -l),\"kernel_oom\":$(kernel_ooms),\"hb_worst_ms\":$(cat "$HB_FILE")"
