#!/bin/sh
# 15 zombie leader: a hog whose main thread has ended while a second
# thread holds all the memory.  /proc shows its leader as a zombie ('Z'),
# but the process is alive and is what eats the RAM: bustd must kill it
# (a real zombie beside it, one thread and no memory, never).
#vm mem=256 timeout=180
# shellcheck source=lib.sh
. /scenarios/lib.sh

start_bustd
start_heartbeat
start_bystander 20
# a real zombie: its parent (exec'd into sleep) never reaps it
spawn 0 /tmp/zombie.log sh -c 'sleep 0 & exec sleep 1000'
track zparent "$PID"
sleep 1

expect_bustd_kills 60 -n zlead -Z -s 2 -r 60
bustd_lines | grep -q "^bustd: kill pid=$HOG name=zlead " ||
	fail "the kill line does not name the zombie-leader hog"
bustd_lines | grep -q 'name=sleep ' && fail "bustd chose the zombie's parent"
expect_alive bystander
expect_alive heartbeat
OUTCOME="killed the zombie-leader hog (never the real zombie's parent); kernel OOM killer silent"
finish
