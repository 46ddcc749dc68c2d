#!/bin/sh
# 13 rescue image: BusyBox init started bustd from /etc/inittab with
# --kmsg --cmdline (initramfs/rescue/), its levels set on the kernel
# command line (bustd.m=15); a hog runs; bustd kills it and the kill line
# is in the kernel log.
#vm mem=256 root=0 image=rescue timeout=120 append=bustd.m=15
# shellcheck source=lib.sh
. /scenarios/lib.sh

LOG_SOURCE=kmsg
i=0
while [ -z "$BUSTD_PID" ] && [ $i -lt 50 ]; do
	BUSTD_PID=$(pidof bustd)
	sleep 0.1
	i=$((i + 1))
done
[ -n "$BUSTD_PID" ] || fail "init did not start bustd"
sleep 1
ppid=$(sed -n 's/^PPid:[^0-9]*//p' /proc/"$BUSTD_PID"/status)
[ "$ppid" = 1 ] || fail "bustd's parent is $ppid, not init"
# bustd.m=15 from the kernel command line: TERM at 15% of RAM
term=$(bustd_lines | sed -n 's/^bustd: start .* mem_term_kib=\([0-9]*\) .*/\1/p' | head -n 1)
want=$(($(mem_kib MemTotal) * 15 / 100))
[ "${term:-0}" -ge $((want - 8)) ] && [ "${term:-0}" -le $((want + 8)) ] ||
	fail "TERM level ${term:-none} KiB, want ~$want (bustd.m=15)"

start_heartbeat
expect_bustd_kills 60 -n hog
expect_alive heartbeat
finish
