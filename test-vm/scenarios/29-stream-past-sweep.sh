#!/bin/sh
# 29 stream past a swept working set: a "file" a quarter bigger than RAM
# (the big disk's first 5/4 of MemTotal, kept open so its cache and the
# kernel's record of evicted pages survive between passes) is read through
# the page cache twice, ROUNDS times over, while another program sweeps its
# 64 MiB file-backed working set (random pages) and a third holds 60 MiB.
# The stream's cache evicts the sweeper's pages, free RAM sits at the
# watermark and tasks stall re-reading them, refaults re-activate pages,
# yet over half of RAM stays available: no kill can relieve that stall, so
# bustd must kill nothing.  Run on every kernel of the matrix: on 5.10 (no
# MGLRU) bustd SIGKILLed such a sweeper on its pressure rule with half of
# RAM available.  stream_pct= and held_mib= on the kernel command line
# change the two sizes.
#vm mem=256 big=1 timeout=240
# shellcheck source=lib.sh
. /scenarios/lib.sh

ROUNDS=${ROUNDS:-3}
STREAM_PCT=${stream_pct:-125} # of MemTotal: the size of the "file" streamed
HELD_MIB=${held_mib:-60} # anonymous memory the bystander holds
WS=/data/ws.dat

start_bustd
start_heartbeat
start_bystander "$HELD_MIB"
spawn 0 /tmp/ws.log wsreader -n sweeper "$WS"
track sweeper "$PID"
ws_kib=$(($(wc -c <"$WS") / 1024))
wait_cached "$ws_kib"
sleep 1

stream_mib=$(($(mem_kib MemTotal) * STREAM_PCT / 100 / 1024))
sampler /tmp/sample &
samp=$!
ref0=$(vmstat_sum workingset_refault)
act0=$(vmstat_sum workingset_activate)
reads=''
r=1
while [ "$r" -le "$ROUNDS" ]; do
	t0=$(now_ms)
	spawn 0 "/tmp/cachereader$r.log" sh -c "exec 3</dev/vdb; for p in 1 2; do dd if=/dev/vdb of=/dev/null bs=1M count=$stream_mib 2>/dev/null && echo pass \$p; done"
	wait_dead "$PID" 100
	reads="${reads:+$reads,}$(($(now_ms) - t0))"
	[ "$TIMED_OUT" = 0 ] || fail "round $r: cachereader not done after 100 s"
	[ "$DEAD_RC" = 0 ] || fail "round $r: cachereader exit status $DEAD_RC"
	grep -q 'pass 2' "/tmp/cachereader$r.log" ||
		fail "round $r: cachereader did not finish pass 2"
	r=$((r + 1))
done
sleep 2 # a kill decided on the last readings is logged by now
kill "$samp" 2>/dev/null
read -r min_avail min_free max_stall </tmp/sample

[ "$(bustd_lines | grep -c '^bustd: kill ')" -eq 0 ] ||
	fail "bustd killed: $(bustd_lines | grep '^bustd: kill ' | head -n 1 |
		sed 's/ \(uid\|oom_score\|oom_score_adj\|total_kib\|swap_[a-z_]*\)=[^ ]*//g')"
[ "$(kernel_ooms)" -eq 0 ] || fail "kernel OOM killer fired"
expect_alive sweeper
expect_alive bystander
expect_alive heartbeat
OUTCOME="no kill while a file bigger than RAM streams twice past a swept file-backed working set"
EXTRA=",\"rounds\":$ROUNDS,\"stream_mib\":$stream_mib,\"held_mib\":$HELD_MIB,\"read_ms\":\"$reads\",\"min_avail_kib\":$min_avail,\"min_free_kib\":$min_free,\"max_stall_1s_pct\":$((max_stall / 100)).$((max_stall / 10 % 10))$((max_stall % 10)),\"refaults\":$(($(vmstat_sum workingset_refault) - ref0)),\"activations\":$(($(vmstat_sum workingset_activate) - act0))"
finish
