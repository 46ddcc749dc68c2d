#!/bin/sh
# 09 no PSI: the kernel is booted with psi=0. bustd says so and still
# kills a fast hog on its memory levels alone.
#vm mem=256 append=psi=0
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

grep -q PSI "$BUSTD_LOG" || fail "no PSI warning on stderr"
[ "$TIMED_OUT" = 0 ] || fail "hog alive after 60 s"
killed_by_bustd "$hog" || fail "bustd did not kill the hog"
[ "$(kernel_ooms)" -eq 0 ] || fail "kernel OOM killer fired"
expect_alive bystander
expect_alive heartbeat
finish
