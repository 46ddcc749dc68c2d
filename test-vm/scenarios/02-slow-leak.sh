#!/bin/sh
# 02 slow leak (~20 MiB/s): bustd kills the leak; no kernel OOM; the
# bystander and the heartbeat live on.  The -N hook runs after the kill
# with the victim in its environment.
#vm mem=256
# shellcheck source=lib.sh
. /scenarios/lib.sh

# shellcheck disable=SC2016 # expanded by the hook's shell, not this one
start_bustd -N 'echo "$BUSTD_PID $BUSTD_NAME $BUSTD_UID $BUSTD_RSS_KIB" >/tmp/hook.out'
start_heartbeat
spawn 0 /tmp/bystander.log bystander -m 20 -n bystander
track bystander "$PID"
sleep 1

t0=$(now_ms)
spawn 0 /tmp/hog.log hog -n leak -s 1 -r 20
hog=$PID
wait_dead "$hog" 90
HOG_MS=$((DEAD_MS - t0))

[ "$TIMED_OUT" = 0 ] || fail "leak alive after 90 s"
killed_by_bustd "$hog" || fail "bustd did not kill the leak"
[ "$(kernel_ooms)" -eq 0 ] || fail "kernel OOM killer fired"
sleep 1
read -r h_pid h_name h_uid h_rss 2>/dev/null </tmp/hook.out || fail "the -N hook did not run"
[ "$h_pid $h_name $h_uid" = "$hog leak 0" ] ||
	fail "hook saw '$h_pid $h_name $h_uid', want '$hog leak 0'"
[ "${h_rss:-0}" -gt 1024 ] || fail "hook saw BUSTD_RSS_KIB=${h_rss:-}"
expect_alive bystander
expect_alive heartbeat
finish
