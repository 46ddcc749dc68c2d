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

# The start line says the stall is not read at all (psi=off; "trigger"
# or "read" would mean PSI was found), and the warning is the one for no
# PSI, not the one for a refused trigger (which also names PSI).
bustd_lines | grep -q '^bustd: start .* psi=off ' ||
	fail "the start line does not say psi=off"
bustd_lines | grep -q '^bustd: warning: PSI unavailable: ' ||
	fail "no 'PSI unavailable' warning"
# without PSI only the memory rule can have fired
bustd_lines | grep -q "^bustd: kill pid=$HOG .* reason=memory " ||
	fail "the hog's kill line does not say reason=memory"
expect_alive bystander
expect_alive heartbeat
OUTCOME="warned that PSI is unavailable and killed the hog on its memory levels"
finish
