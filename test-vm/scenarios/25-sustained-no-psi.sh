#!/bin/sh
# 25 sustained thrash on a kernel booted psi=0 (as one built without
# CONFIG_PSI): no stall figures at all. Two readers sweep a file-backed
# working set and a hog grows to where only part of it fits in the page
# cache, then holds. bustd must see the thrash from the working set's
# refault rate against the file LRU alone (as lmkd's thrashing limit
# does) and kill the hog within 10 s of its hold, twice; the memory rule
# cannot (MemAvailable stays above the TERM level).
#vm mem=256 timeout=240 append=psi=0
# shellcheck source=lib.sh
. /scenarios/lib.sh

BOUND_S=10
WS=/data/ws.dat
ROOM=40 # MiB of the 64 MiB working set left room in the page cache
REPEAT=2

start_bustd
start_heartbeat
for i in 1 2; do
	spawn 0 "/tmp/ws$i.log" wsreader -n "wsreader$i" "$WS"
	track "wsreader$i" "$PID"
done
ws_kib=$(($(wc -c <"$WS") / 1024))

held_all='' hogs=''
n=0
while [ $n -lt $REPEAT ]; do
	n=$((n + 1))
	wait_cached "$ws_kib"
	sleep 2
	limit=$((($(mem_kib MemAvailable) - ROOM * 1024) / 1024))
	rm -f /tmp/hog.log
	spawn 0 /tmp/hog.log hog -n hog -s 4 -r 50 -l "$limit"
	hog=$PID
	hogs="$hogs $hog"
	i=0
	while ! grep -q holding /tmp/hog.log && alive "$hog" && [ $i -lt 150 ]; do
		sleep 0.2
		i=$((i + 1))
	done
	t_hold=$(now_ms)
	wait_dead "$hog" "$BOUND_S"
	held=$((DEAD_MS - t_hold))
	grep -q holding /tmp/hog.log || held=0
	[ "$TIMED_OUT" = 0 ] ||
		fail "run $n: the hog (${limit} MiB) alive ${BOUND_S} s after it began to hold"
	bustd_lines | grep -q "^bustd: kill pid=$hog .* reason=sustained " ||
		fail "run $n: no kill line for the hog with reason=sustained: $(bustd_lines |
			sed -n "s/^bustd: kill pid=$hog .*\(signal=[A-Z]* reason=[a-z]*\).*/\1/p" | head -n 1)"
	held_all="${held_all:+$held_all,}$held"
	sleep 3
done

bustd_lines | grep -q '^bustd: start .* psi=off ' ||
	fail "the start line does not say psi=off"
for p in $(bustd_lines | sed -n 's/^bustd: kill pid=\([0-9]*\) .*/\1/p'); do
	case " $hogs " in *" $p "*) ;; *) fail "bustd killed pid $p, not a hog" ;; esac
done
[ "$(kernel_ooms)" -eq 0 ] || fail "kernel OOM killer fired"
expect_alive wsreader1
expect_alive wsreader2
expect_alive heartbeat
OUTCOME="without PSI, killed the holding hog on the working set's refault rate within 10 s, every run"
EXTRA=",\"held_ms\":[$held_all]"
finish
