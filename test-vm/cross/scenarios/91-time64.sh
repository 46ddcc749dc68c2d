#!/bin/sh
# 91 time64 (cross guests only): bustd as on a 32-bit kernel older than 5.1
# (OpenWrt 19.07 runs 4.14), where the ppoll_time64 and clock_gettime64
# calls that musl 1.2 uses fail with ENOSYS (nosys --time64, a seccomp
# filter; qemu-user refuses seccomp, hence a guest).  bustd must fall back
# to the 32-bit calls: its clock runs (a status line every second), it
# does not spin (CPU time over 3 idle seconds), and it ends a fast hog with
# SIGTERM and sees it exit.  Its -N hook starts at bustd's starting
# oom_score_adj (0), not the -1000 bustd gave itself, with SIGPIPE and
# SIGHUP not ignored.  On aarch64, which has no time64 calls, bustd runs
# without the filter and the rest is checked.
#vm mem=256
# shellcheck source=../../scenarios/lib.sh
. /scenarios/lib.sh

if nosys --time64 true 2>/dev/null; then
	printf '#!/bin/sh\nexec nosys --time64 /sbin/bustd "$@"\n' >/tmp/bustd-time32
	chmod +x /tmp/bustd-time32
	# shellcheck disable=SC2034 # lib.sh's start_bustd runs it
	BUSTD=/tmp/bustd-time32
	EXTRA=',"time64":"ENOSYS"'
else
	EXTRA=',"time64":"none on this architecture"'
fi

# shellcheck disable=SC2016 # expanded by the hook's shell
start_bustd -r 1 -N '{ cat /proc/self/oom_score_adj; grep "^SigIgn:" /proc/self/status; } >/tmp/hook.tmp; mv /tmp/hook.tmp /tmp/hook.out'
sleep 1
# shellcheck disable=SC2046 # two numbers
set -- $(cost_snap "$BUSTD_PID")
c0=$2
n0=$(bustd_lines | grep -c '^bustd: status')
sleep 3
# shellcheck disable=SC2046 # two numbers
set -- $(cost_snap "$BUSTD_PID")
cpu_ms=$((($2 - c0) / 1000000))
status=$(($(bustd_lines | grep -c '^bustd: status') - n0))
EXTRA="$EXTRA,\"idle_cpu_ms\":$cpu_ms,\"status_lines_3s\":$status"
[ "$cpu_ms" -lt 1000 ] || fail "bustd used $cpu_ms ms of CPU in 3 idle seconds (spinning?)"
[ "$status" -ge 2 ] || fail "$status status lines in 3 s with -r 1 (clock stuck?)"

expect_bustd_kills 60 -n hog
bustd_lines | grep -q "^bustd: kill pid=$HOG .*signal=SIGTERM" ||
	fail "the hog's first signal was not SIGTERM"
wait_line "$BUSTD_LOG" "^bustd: exited pid=$HOG " 10 || fail "no exited line for the hog"

wait_line /tmp/hook.out SigIgn 10 || fail "the hook did not run"
adj=$(sed -n 1p /tmp/hook.out 2>/dev/null)
ign=$(sed -n 's/^SigIgn:\s*//p' /tmp/hook.out 2>/dev/null)
EXTRA="$EXTRA,\"hook_adj\":\"$adj\",\"hook_sigign\":\"$ign\""
[ "$adj" = 0 ] || fail "the hook ran at oom_score_adj '$adj', not bustd's starting 0"
[ $((0x${ign:-0} & 0x1001)) = 0 ] || fail "the hook has SIGPIPE or SIGHUP ignored ($ign)"
finish
