#!/bin/sh
# 21 fast hog from a busy rest: with 60 % of RAM already in use (so bustd
# rests near its shortest pause, --min-sleep), a hog writes one word a page
# at a steady 150 MiB/s; bustd sends it SIGTERM before the kernel OOM
# killer fires. This is the case that sets how often bustd must read at
# rest (docs/BENCHMARKS.md, "The fastest hog, from rest"): with the pause
# the rest targets ask for (--min-sleep 500) the kernel's OOM killer won 3
# runs of 3 here, with the defaults bustd's SIGTERM came at 18.5-20.3 MiB
# available in 6 of 6. Steady rather than as fast as the guest can fault:
# a burst makes the outcome depend on the host's timing, and CI must not.
# The bystander is exempt (-1000), so the hog is the only process to kill.
#vm mem=256
# shellcheck source=lib.sh
. /scenarios/lib.sh

start_bustd
total=$(mem_kib MemTotal)
spawn -1000 /tmp/bystander.log bystander -n bystander \
	-m $((($(mem_kib MemAvailable) - total * 2 / 5) / 1024))
track bystander "$PID"
sleep 4 # touched, and bustd back at its resting pace
used=$((100 * (total - $(mem_kib MemAvailable)) / total))
[ "$used" -ge 55 ] || fail "only $used % of RAM in use, not 60 %"

expect_bustd_kills 60 -n hog -x 0 -r 150
bustd_lines | grep -q "^bustd: kill pid=$HOG .* signal=SIGTERM " ||
	fail "the hog got no SIGTERM: bustd read too late"

sleep 1
expect_alive bystander
OUTCOME="SIGTERM for a hog filling RAM at 150 MiB/s from 60 % in use; kernel OOM killer silent"
EXTRA=",\"used_pct\":$used"
finish
