#!/bin/sh
# 11 sustained thrash without swap: two readers keep a file-backed working
# set in use (random pages, as programs reuse theirs); a hog leaks at
# 10 MiB/s until only about half of it fits in the page cache, then holds.
# Memory never "runs out" (file pages count as available) and the kernel's
# OOM killer never fires: the guest just crawls, re-reading the file. bustd
# must see the stall and kill the hog. The working set (build.sh WS_MIB,
# 64) stays under a third of RAM, so the hog is the biggest process by any
# measure from the moment the thrashing starts.
#vm mem=256 timeout=240
# shellcheck source=lib.sh
. /scenarios/lib.sh

BOUND_S=30 # from the hog reaching its hold size to its death
WS=/data/ws.dat

start_bustd
start_heartbeat
for i in 1 2; do
	spawn 0 "/tmp/ws$i.log" wsreader -n "wsreader$i" "$WS"
	track "wsreader$i" "$PID"
done
ws_kib=$(($(wc -c <"$WS") / 1024))
# Warm up: wait until the working set is in the page cache.
wait_cached "$ws_kib"
sleep 1

limit=$((($(mem_kib MemAvailable) - ws_kib / 2) / 1024))
t0=$(now_ms)
spawn 0 /tmp/hog.log hog -n hog -s 1 -r 10 -l "$limit"
hog=$PID
# Poll: the hog may be killed while it is still growing (that is fine).
i=0
while ! grep -q holding /tmp/hog.log && alive "$hog" && [ $i -lt 450 ]; do
	sleep 0.2
	i=$((i + 1))
done
if grep -q holding /tmp/hog.log; then
	t_hold=$(now_ms)
	wait_dead "$hog" "$BOUND_S"
	held_ms=$((DEAD_MS - t_hold))
	[ "$TIMED_OUT" = 0 ] || fail "hog alive ${BOUND_S} s after reaching ${limit} MiB"
else
	wait_dead "$hog" 1
	held_ms=0
	[ "$TIMED_OUT" = 0 ] || fail "hog never reached ${limit} MiB and lives"
fi
HOG_MS=$((DEAD_MS - t0))

# Available memory stays above the TERM level (the working set is page
# cache), so only a stall rule can end this: the acute one (-p) or, where
# the stall stays under -p in every 1-2 s window (6.12 once, 9.6 % over
# 5 s), the sustained one; a kill on the memory rule would mean the guest
# ran out, which this scenario must not cause.
if ! killed_by_bustd "$hog"; then
	fail "bustd did not kill the hog"
elif ! bustd_lines | grep -E -q "^bustd: kill pid=$hog .* reason=(pressure|sustained) "; then
	fail "the hog's kill line does not say reason=pressure or sustained: $(bustd_lines |
		sed -n "s/^bustd: kill pid=$hog .*\(signal=[A-Z]* reason=[a-z]*\).*/\1/p" | head -n 1)"
fi
[ "$(kernel_ooms)" -eq 0 ] || fail "kernel OOM killer fired"
expect_alive wsreader1
expect_alive wsreader2
expect_alive heartbeat
EXTRA=",\"hold_mib\":$limit,\"ws_mib\":$((ws_kib / 1024)),\"held_ms\":$held_ms,\"psi_total_us\":$(sed -n 's/^some .*total=//p' /proc/pressure/memory)"
finish
