#!/bin/sh
# 06 many processes: 2000 sleepers make /proc long and the victim scan
# slow; a fast hog must still be killed in time, before the kernel's OOM
# killer. 384 MiB: the sleepers take about 125 MiB (kernel stacks, page
# tables), and the hog should have the same ~170 MiB of headroom as in the
# other scenarios, so that the scan's cost is what is measured.
#vm mem=384 timeout=180
# shellcheck source=lib.sh
. /scenarios/lib.sh

NPROC=2000

# The kernel sizes threads-max from RAM (about 2000 at 256 MiB, 3000 at
# 384): lift it so the count, not the limit, is what is tested.
echo 8192 >/proc/sys/kernel/threads-max
start_bustd
start_heartbeat
spawn 0 /tmp/spawner.log spawner "$NPROC"
track spawner "$PID"
wait_line /tmp/spawner.log "children" 60 || fail "spawner did not start $NPROC children"
sleep 1
set -- /proc/[0-9]*
nproc=$#
avail=$(mem_kib MemAvailable)

expect_bustd_kills 60 -n hog

expect_alive spawner
expect_alive heartbeat
EXTRA=",\"processes\":$nproc,\"avail_kib_before_hog\":$avail"
finish
