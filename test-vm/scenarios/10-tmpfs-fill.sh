#!/bin/sh
# 10 tmpfs fill: files in a tmpfs hold the memory, and no kill can free
# it. bustd may kill once or twice, but must then back off (and say so)
# instead of killing process after process.
#vm mem=256 timeout=180
# shellcheck source=lib.sh
. /scenarios/lib.sh

MAX_KILLS=2
WINDOW_S=20

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
[ "$kills" -le "$MAX_KILLS" ] || fail "$kills kills in ${WINDOW_S} s (max $MAX_KILLS)"
grep -q 'backoff' "$BUSTD_LOG" || fail "no backoff logged"
[ "$(kernel_ooms)" -eq 0 ] || fail "kernel OOM killer fired"
EXTRA=",\"tmpfs_kib\":$filled,\"avail_kib\":$(mem_kib MemAvailable)"
OUTCOME="at most two kills, then 'backoff:' and no kill storm"
finish
