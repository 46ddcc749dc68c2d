#!/bin/sh
# 90 signals (cross guests only): SIGUSR1 logs a status line and SIGTERM
# ends bustd with status 0.  The return from a signal handler is the most
# architecture-specific path bustd has (restorer, vDSO trampoline), and
# qemu-user emulates it rather than running the kernel's.
#vm mem=128 root=1 timeout=60
# shellcheck source=../../scenarios/lib.sh
. /scenarios/lib.sh

start_bustd
kill -USR1 "$BUSTD_PID"
sleep 1
alive "$BUSTD_PID" || fail "bustd died on SIGUSR1"
bustd_lines | grep -q '^bustd: status' || fail "no status line after SIGUSR1"
kill -TERM "$BUSTD_PID"
wait_dead "$BUSTD_PID" 10
[ "$TIMED_OUT" = 0 ] || fail "bustd still running 10 s after SIGTERM"
[ "$DEAD_RC" = 0 ] || fail "bustd exit status $DEAD_RC after SIGTERM"
bustd_lines | grep -q 'exit on SIGTERM' || fail "no 'exit on SIGTERM' line"
BUSTD_PID=''
finish
