#!/bin/sh
# 34 no pidfd (Linux 4.x): bustd under nosys --pidfd, a seccomp filter
# making pidfd_open, pidfd_send_signal and process_mrelease fail ENOSYS.
# Without a pidfd it signals by PID after the start-time check, and sees
# its victim exit by /proc, not by a pidfd polling readable.  Two cases in
# one guest: 07's hog that ignores SIGTERM between the levels (SIGTERM,
# then SIGKILL after the grace period), then 01's fast hog.  lib.sh's
# finish checks that bustd ran under the filter and never held a pidfd.
# The PID-reuse half is tests/faults.sh's pid-reuse-nopidfd.
#vm mem=256 timeout=180
BUSTD_NOSYS=--pidfd
# shellcheck source=lib.sh
. /scenarios/lib.sh

start_bustd
start_heartbeat
start_bystander 20
sleep 1

# 07: SIGTERM ignored
limit=$(between_levels_mib)
t0=$(now_ms)
spawn 0 /tmp/stubborn.log hog -n stubborn -T -s 2 -l "$limit"
stub=$PID
wait_dead "$stub" 60
stub_ms=$((DEAD_MS - t0))
[ "$TIMED_OUT" = 0 ] || fail "stubborn alive after 60 s"
bustd_lines | grep -q "^bustd: kill pid=$stub .*signal=SIGTERM" ||
	fail "no SIGTERM to the stubborn hog first"
bustd_lines | grep -q "^bustd: kill pid=$stub .*signal=SIGKILL" ||
	fail "no SIGKILL escalation"
wait_line "$BUSTD_LOG" "^bustd: exited pid=$stub " 10 ||
	fail "no exited line for the stubborn hog"
sleep 2 # memory back above the levels

# 01: fast hog
expect_bustd_kills 60 -n hog
wait_line "$BUSTD_LOG" "^bustd: exited pid=$HOG " 10 || fail "no exited line for the hog"

sleep 1
expect_alive bystander
expect_alive heartbeat
EXTRA="$EXTRA,\"stubborn_ms\":$stub_ms,\"hold_mib\":$limit"
OUTCOME="without pidfd: the hog that ignores SIGTERM gets SIGKILL after the grace period, the fast hog is killed; bystanders alive; kernel OOM killer silent"
finish
