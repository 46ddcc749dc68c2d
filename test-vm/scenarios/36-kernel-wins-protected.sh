#!/bin/sh
# 36 the kernel wins the race, and --avoid still holds: bustd runs with
# levels it never reaches (-M 1,1, pressure rules off), so every hog
# outruns it and the kernel's OOM killer chooses.  "precious", an avoided
# process bigger than the hog will be when the kernel fires, would be the
# kernel's pick; with --adjust-oom-score bustd has written -450 into its
# oom_score_adj beforehand (and -1000 into an ignored one; a process whose
# value someone else set is left alone), so the kernel takes the hog.
# Second half, the control in the same guest: bustd without the flag, a
# new precious, the same hog: the kernel takes precious.
#vm mem=256 timeout=150
# shellcheck source=lib.sh
. /scenarios/lib.sh

# bustd never acts on memory here: the kernel must decide
args="-M 1,1 -p 0 --min-sleep 1000 --max-sleep 1000 --avoid ^precious --ignore ^keeper$"
"$BUSTD" --help | grep -q -- --sustained && args="$args --sustained 0"

adj_of() { cat /proc/"$1"/oom_score_adj 2>/dev/null; }

# wait_adj PID VALUE SECS: until PID's oom_score_adj reads VALUE
wait_adj() {
	_i=0
	while [ "$(adj_of "$1")" != "$2" ] && [ $_i -lt $(($3 * 10)) ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	[ "$(adj_of "$1")" = "$2" ]
}

# precious MIB: the avoided big process; sets PRECIOUS
precious() {
	spawn 0 /tmp/precious.log bystander -m "$1" -n precious
	PRECIOUS=$PID
	track "precious$2" "$PID"
}

# race: a full-speed hog until the kernel's OOM killer has acted; sets
# HOG and VICTIM (the name in dmesg's first "Killed process")
race() {
	dmesg -c >/dev/null
	spawn 0 /tmp/hog.log hog -n hog -q
	HOG=$PID
	_i=0
	while [ $_i -lt 300 ] && ! dmesg | grep -q 'Killed process'; do
		sleep 0.1
		_i=$((_i + 1))
	done
	VICTIM=$(dmesg | sed -n 's/.*Killed process [0-9]* (\([^)]*\)).*/\1/p' | head -n 1)
	kill -KILL "$HOG" 2>/dev/null
	wait "$HOG" 2>/dev/null
}

avail=$(($(mem_kib MemAvailable) / 1024))
size=$((avail * 55 / 100)) # the hog reaches under 45 % of it

# half 1: with the flag
# shellcheck disable=SC2086 # words
start_bustd $args --adjust-oom-score
spawn 0 /tmp/keeper.log bystander -m 2 -n keeper
keeper=$PID
spawn 100 /tmp/set.log bystander -m 2 -n precious-set
set_by_user=$PID
precious "$size" 1
p1=$PRECIOUS
wait_adj "$p1" -450 10 || fail "precious's oom_score_adj is $(adj_of "$p1") 10 s after it started, not -450"
wait_adj "$keeper" -1000 5 || fail "keeper's oom_score_adj is $(adj_of "$keeper"), not -1000"
[ "$(adj_of "$set_by_user")" = 100 ] || fail "a value set by someone else was changed: $(adj_of "$set_by_user")"
grep -q "^bustd: adjusted pid=$p1 name=precious oom_score_adj=-450 was=0\$" "$BUSTD_LOG" ||
	fail "no 'adjusted pid=$p1 name=precious' line"
sleep 1 # MemAvailable settles with precious whole
race
with_flag=$VICTIM
[ "$with_flag" = hog ] || fail "with the flag the kernel took '$with_flag', not the hog"
alive "$p1" || fail "precious died with the flag"
bustd_lines | grep -q '^bustd: kill ' && fail "bustd signalled (the kernel was to decide)"

# half 2: the control, without the flag
kill "$BUSTD_PID" "$p1" "$keeper" "$set_by_user"
wait "$BUSTD_PID" "$p1" "$keeper" "$set_by_user" 2>/dev/null
# shellcheck disable=SC2086 # words
start_bustd $args
precious "$size" 2
p2=$PRECIOUS
sleep 3 # two passes' time, had there been any
[ "$(adj_of "$p2")" = 0 ] || fail "without the flag precious's oom_score_adj is $(adj_of "$p2")"
race
without_flag=$VICTIM
[ "$without_flag" = precious ] ||
	fail "without the flag the kernel took '$without_flag', not precious: the scenario proves nothing"

OUTCOME="the kernel's OOM killer takes the hog, not the process bustd was told to avoid; without --adjust-oom-score it takes that process"
EXTRA=",\"precious_mib\":$size,\"with_flag\":$(json_str "$with_flag"),\"without_flag\":$(json_str "$without_flag")"
finish
