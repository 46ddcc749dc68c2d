#!/bin/sh
# 31 memory pressure with free RAM: a job held to 16 MiB by its memory
# cgroup (cgroup v2 memory.high: reclaim and a throttling sleep past it,
# never an OOM kill) sweeps a 64 MiB file-backed working set with
# two readers while a loop of short-lived programs each allocates and
# frees 24 MiB (past the limit: the kernel makes them wait while it
# reclaims the job's cache, and sleep once over): the job thrashes and is
# throttled inside its limit, so tasks stall on memory
# well over bustd's -p level (the system-wide PSI counts them) while most
# of the guest's RAM is free.  The class of "killed while memory was mostly
# free" reports filed against PSI-only daemons: no kill at all.  Asserted
# too: the stall really passed 25 % in some second and free RAM stayed over
# 40 % of the total, or the scenario proves nothing.
#vm mem=256 timeout=180
# shellcheck source=lib.sh
. /scenarios/lib.sh

WS=/data/ws.dat
LIMIT_MIB=16
HOLD_S=${HOLD_S:-30}

start_bustd
start_heartbeat
start_bystander 20
total=$(mem_kib MemTotal)

cg=/sys/fs/cgroup
mounted() { grep -q " $1 cgroup2 " /proc/mounts; }
mounted $cg || mount -t cgroup2 none $cg || fail "cannot mount cgroup2"
echo +memory >$cg/cgroup.subtree_control || fail "no memory controller"
mkdir -p $cg/job
echo $((LIMIT_MIB << 20)) >$cg/job/memory.high || fail "cannot set memory.high"

# jobs: started from a shell that has joined the cgroup first, so every
# page they fault in is charged to it
spawn_job() { # name cmd...
	_n=$1
	shift
	# "0" moves the writer: echo is a builtin, so the subshell itself
	(echo 0 >/proc/self/oom_score_adj && echo 0 >$cg/job/cgroup.procs &&
		exec "$@") >"/tmp/$_n.log" 2>&1 &
	PID=$!
	track "$_n" "$PID"
}
sampler /tmp/sample &
samp=$!
ref0=$(vmstat_sum workingset_refault)
t0=$(now_ms)
for i in 1 2; do
	spawn_job "sweeper$i" wsreader -n "sweeper$i" "$WS"
done
spawn_job allocs sh -c 'while :; do dd if=/dev/zero of=/dev/null bs=24M count=1 2>/dev/null; done'
sleep "$HOLD_S"
held_ms=$(($(now_ms) - t0))
sleep 2 # a kill decided on the last readings is logged by now
kill "$samp" 2>/dev/null
read -r min_avail min_free max_stall </tmp/sample
cg_stall=$(sed -n 's/^some .*total=//p' $cg/job/memory.pressure)
cg_high=$(cat $cg/job/memory.high)
kill "$(pid_of allocs)" 2>/dev/null

[ "$(bustd_lines | grep -c '^bustd: kill ')" -eq 0 ] ||
	fail "bustd killed: $(bustd_lines | grep '^bustd: kill ' | head -n 1 |
		sed 's/ \(uid\|oom_score\|oom_score_adj\|total_kib\|swap_[a-z_]*\)=[^ ]*//g')"
[ "$(kernel_ooms)" -eq 0 ] || fail "kernel OOM killer fired"
[ "$max_stall" -ge 2500 ] ||
	fail "memory stall peaked at $((max_stall / 100)) % in a second, under 25 %: the scenario proves nothing"
[ "$min_free" -ge $((total * 2 / 5)) ] ||
	fail "free RAM fell to $min_free KiB, under 40 % of $total: not ample"
expect_alive sweeper1
expect_alive sweeper2
expect_alive bystander
expect_alive heartbeat
OUTCOME="no kill while a memory cgroup thrashes within its limit and most of RAM is free"
EXTRA=",\"limit_mib\":$LIMIT_MIB,\"memory_high\":$cg_high,\"held_ms\":$held_ms,\"min_avail_kib\":$min_avail,\"min_free_kib\":$min_free,\"max_stall_1s_pct\":$((max_stall / 100)).$((max_stall / 10 % 10))$((max_stall % 10)),\"cg_some_total_us\":${cg_stall:-null},\"refaults\":$(($(vmstat_sum workingset_refault) - ref0))"
finish
