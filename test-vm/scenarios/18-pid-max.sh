#!/bin/sh
# 18 PIDs near pid_max: pid_max at its ceiling (4194304) and the next PIDs
# just below it, so the hog's PID has seven digits and the numbers wrap
# around during the test.  bustd must parse, pin and kill it like any other.
#vm mem=256 timeout=180
# shellcheck source=lib.sh
. /scenarios/lib.sh

echo 4194304 >/proc/sys/kernel/pid_max || fail "cannot raise pid_max"
start_bustd
start_heartbeat
start_bystander 20
sleep 1
echo 4194290 >/proc/sys/kernel/ns_last_pid || fail "cannot set ns_last_pid"

expect_bustd_kills 60 -s 4
[ "$HOG" -gt 4194290 ] || fail "hog PID $HOG is not near pid_max"
expect_alive bystander
expect_alive heartbeat
EXTRA=",\"hog_pid\":$HOG"
OUTCOME="pinned and killed a hog with a seven-digit PID just below pid_max"
finish
