#!/bin/sh
# 10 tmpfs fill: files in a tmpfs hold the memory, and no kill can free
# it. bustd may kill once or twice, but must then back off (and say so)
# instead of killing process after process.
#  A: available memory below the KILL level (the memory rule says kill).
#  B: a new bustd; tmpfs leaves only half of a file-backed working set room
#     in the page cache while two readers, which bustd may not kill
#     (oom_score_adj -1000, a database say), keep sweeping it: the stall
#     stays above -p with available memory above the KILL level, so the
#     pressure rule says kill at every reading. Killing the small idle
#     processes frees nothing the readers need: the kills must back off
#     (8, 16 s) just the same, not come every second or two.
#vm mem=256 timeout=300
# shellcheck source=lib.sh
. /scenarios/lib.sh

MAX_KILLS=2
WINDOW_S=20
MAX_KILLS_B=3 # 0, ~10 and ~28 s after the first; the fourth comes at ~62 s
WINDOW_B_S=45
WS=/data/ws.dat

start_bustd
start_heartbeat
start_bystander 8
for i in 1 2 3; do
	spawn 0 "/tmp/idle$i.log" bystander -m 1 -n "idle$i"
	track "idle$i" "$PID"
done
sleep 1

# Leave about 2.5% of RAM available: below the KILL level, above the
# kernel's own watermarks, so only bustd can be tempted.
total=$(mem_kib MemTotal)
fill=$(($(mem_kib MemAvailable) - total / 40))
mount -t tmpfs -o "size=${fill}k" fill /mnt/fill || fail "tmpfs mount"
t0=$(now_ms)
spawn 0 /tmp/dd.log dd if=/dev/zero of=/mnt/fill/blob bs=1M
dd=$PID
wait_dead "$dd" 60
HOG_MS=$((DEAD_MS - t0))
filled=$(du -sk /mnt/fill | cut -f1)

sleep "$WINDOW_S"
kills=$(bustd_lines | grep -c '^bustd: kill ')
[ "$kills" -le "$MAX_KILLS" ] || fail "A: $kills kills in ${WINDOW_S} s (max $MAX_KILLS)"
grep -q '^bustd: backoff:' "$BUSTD_LOG" || fail "A: no backoff logged"

# --- B: the same, with the stall high -------------------------------------
kill "$BUSTD_PID"
wait "$BUSTD_PID" 2>/dev/null
cp "$BUSTD_LOG" /tmp/bustd-a.log
rm -f /mnt/fill/blob
umount /mnt/fill
for i in 1 2; do
	spawn -1000 "/tmp/ws$i.log" wsreader -n "wsreader$i" "$WS"
	track "wsreader$i" "$PID"
done
for i in 1 2 3 4 5 6 7 8; do
	spawn 0 "/tmp/quiet$i.log" bystander -m 1 -n "quiet$i"
done
ws_kib=$(($(wc -c <"$WS") / 1024))
wait_cached "$ws_kib"
start_bustd
# Room for half the working set, as in scenario 11: MemAvailable ends near
# 32 MiB, above the TERM level (memory rule quiet) and within twice it.
fill_b=$(($(mem_kib MemAvailable) - ws_kib / 2))
mount -t tmpfs -o "size=${fill_b}k" fill /mnt/fill || fail "B: tmpfs mount"
tb=$(now_ms)
# The filler is exempt: killing it mid-fill would end the shortage (it is
# the eater), and what B tests is the kill that frees nothing.
spawn -1000 /tmp/dd-b.log dd if=/dev/zero of=/mnt/fill/blob bs=1M
wait_dead "$PID" 60
left=$((WINDOW_B_S - ($(now_ms) - tb) / 1000))
[ "$left" -le 0 ] || sleep "$left"
kills_b=$(bustd_lines | grep -c '^bustd: kill ')
[ "$kills_b" -ge 1 ] || fail "B: no kill: the stall never reached -p"
bustd_lines | grep -q '^bustd: kill .* reason=pressure ' ||
	fail "B: no kill for pressure"
[ "$kills_b" -le "$MAX_KILLS_B" ] ||
	fail "B: $kills_b kills in ${WINDOW_B_S} s (max $MAX_KILLS_B)"
grep -q '^bustd: backoff:' "$BUSTD_LOG" || fail "B: no backoff logged"
expect_alive wsreader1
expect_alive wsreader2
[ "$(kernel_ooms)" -eq 0 ] || fail "kernel OOM killer fired"
EXTRA=",\"tmpfs_kib\":$filled,\"kills_a\":$kills,\"tmpfs_b_kib\":$fill_b,\"kills_b\":$kills_b,\"avail_kib\":$(mem_kib MemAvailable),\"psi_some_avg10\":\"$(sed -n 's/^some avg10=\([0-9.]*\) .*/\1/p' /proc/pressure/memory)\""
OUTCOME="A: at most two kills, then 'backoff:'; B (stall above -p too): at most three kills in 45 s, then 'backoff:'"
sed 's/^/LOG-A /' /tmp/bustd-a.log | head -n 12
finish
