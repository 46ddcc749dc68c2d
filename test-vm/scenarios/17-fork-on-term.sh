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
hog=$PID
wait_dead "$hog" 60
HOG_MS=$((DEAD_MS - t0))
# the watchdog's SIGKILL is not bustd's
[ "$TIMED_OUT" = 0 ] || fail "the hog alive after 60 s"
sleep 2
kids=$(sed -n 's/^hog\[\([0-9]*\)\]: forked on SIGTERM/\1/p' /tmp/hog.log)
[ -n "$kids" ] || fail "the hog forked no child on SIGTERM"
for p in $kids; do
	! alive "$p" || fail "child $p forked during the kill is alive"
done
# bustd's SIGKILL went to the hog's family (the hog or a child it forked),
# and no kill line names anyone else
family=" $hog $(echo "$kids" | tr '\n' ' ')"
sigkill=no others=''
for p in $(bustd_lines | sed -n 's/^bustd: kill pid=\([0-9]*\) .*signal=SIGKILL .*/\1/p'); do
	case $family in *" $p "*) sigkill=yes ;; esac
done
for p in $(bustd_lines | sed -n 's/^bustd: kill pid=\([0-9]*\) .*/\1/p'); do
	case $family in *" $p "*) ;; *) others="$others $p" ;; esac
done
[ "$sigkill" = yes ] || fail "no SIGKILL for the hog or its children"
[ -z "$others" ] || fail "bustd signalled outside the hog's family:$others"
[ "$(kernel_ooms)" -eq 0 ] || fail "kernel OOM killer fired"
expect_alive bystander
expect_alive heartbeat
EXTRA=",\"forked\":$(echo "$kids" | wc -w)"
OUTCOME="with -g, the group SIGKILL took the hog and every child it forked during the grace period"
finish
