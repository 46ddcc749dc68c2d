#!/bin/sh
# 09 no PSI: the kernel is booted with psi=0. bustd says so and still
# kills a fast hog on its memory levels alone.
#vm mem=256 append=psi=0
# shellcheck source=lib.sh
. /scenarios/lib.sh

start_bustd
start_heartbeat
start_bystander 20
sleep 1

expect_bustd_kills 60 -n hog

grep -q PSI "$BUSTD_LOG" || fail "no PSI warning on stderr"
expect_alive bystander
expect_alive heartbeat
OUTCOME="warned that PSI is unavailable and killed the hog on its memory levels"
finish
