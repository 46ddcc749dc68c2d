#!/bin/sh
# 16 frozen victim: the biggest process is frozen (cgroup v1 freezer), so
# it cannot act on any signal, SIGKILL included, as a process stuck in
# uninterruptible sleep.  A second hog grows slowly beside it.  bustd must
# SIGTERM, then SIGKILL the frozen one (process_mrelease still returns its
# memory), give up on it after 5 s ("did not exit after SIGKILL"), and
# kill the grower next; never signal the frozen one again, never crash.
#vm mem=256 timeout=240
# shellcheck source=lib.sh
. /scenarios/lib.sh

fz=/tmp/freezer
mkdir -p "$fz" && mount -t cgroup -o freezer freezer "$fz"
mkdir -p "$fz/ice"
[ -e "$fz/ice/freezer.state" ] || fail "no cgroup v1 freezer in this kernel"

start_bustd
start_heartbeat
start_bystander 20
sleep 1

spawn 0 /tmp/frozen.log hog -n frozen -s 4 -l 100
frozen=$PID
track frozen "$frozen"
wait_line /tmp/frozen.log 'holding' 60 || fail "frozen hog did not reach 100 MiB"
echo "$frozen" >"$fz/ice/cgroup.procs"
echo FROZEN >"$fz/ice/freezer.state"
sleep 1
grep -q FROZEN "$fz/ice/freezer.state" || fail "could not freeze the hog"

t0=$(now_ms)
spawn 0 /tmp/grower.log hog -n grower -s 1 -r 8
grower=$PID
wait_dead "$grower" 150
HOG_MS=$((DEAD_MS - t0))
[ "$TIMED_OUT" = 0 ] || fail "grower alive after 150 s"

bustd_lines | grep -q "^bustd: kill pid=$frozen .*signal=SIGKILL" ||
	fail "frozen hog was not SIGKILLed"
bustd_lines | grep -q "^bustd: warning: did not exit after SIGKILL pid=$frozen " ||
	fail "no 'did not exit after SIGKILL' for the frozen hog"
killed_by_bustd "$grower" || fail "bustd did not kill the grower"
n=$(bustd_lines | grep -c "^bustd: kill pid=$frozen ")
[ "$n" -le 2 ] || fail "frozen hog signalled $n times"
[ "$(kernel_ooms)" -eq 0 ] || fail "kernel OOM killer fired"
expect_alive bystander
expect_alive heartbeat
# thaw: the pending SIGKILL ends it now
echo THAWED >"$fz/ice/freezer.state"
sleep 1
alive "$frozen" && fail "frozen hog survived its SIGKILL once thawed"
EXTRA=",\"frozen_signals\":$n"
OUTCOME="SIGTERM, then SIGKILL, 'did not exit after SIGKILL' after 5 s, then killed the next hog; the frozen one was signalled no more; kernel OOM killer silent"
finish
