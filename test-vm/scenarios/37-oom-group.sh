#!/bin/sh
# 37 groups that die together: a cgroup v2 "job" with memory.oom.group = 1
# holds a hog and a small helper, both ignoring SIGTERM; a bystander lives
# outside it.  The kernel's OOM killer would kill the whole job; so must
# bustd: SIGTERM to each of the job's processes, then SIGKILL through
# cgroup.kill (Linux 5.14+); the hog and the helper die, the bystander
# lives, and the log says which group went ("group pid=HOG
# group=cgroup:/job via=cgroup.kill").
#vm mem=256 timeout=120
# shellcheck source=lib.sh
. /scenarios/lib.sh

cg=/sys/fs/cgroup
grep -q " $cg cgroup2 " /proc/mounts || mount -t cgroup2 none $cg ||
	fail "cannot mount cgroup2"
echo +memory >$cg/cgroup.subtree_control || fail "no memory controller"
mkdir -p $cg/job
echo 1 >$cg/job/memory.oom.group || fail "cannot set memory.oom.group"

# in_job NAME CMD...: started from a shell that has joined the job first
in_job() {
	_n=$1
	shift
	(echo 0 >/proc/self/oom_score_adj && echo 0 >$cg/job/cgroup.procs &&
		exec "$@") >"/tmp/$_n.log" 2>&1 &
	PID=$!
	track "$_n" "$PID"
}

start_bustd
start_bystander 20
in_job helper hog -n helper -T -l 4 -q
sleep 1
in_job hog hog -n hog -T -s 2 -r 100 -q
HOG=$PID
t0=$(now_ms)
wait_dead "$HOG" 60
HOG_MS=$((DEAD_MS - t0))
[ "$TIMED_OUT" = 0 ] || fail "hog alive after 60 s"
killed_by_bustd "$HOG" || fail "bustd did not kill the hog"
helper=$(pid_of helper)
_i=0
while alive "$helper" && [ $_i -lt 50 ]; do
	sleep 0.1
	_i=$((_i + 1))
done
alive "$helper" && fail "the helper in the hog's oom.group lived on"
line=$(bustd_lines | grep "^bustd: group pid=$HOG .*via=cgroup.kill" | head -n 1)
case $line in
*" group=cgroup:/job via=cgroup.kill") ;;
*) fail "no 'group pid=$HOG group=cgroup:/job via=cgroup.kill' line" ;;
esac
bustd_lines | grep -q "^bustd: kill pid=$HOG .*signal=SIGKILL" ||
	fail "no SIGKILL for the hog"
[ "$(kernel_ooms)" -eq 0 ] || fail "kernel OOM killer fired"
expect_alive bystander
OUTCOME="the hog and the helper in its memory.oom.group cgroup die together; the bystander outside lives"
EXTRA=",\"group_line\":$(json_str "${line#bustd: }")"
finish
