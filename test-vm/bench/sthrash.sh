#!/bin/sh
# sthrash: scenario 24's workload under bench_daemon: two readers sweep a
# 64 MiB file-backed working set (random pages, flat out for the first
# DUTY ms of every 100 ms, in step: mild 17, moderate 35, severe 70, as
# in scenario 24, for about 10, 20 and 40 % stall) and a hog grows to where
# only 48 MiB of the set fits in the page cache, then holds its memory.
# The readers are stopped while the hog grows and go on when it holds: the
# thrash starts with the hold. Nothing runs out (MemAvailable stays above
# twice the TERM level): only a rule on the memory stall can end it. Per
# hold (bench_runs per intensity): the time from the hold's start to the
# hog's death (bench_limit s at most, then the script kills it), who
# killed what (the daemon's first signal in that time: name and reason),
# and the stall share over the hold (PSI some).
# shellcheck source=benchlib.sh
. /scenarios/benchlib.sh

RUNS=$(barg bench_runs 3)
LIMIT_S=$(barg bench_limit 20)
WS=/data/ws.dat
CASES="mild:17 moderate:35 severe:70"
ROOM=48

start_daemon
start_heartbeat
ws_kib=$(($(wc -c <"$WS") / 1024))
readers=''
psi_some() { sed -n 's/^some .*total=//p' /proc/pressure/memory; }

runs=''
for c in $CASES; do
	label=${c%%:*} duty=${c#*:}
	start_swept_set "$duty"
	n=0
	while [ $n -lt "$RUNS" ]; do
		n=$((n + 1))
		cat "$WS" >/dev/null
		wait_cached "$ws_kib"
		sleep 2
		limit=$((($(mem_kib MemAvailable) - ROOM * 1024) / 1024))
		rm -f /tmp/hog.log
		n0=$(daemon_kill_lines | wc -l)
		dmesg -c >/dev/null
		# shellcheck disable=SC2086 # a list of PIDs
		kill -STOP $readers
		spawn 0 /tmp/hog.log hog -n hog -s 4 -l "$limit"
		hog=$PID
		i=0
		while ! grep -q holding /tmp/hog.log 2>/dev/null && alive "$hog" && [ $i -lt 150 ]; do
			sleep 0.2
			i=$((i + 1))
		done
		# shellcheck disable=SC2086
		kill -CONT $readers
		t_hold=$(now_ms)
		s_hold=$(psi_some)
		wait_dead "$hog" "$LIMIT_S"
		held=$((DEAD_MS - t_hold))
		stall=$((($(psi_some) - s_hold) / (held + 1)))
		grep -q holding /tmp/hog.log 2>/dev/null || held=0 # killed while growing
		fl=$(daemon_kill_lines | sed -n "$((n0 + 1))p")
		fname=$(kill_line_name "$fl") fpid=$(kill_line_pid "$fl")
		why=$(echo "$fl" | sed -n 's/.* reason=\([a-z]*\).*/\1/p')
		sig=$(echo "$fl" | sed -n 's/.*signal=\(SIG[A-Z]*\) .*/\1/p; s/^sending \(SIG[A-Z]*\) .*/\1/p')
		kk=$(kernel_killed "$hog")
		killer=none
		if [ "$kk" = 1 ]; then killer=kernel
		elif [ "$fpid" = "$hog" ]; then killer=$DAEMON
		elif [ -n "$fpid" ]; then killer="$DAEMON (other)"
		fi
		[ "$TIMED_OUT" = 0 ] || killer=timeout
		echo "RUN $label $n: limit=${limit}MiB held=${held}ms stall=${stall} killer=$killer first=$fl"
		runs="$runs${runs:+,}{\"label\":\"$label\",\"duty\":$duty,\"hog_mib\":$limit,\"held_ms\":$held,\"timed_out\":$TIMED_OUT,\"stall_permille\":$stall,\"killer\":$(json_str "$killer"),\"victim\":$(json_str "$fname"),\"victim_is_hog\":$([ "$fpid" = "$hog" ] && echo true || echo false),\"sig\":$(json_str "$sig"),\"reason\":$(json_str "$why"),\"kernel_oom\":$(kernel_ooms)}"
		sleep 3 # hold-off and the cache's refill
	done
done
for p in $readers; do alive "$p" || fail "a reader died"; done
dalive=true
[ -z "$DPID" ] || alive "$DPID" || dalive=false
sed 's/^/LOG /' "$DLOG" | grep -v '^LOG \(mem avail\|low memory\|process exited\)' | head -n 20
emit ",\"bench\":\"sthrash\",\"limit_s\":$LIMIT_S,\"mem_kib\":$(mem_kib MemTotal),\"daemon_alive\":$dalive,\"hb_worst_ms\":$(cat "$HB_FILE" 2>/dev/null || echo null),\"runs\":[$runs]"
