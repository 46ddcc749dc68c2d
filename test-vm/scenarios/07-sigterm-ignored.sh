#!/bin/sh
# 07 SIGTERM ignored: a hog that ignores SIGTERM holds memory between the
# TERM and KILL levels, so only the escalation after the grace period can
# end it: bustd must follow up with SIGKILL.
#vm mem=256 timeout=180
# shellcheck source=lib.sh
. /scenarios/lib.sh

start_bustd
start_heartbeat
start_bystander 20
sleep 1

total=$(mem_kib MemTotal)
mid=$((total * 3 / 40)) # halfway between the default 10% and 5% levels
limit=$((($(mem_kib MemAvailable) - mid) / 1024))

t0=$(now_ms)
spawn 0 /tmp/hog.log hog -n stubborn -T -s 2 -l "$limit"
hog=$PID
wait_dead "$hog" 60
HOG_MS=$((DEAD_MS - t0))

[ "$TIMED_OUT" = 0 ] || fail "stubborn alive after 60 s"
bustd_lines | grep -q "^bustd: kill pid=$hog .*signal=SIGTERM" ||
	fail "no SIGTERM to the hog first"
bustd_lines | grep -q "^bustd: kill pid=$hog .*signal=SIGKILL" ||
	fail "no SIGKILL escalation"
[ "$(kernel_ooms)" -eq 0 ] || fail "kernel OOM killer fired"
expect_alive bystander
expect_alive heartbeat
EXTRA=",\"hold_mib\":$limit"
finish
