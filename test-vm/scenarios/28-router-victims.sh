#!/bin/sh
# 28 router-size RAM, victim choice with the OpenWrt package's default
# --avoid list (board/openwrt/bustd/files/bustd.config) and its daemons
# running as stand-ins (bystanders named netifd, dnsmasq, hostapd, ...).
# hostapd is made the largest process (about 20 MiB), so that only --avoid
# spares it (without the list, bustd takes hostapd first).
# A: a plain program (uhttpd) grows until memory lands between the levels:
# bustd must take it, not the larger hostapd.  B: a fast hog.  C: a 20
# MiB/s leak.  Each time bustd kills the newcomer, never a daemon; no
# kernel OOM.
#vm mem=128 timeout=200
# shellcheck source=lib.sh
. /scenarios/lib.sh

# the daemons first, as at boot: a process growing under bustd's eyes is
# the one it must take.  hostapd last, the largest, sized so that the push
# below lands between the levels with a uhttpd half its size: 2/3 of what
# is available above the middle of the levels (bustd --once prints them)
start_heartbeat
daemons=''
# their sizes are for the 128 MiB guest (80 MiB of MemTotal), scaled to
# this one's RAM (rounded, 1 MiB at least: 9 MiB in all in a 64 MiB guest)
total=$(mem_kib MemTotal)
for _d in procd:1 ubusd:1 logd:1 netifd:2 odhcpd:1 dnsmasq:3 dropbear:1 \
	wpa_supplicant:2 hostapd:0; do
	_mib=${_d#*:}
	[ "$_mib" = 0 ] || _mib=$(((_mib * total + 40960) / 81920))
	[ "$_mib" -ge 1 ] || _mib=1
	if [ "$_d" = hostapd:0 ]; then
		sleep 2
		# shellcheck disable=SC2046 # two numbers
		set -- $("$BUSTD" --once 2>/dev/null | sed -n \
			's/^levels: *SIGTERM at available <= \([0-9]*\) MiB.*SIGKILL at \([0-9]*\) MiB.*/\1 \2/p')
		_mid=$(((${1:-0} + ${2:-0}) / 2))
		_mib=$((($(mem_kib MemAvailable) / 1024 - _mid) * 2 / 3))
		hostapd=$_mib
	fi
	spawn 0 "/tmp/${_d%:*}.log" bystander -m "$_mib" -n "${_d%:*}"
	track "${_d%:*}" "$PID"
	daemons="$daemons ${_d%:*}"
done
# the working set of 26, a tenth of RAM read every 0.2 s (activated file
# pages, as a router's programs and their data are): ws.dat, or the root
# disk itself where the image has no ws.dat (the cross-architecture one)
ws=/data/ws.dat
[ -r "$ws" ] || ws=/dev/vda
spawn 0 /tmp/workset.log sh -c "while :; do
	dd if=$ws of=/dev/null bs=64k count=$((total / 640)) 2>/dev/null
	sleep 0.2
done"
track workset "$PID"
sleep 3
# the package's default list, word for word
start_bustd --avoid '^(netifd|dropbear|dnsmasq|odhcpd|hostapd|wpa_supplicant|ubusd|procd|logd)$'
sleep 1

line=$(bustd_lines | grep -m1 '^bustd: start ')
term=$(echo "$line" | sed -n 's/.* mem_term_kib=\([0-9]*\).*/\1/p')
kill=$(echo "$line" | sed -n 's/.* mem_kill_kib=\([0-9]*\).*/\1/p')
avail=$(mem_kib MemAvailable)
# A: uhttpd lands available memory halfway between the levels
push=$(((avail - (${term:-0} + ${kill:-0}) / 2) / 1024))
# and at least 2 MiB smaller than hostapd (25 oom_score points at 128
# MiB, 45 at 64: without the list bustd would take hostapd): at 64 MiB,
# as the page cache and slab settle, the push came out 6 and 7 MiB beside
# 9 and 8; smaller, it still lands below TERM
[ "$push" -le $((hostapd - 2)) ] || push=$((hostapd - 2))
land=$((avail - push * 1024))
{ [ "$push" -gt 2 ] && [ "$land" -le $((${term:-0} - 1024)) ]; } ||
	fail "setup: uhttpd would hold $push MiB, leaving $land KiB available (levels ${term:-?}/${kill:-?}, hostapd $hostapd MiB); it must be over 2 MiB and leave under TERM less 1 MiB"
spawn 0 /tmp/uhttpd.log bystander -m "$push" -n uhttpd
track uhttpd "$PID"
wait_dead "$PID" 30
[ "$TIMED_OUT" = 0 ] || fail "uhttpd alive 30 s after the push"
killed_by_bustd "$(pid_of uhttpd)" || fail "bustd did not kill uhttpd"
sleep 3

# B, C: a fast hog, then a 20 MiB/s leak
expect_bustd_kills 60 -n hog
sleep 3
expect_bustd_kills 90 -n leak -s 1 -r 20

order=$(bustd_lines | sed -n 's/^bustd: kill pid=[0-9]* name=\([^ ]*\) .*/\1/p' | uniq | tr '\n' ' ')
[ "$order" = "uhttpd hog leak " ] ||
	fail "kill order '$order', want 'uhttpd hog leak '"
for _n in $daemons heartbeat workset; do
	expect_alive "$_n"
done
# the guest's size in words: 128 MiB, or what cross/run.sh booted it with
ram=$(sed -n 's/.* vmmem=\([0-9]*\).*/\1/p' /proc/cmdline)
OUTCOME="${ram:-128} MiB guest, OpenWrt's --avoid list: bustd killed the newcomer each time (a plain program, a fast hog, a leak), never a daemon, no kernel OOM"
boost=$(cat /proc/sys/vm/watermark_boost_factor 2>/dev/null)
EXTRA=",\"boost_factor\":${boost:-null},\"hostapd_mib\":$hostapd,\"term_kib\":${term:-null},\"kill_kib\":${kill:-null},\"push_mib\":$push,\"kill_order\":$(json_str "$order")"
finish
