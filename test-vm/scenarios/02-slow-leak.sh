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
start_bystander 20
sleep 1

expect_bustd_kills 90 -n leak -s 1 -r 20
sleep 1
read -r h_pid h_name h_uid h_rss 2>/dev/null </tmp/hook.out || fail "the -N hook did not run"
[ "$h_pid $h_name $h_uid" = "$HOG leak 0" ] ||
	fail "hook saw '$h_pid $h_name $h_uid', want '$HOG leak 0'"
[ "${h_rss:-0}" -gt 1024 ] || fail "hook saw BUSTD_RSS_KIB=${h_rss:-}"
expect_alive bystander
expect_alive heartbeat
finish
