#!/bin/sh
# 23 many processes, victim chosen ahead: 2000 sleepers make /proc long and
# a scan slow (100-300 ms in a TCG guest), longer than a fast hog takes
# from TERM to KILL.  bustd must scan while the hog is still on its way
# (memory headed for TERM sooner than three scans and a pause), pin it,
# and at TERM signal it from the pin without scanning: the hog is killed
# first, by SIGTERM, and its kill line says pinned=1.  512 MiB: the
# sleepers take about 125 MiB, leaving the hog about 300 MiB to race
# through.  The page cache is filled first (the big disk held open), so
# the hog's memory comes by reclaim, as on a machine that has been up.
#vm mem=512 big=1 timeout=240
# shellcheck source=lib.sh
. /scenarios/lib.sh

NPROC=2000

echo 8192 >/proc/sys/kernel/threads-max
start_bustd
spawn 0 /tmp/spawner.log spawner "$NPROC"
track spawner "$PID"
wait_line /tmp/spawner.log "children" 90 || fail "spawner did not start $NPROC children"
exec 3</dev/vdb
dd if=/dev/vdb of=/dev/null bs=1M count=$(($(mem_kib MemTotal) * 3 / 2048)) 2>/dev/null
sleep 2
set -- /proc/[0-9]*
nproc=$#
avail=$(mem_kib MemAvailable)
free=$(mem_kib MemFree)

expect_bustd_kills 60 -n hog
first=$(bustd_lines | grep '^bustd: kill ' | head -n 1)
echo "FIRST $first"
case $first in
"bustd: kill pid=$HOG "*) ;;
*) fail "the first kill was not the hog's" ;;
esac
case $first in
*" signal=SIGTERM "*) ;;
*) fail "the hog's first signal was not SIGTERM" ;;
esac
case $first in
*" pinned=1 "*) ;;
*) fail "the kill line does not show the pin used" ;;
esac
scan=$(echo "$first" | sed -n 's/.* scan_ms=\([0-9]*\).*/\1/p')
at=$(echo "$first" | sed -n 's/.* avail_kib=\([0-9]*\) .*/\1/p')

expect_alive spawner
# figures of this run go to the JSON line, not the outcome's words
OUTCOME="the hog among over $NPROC processes signalled by SIGTERM from a pin chosen ahead, without a scan at TERM"
EXTRA=",\"processes\":$nproc,\"avail_kib_before_hog\":$avail,\"free_kib_before_hog\":$free,\"scan_ms\":${scan:-null},\"avail_kib_at_signal\":${at:-null}"
finish
