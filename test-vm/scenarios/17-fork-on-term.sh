#!/bin/sh
# 17 forks while being killed: with -g, a hog that answers each SIGTERM by
# forking a child to carry on (holding memory between the levels, so only
# the SIGKILL after the grace period can end it) dies with every child it
# forked meanwhile: the SIGKILL goes to the whole process group.
#vm mem=256 timeout=180
# shellcheck source=lib.sh
. /scenarios/lib.sh

start_bustd -g
start_heartbeat
start_bystander 20
sleep 1

limit=$(between_levels_mib)

t0=$(now_ms)
# its own process group, as a shell's job would be
spawn 0 /tmp/hog.log setsid hog -n forker -F -s 2 -l "$limit"
wait_dead "$PID" 60
HOG_MS=$((DEAD_MS - t0))
sleep 2
kids=$(sed -n 's/^hog\[\([0-9]*\)\]: forked on SIGTERM/\1/p' /tmp/hog.log)
[ -n "$kids" ] || fail "the hog forked no child on SIGTERM"
for p in $kids; do
	! alive "$p" || fail "child $p forked during the kill is alive"
done
bustd_lines | grep -q 'signal=SIGKILL' || fail "no SIGKILL"
[ "$(kernel_ooms)" -eq 0 ] || fail "kernel OOM killer fired"
expect_alive bystander
expect_alive heartbeat
EXTRA=",\"forked\":$(echo "$kids" | wc -w)"
OUTCOME="with -g, the group SIGKILL took the hog and every child it forked during the grace period"
finish
