#!/bin/sh
# 12 idle: a minute with nothing happening. No kill; report what bustd
# costs while it waits: resident set, context switches and CPU time.
#vm mem=256 timeout=180
# shellcheck source=lib.sh
. /scenarios/lib.sh

IDLE_S=60

start_bustd
start_heartbeat
sleep "$IDLE_S"

st=/proc/$BUSTD_PID
# shellcheck disable=SC2046 # two numbers
set -- $(cost_snap "$BUSTD_PID")
ctx=$1 cpu_ns=$2
[ "$(bustd_lines | grep -c '^bustd: kill ')" -eq 0 ] || fail "bustd killed while idle"
[ "$(kernel_ooms)" -eq 0 ] || fail "kernel OOM killer fired"
expect_alive heartbeat
EXTRA=",\"idle_s\":$IDLE_S,\"ctxsw\":$ctx,\"cpu_ms\":$((cpu_ns / 1000000)),\"vmrss_kib\":$(sed -n 's/^VmRSS:[^0-9]*\([0-9]*\).*/\1/p' "$st/status")"
finish
