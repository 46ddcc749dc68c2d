#!/bin/sh
# 08 process group: with -g, a forking hog family dies together, its
# leader (which only waits, and is small) included.
#vm mem=256 timeout=180
# shellcheck source=lib.sh
. /scenarios/lib.sh

start_bustd -g
start_heartbeat
start_bystander 20
sleep 1

t0=$(now_ms)
spawn 0 /tmp/hog.log hog -n hogfam -f 3 -s 2 -r 30
leader=$PID
sleep 1
family=''
for s in /proc/[0-9]*/stat; do
	read -r line <"$s" 2>/dev/null || continue
	# shellcheck disable=SC2086 # fields: pid (comm) state ppid pgrp ...
	set -- $line
	[ "$5" = "$leader" ] && [ "$1" != "$leader" ] && family="$family $1"
done
# shellcheck disable=SC2086
set -- $family
[ $# = 3 ] || fail "family is '$family', want 3 children"

wait_dead "$leader" 60
HOG_MS=$((DEAD_MS - t0))
[ "$TIMED_OUT" = 0 ] || fail "leader alive after 60 s"
sleep 1
for p in $family; do
	! alive "$p" || fail "child $p alive"
done
killed=''
for p in $leader $family; do
	killed_by_bustd "$p" && killed=1
done
[ -n "$killed" ] || fail "bustd did not kill the family"
[ "$(kernel_ooms)" -eq 0 ] || fail "kernel OOM killer fired"
expect_alive bystander
expect_alive heartbeat
finish
