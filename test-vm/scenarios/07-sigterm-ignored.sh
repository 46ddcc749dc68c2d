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

limit=$(between_levels_mib)

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
OUTCOME="SIGTERM, then SIGKILL after the grace period; bystanders alive; kernel OOM killer silent"
finish
