#!/bin/sh
# 03 zram swap thrash: swap on zram as big as RAM, a hog whose pages
# compress about 2:1 grows at 20 MiB/s through RAM into swap (without
# bustd, the kernel's OOM killer ends it after about 13 s). bustd must end
# the thrashing on its pressure rule before the guest locks up: the hog is
# the victim, killed with reason=pressure (the memory rule needs free swap
# at its 10 % level too, and the stall comes long before: bustd struck
# with 55-84 % of swap free in each of 6 runs measured), the heartbeat's
# worst stall stays bounded.
#vm mem=256 timeout=240
# shellcheck source=lib.sh
. /scenarios/lib.sh

HB_BOUND_MS=10000 # generous: TCG is slow, and a lock-up is minutes

echo "$(mem_kib MemTotal)K" >/sys/block/zram0/disksize
if ! mkswap /dev/zram0 >/dev/null || ! swapon /dev/zram0; then
	fail "zram swap setup"
fi

start_bustd
start_heartbeat
start_bystander 20
sleep 1

t0=$(now_ms)
spawn 0 /tmp/hog.log hog -n hog -s 2 -r 20
hog=$PID
wait_dead "$hog" 150
HOG_MS=$((DEAD_MS - t0))

[ "$TIMED_OUT" = 0 ] || fail "hog alive after 150 s"
if ! killed_by_bustd "$hog"; then
	fail "bustd did not kill the hog"
elif ! bustd_lines | grep -q "^bustd: kill pid=$hog .* reason=pressure "; then
	fail "the hog's kill line does not say reason=pressure: $(bustd_lines |
		sed -n "s/^bustd: kill pid=$hog .*\(signal=[A-Z]* reason=[a-z]*\).* swap_free_kib=\([0-9]*\) .*/\1 swap_free_kib=\2/p" | head -n 1)"
fi
[ "$(kernel_ooms)" -eq 0 ] || fail "kernel OOM killer fired"
sleep 1
hb=$(cat "$HB_FILE")
[ "$hb" -lt "$HB_BOUND_MS" ] || fail "heartbeat stalled ${hb} ms (bound $HB_BOUND_MS)"
expect_alive bystander
expect_alive heartbeat
# Swap in use when bustd struck, from its kill line.
free=$(bustd_lines | sed -n 's/^bustd: kill .* swap_free_kib=\([0-9]*\) .*/\1/p' | head -n 1)
EXTRA=",\"swap_used_at_kill_kib\":${free:+$(($(mem_kib SwapTotal) - free))}"
[ -n "$free" ] || EXTRA=",\"swap_used_at_kill_kib\":null"
OUTCOME="killed the hog on its pressure rule (reason=pressure, with most of swap still free) before the guest locked up; kernel OOM killer silent"
finish
