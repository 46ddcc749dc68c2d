#!/bin/sh
# 38 no pidfd, PID reused (Linux 4.x): bustd under nosys --pidfd SIGTERMs a
# hog that ignores it; bustd is then stopped (SIGSTOP) through its grace
# period while the hog is killed, reaped, and its PID handed to a small
# stranger (ns_last_pid; oom_score_adj -1000), and a -1000 keeper holds
# the hog's memory so the shortage goes on.  Resumed, bustd must see its
# victim as exited (the start time in /proc/PID/stat differs) and must
# not send the SIGKILL it owes the hog to the stranger.  Without the
# start-time check it does.
#vm mem=256 timeout=150
BUSTD_NOSYS=--pidfd
# shellcheck source=lib.sh
. /scenarios/lib.sh

start_bustd --grace 5000
limit=$(between_levels_mib)
# The hog holds just above the TERM level, and a slow -1000 pusher takes
# memory between the levels: a slow fall, so that the SIGKILL waits for
# the grace period and not for a fall rate's look-ahead.
spawn 0 /tmp/stubborn.log hog -n stubborn -T -s 2 -r 40 -l $((limit - 12))
h=$PID
_i=0
while [ $_i -lt 150 ]; do
	_rss=$(sed -n 's/^VmRSS:[^0-9]*\([0-9]*\).*/\1/p' /proc/"$h"/status)
	[ "${_rss:-0}" -ge $(((limit - 12) * 1000)) ] && break
	sleep 0.1
	_i=$((_i + 1))
done
sleep 1
bustd_lines | grep -q '^bustd: kill ' && fail "setup: a kill before the push"
spawn -1000 /tmp/pusher.log hog -n pusher -s 1 -r 4 -l 12
pusher=$PID
wait_line "$BUSTD_LOG" "^bustd: kill pid=$h .*signal=SIGTERM" 30 ||
	fail "no SIGTERM to the stubborn hog"
kill -STOP "$BUSTD_PID"
bustd_lines | grep -q "^bustd: kill pid=$h .*signal=SIGKILL" &&
	fail "setup: SIGKILL came before bustd was stopped"

kill -KILL "$h"
wait "$h" 2>/dev/null
# the keeper: the hog's memory, held where bustd may not take it
spawn -1000 /tmp/keeper.log bystander -m $((limit - 12)) -n keeper
keeper=$PID
_i=0
while [ $_i -lt 100 ]; do
	_rss=$(sed -n 's/^VmRSS:[^0-9]*\([0-9]*\).*/\1/p' /proc/"$keeper"/status)
	[ "${_rss:-0}" -ge $(((limit - 12) * 1000)) ] && break
	sleep 0.1
	_i=$((_i + 1))
done
# the stranger: the hog's PID (lib.sh's pidfd watcher forks too: retry),
# at -1000 so that no new choice of bustd's may signal it either
_try=0 stranger=''
while [ $_try -lt 10 ]; do
	echo $((h - 1)) >/proc/sys/kernel/ns_last_pid
	spawn -1000 /tmp/stranger.log bystander -m 1 -n stranger
	[ "$PID" = "$h" ] && { stranger=$PID; break; }
	kill -KILL "$PID"
	wait "$PID" 2>/dev/null
	_try=$((_try + 1))
done
[ -n "$stranger" ] || fail "setup: the hog's PID $h never went to the stranger"
track stranger "$h"
sleep 5 # past the grace period, which runs on while bustd is stopped
kill -CONT "$BUSTD_PID"

wait_line "$BUSTD_LOG" "^bustd: exited pid=$h name=stubborn" 5 ||
	fail "bustd did not see its victim exit (PID $h now the stranger's)"
sleep 1
bustd_lines | grep -q "^bustd: kill pid=$h name=stubborn .*signal=SIGKILL" &&
	fail "SIGKILL meant for the hog sent to the stranger"
expect_alive stranger
kill "$keeper" "$pusher" # end the shortage
wait "$keeper" "$pusher" 2>/dev/null
EXTRA="$EXTRA,\"hold_mib\":$limit,\"pid\":$h,\"stranger_tries\":$_try"
OUTCOME="without pidfd: the victim's PID reused while bustd was stopped: seen as exited, the stranger not signalled"
finish
