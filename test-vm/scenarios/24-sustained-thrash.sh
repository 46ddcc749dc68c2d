#!/bin/sh
# 24 sustained moderate thrash, no swap, at three intensities: two readers
# sweep a file-backed working set (random pages, at three duty cycles), and a hog
# grows to where only part of that set fits in the page cache, then holds
# its memory for as long as it lives. The readers are stopped while the hog
# grows (a growing hog evicting the set in use is the acute rule's case,
# which kills it before it holds) and go on when it holds: the thrash
# starts with the hold. Nothing ever runs out: MemAvailable
# stays above the TERM level and the kernel never acts; the machine just
# loses a tenth, a fifth or two fifths of its time to memory stalls. The
# acute rule (-p 25 over 1-2 s) is a coin toss at those levels; the
# sustained rule must end each hold within 10 s, in every run, and always
# by killing the hog (the readers and the heartbeat are bystanders).
#vm mem=256 timeout=300
# shellcheck source=lib.sh
. /scenarios/lib.sh

BOUND_S=10 # from the hog reaching its hold size to its death
WS=/data/ws.dat
# label:duty, the share of every 100 ms the readers read flat out (in
# step: the same clock), sleeping the rest. Flat out, two readers keep
# the guest stalled ("some") about 60 % of the time on a quiet host and a
# busy one alike, so a duty of d gives about 0.6 d: 10, 20 and 40 %. (A
# reader paced in pages a second stalled as long as each refault took
# there: 3.5 % on a quiet host where a busy one gave 12-27 %, and the
# mild hold was not killed.) Measured: test-vm/README.md.
CASES=${CASES:-"mild:17 moderate:35 severe:70"}
ROOM=48 # MiB of the 64 MiB set the hog leaves room for: MemAvailable
        # stays above twice the TERM level, where the acute rule kills on
        # the stall alone
REPEAT=2

start_bustd
start_heartbeat
ws_kib=$(($(wc -c <"$WS") / 1024))
readers=''

psi_total() { sed -n 's/^some .*total=//p' /proc/pressure/memory; }

held_all='' reasons='' stalls='' hogs=''
for c in $CASES; do
	label=${c%%:*} duty=${c#*:}
	start_swept_set "$duty" "${WSREADER_FLAG--a}"
	n=0
	while [ $n -lt $REPEAT ]; do
		n=$((n + 1))
		cat "$WS" >/dev/null # the readers would take minutes to
		wait_cached "$ws_kib"
		sleep 2
		limit=$((($(mem_kib MemAvailable) - ROOM * 1024) / 1024))
		rm -f /tmp/hog.log
		# shellcheck disable=SC2086 # a list of PIDs
		kill -STOP $readers
		spawn 0 /tmp/hog.log hog -n hog -s 4 -l "$limit"
		hog=$PID
		hogs="$hogs $hog"
		i=0
		while ! grep -q holding /tmp/hog.log && alive "$hog" && [ $i -lt 150 ]; do
			sleep 0.2
			i=$((i + 1))
		done
		# shellcheck disable=SC2086
		kill -CONT $readers
		t_hold=$(now_ms)
		s_hold=$(psi_total)
		wait_dead "$hog" "$BOUND_S"
		held=$((DEAD_MS - t_hold))
		# the stall "some" over the hold, in tenths of a percent
		stall=$((($(psi_total) - s_hold) / (held + 1)))
		# killed while still growing: no hold at all
		grep -q holding /tmp/hog.log || held=0
		[ "$TIMED_OUT" = 0 ] ||
			fail "$label run $n: the hog (${limit} MiB) alive ${BOUND_S} s after it began to hold"
		line=$(bustd_lines | grep "^bustd: kill pid=$hog ")
		if [ -z "$line" ]; then
			fail "$label run $n: bustd did not kill the hog"
			why=none
		else
			why=$(echo "$line" | sed -n '1s/.* reason=\([a-z]*\).*/\1/p')
		fi
		# the guest never ran out: a memory-rule kill is not this case
		[ "$why" = memory ] && fail "$label run $n: the hog killed by the memory rule (the guest ran short)"
		held_all="${held_all:+$held_all,}\"$label$n\":$held"
		stalls="${stalls:+$stalls,}\"$label$n\":$stall"
		reasons="${reasons:+$reasons,}\"$label$n\":\"$why\""
		sleep 3 # hold-off and the cache's refill
	done
done

# every kill line names one of the hogs: the readers and the heartbeat
# are never chosen
for p in $(bustd_lines | sed -n 's/^bustd: kill pid=\([0-9]*\) .*/\1/p'); do
	case " $hogs " in *" $p "*) ;; *) fail "bustd killed pid $p, not a hog" ;; esac
done
[ "$(kernel_ooms)" -eq 0 ] || fail "kernel OOM killer fired"
for p in $readers; do alive "$p" || fail "a reader died"; done
expect_alive heartbeat
EXTRA=",\"held_ms\":{$held_all},\"stall_permille\":{$stalls},\"reason\":{$reasons}"
# scenario 39 runs this one with its own readers, and says its outcome
[ -z "${SUS_VARIANT:-}" ] || return 0
OUTCOME="killed the hog within 10 s of its hold at each of three stall levels, every run"
finish
