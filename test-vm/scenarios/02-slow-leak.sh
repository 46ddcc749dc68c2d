#!/bin/sh
# 02 slow leak (~20 MiB/s): bustd kills the leak; no kernel OOM; the
# bystander and the heartbeat live on.
#vm mem=256
# shellcheck source=lib.sh
. /scenarios/lib.sh

start_bustd
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
expect_alive bystander
expect_alive heartbeat
finish
