#!/bin/sh
# 14 --dry-run through syslog: bustd only says what it would do, on
# /dev/log (BusyBox syslogd here); nothing is signalled, the -N hook never
# runs, and the kernel's OOM killer, left alone, ends the hog.
#vm mem=256
# shellcheck source=lib.sh
. /scenarios/lib.sh

syslogd -n -O "$SYSLOG_FILE" &
sleep 0.5
LOG_SOURCE=syslog
start_bustd --dry-run --syslog -N 'touch /tmp/hook.ran'

t0=$(now_ms)
spawn 0 /tmp/hog.log hog -n hog
hog=$PID
wait_dead "$hog" 60
HOG_MS=$((DEAD_MS - t0))

[ "$TIMED_OUT" = 0 ] || fail "hog alive after 60 s"
bustd_lines | grep -q "^bustd: start .* dry-run" || fail "no start line in syslog"
bustd_lines | grep -q "^bustd: would kill pid=$hog name=hog " ||
	fail "no 'would kill' line for the hog in syslog"
! bustd_lines | grep -q '^bustd: kill ' || fail "a signal was sent in --dry-run"
[ "$(kernel_ooms)" -gt 0 ] || fail "the kernel's OOM killer did not end the hog"
[ ! -e /tmp/hook.ran ] || fail "the -N hook ran in --dry-run"
finish
