#!/bin/sh
# 01 fast hog, no swap: bustd kills the hog before the kernel OOM killer
# fires; the bystander and the heartbeat live on.
#vm mem=256
# shellcheck source=lib.sh
. /scenarios/lib.sh

start_bustd
start_heartbeat
start_bystander 20
sleep 1

expect_bustd_kills 60 -n hog

sleep 1
expect_alive bystander
expect_alive heartbeat
finish
