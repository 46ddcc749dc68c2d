#!/bin/sh
# 19 stopped victim: the biggest process is stopped (SIGSTOP, as under a
# debugger or ^Z) when memory falls between the levels.  A SIGTERM stays
# pending in a stopped process; bustd must follow with SIGKILL after the
# grace period, which ends it.
#vm mem=256 timeout=180
# shellcheck source=lib.sh
. /scenarios/lib.sh

start_bustd
start_heartbeat
start_bystander 20
sleep 1

# The big hog stops while memory is still above the TERM level; a small
# one then pushes it between the levels, and the stopped one is the
# biggest process there.
term=$(($(mem_kib MemTotal) / 10))
big=$((($(mem_kib MemAvailable) - term) / 1024 - 20))
t0=$(now_ms)
spawn 0 /tmp/hog.log hog -n stopped -s 2 -l "$big"
hog=$PID
wait_line /tmp/hog.log holding 60 || fail "hog did not reach $big MiB"
kill -STOP "$hog"
spawn 0 /tmp/pusher.log hog -n pusher -T -s 1 -l 26
wait_dead "$hog" 60
HOG_MS=$((DEAD_MS - t0))
[ "$TIMED_OUT" = 0 ] || fail "stopped hog alive after 60 s"
bustd_lines | grep -q "^bustd: kill pid=$hog .*signal=SIGTERM" || fail "no SIGTERM first"
bustd_lines | grep -q "^bustd: kill pid=$hog .*signal=SIGKILL" || fail "no SIGKILL"
[ "$(kernel_ooms)" -eq 0 ] || fail "kernel OOM killer fired"
expect_alive bystander
expect_alive heartbeat
OUTCOME="SIGTERM stayed pending; SIGKILL after the grace period ended it"
finish
