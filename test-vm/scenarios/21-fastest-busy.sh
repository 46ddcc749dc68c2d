#!/bin/sh
# 21 fastest hog from a busy rest: with 80 % of RAM already in use (so
# bustd is at its shortest pause, --min-sleep), a hog writes one word a
# page, the fastest fill there is; bustd kills it before the kernel OOM
# killer fires. This is the case that sets how often bustd must read at
# rest (docs/BENCHMARKS.md, "The fastest hog, from rest"): a longer pause
# to save wake-ups fails it. The bystander is exempt (-1000), so the hog
# is the only process to kill and must be caught on its way down.
#vm mem=256
# shellcheck source=lib.sh
. /scenarios/lib.sh

start_bustd
total=$(mem_kib MemTotal)
spawn -1000 /tmp/bystander.log bystander -n bystander \
	-m $((($(mem_kib MemAvailable) - total / 5) / 1024))
track bystander "$PID"
sleep 4 # touched, and bustd back at its resting pace
used=$((100 * (total - $(mem_kib MemAvailable)) / total))
[ "$used" -ge 75 ] || fail "only $used % of RAM in use, not 80 %"

expect_bustd_kills 60 -n hog -x 0

sleep 1
expect_alive bystander
OUTCOME="killed a hog filling RAM at full speed from 80 % in use; kernel OOM killer silent"
EXTRA=",\"used_pct\":$used"
finish
