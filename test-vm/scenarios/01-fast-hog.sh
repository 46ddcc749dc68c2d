#!/bin/sh
# 01 fast hog, no swap: bustd kills the hog before the kernel OOM killer
# fires; the bystander and the heartbeat live on.
#vm mem=256
# shellcheck source=lib.sh
. /scenarios/lib.sh

start_bustd
start_heartbeat
spawn 0 /tmp/bystander.log bystander -m 20 -n bystander
track bystander "$PID"
sleep 1

t0=$(now_ms)
spawn 0 /tmp/hog.log hog -n hog
hog=$PID
wait_dead "$hog" 60
HOG_MS=$((DEAD_MS - t0))

[ "$TIMED_OUT" = 0 ] || fail "hog alive after 60 s"
killed_by_bustd "$hog" || fail "bustd did not kill the hog"
[ "$(kernel_ooms)" -eq 0 ] || fail "kernel OOM killer fired"
sleep 1
expect_alive bystander
expect_alive heartbeat
finish
