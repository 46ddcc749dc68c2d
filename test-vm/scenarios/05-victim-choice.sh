#!/bin/sh
# 05 victim choice. The three biggest processes must be spared: one has
# oom_score_adj -1000, one matches --ignore, one matches --avoid (which
# takes 300 points off its oom_score, more than it is bigger by). Memory
# is pushed just below the TERM level twice: first the --prefer match goes
# although it is small (300 points added), then the largest ordinary
# process goes. Then --avoid is shown to weigh, not to exclude: with the
# rest let go, an avoided hog that outgrows a small ordinary process by
# more than 45 % of RAM (300 points) is killed, and the small one lives.
#vm mem=256 timeout=240
# shellcheck source=lib.sh
. /scenarios/lib.sh

# earlyoom's own syntax: unanchored regular expressions, (^|/) and $
start_bustd --prefer '(^|/)pref' --avoid '(^|/)(avoided|avoidhog)$' \
	--ignore '^ignored$'
start_heartbeat

total=$(mem_kib MemTotal)
term=$((total / 10))           # bustd's default levels: 10% TERM, 5% KILL
mid=$((total * 3 / 40))        # halfway between them

# hold NAME MIB [ADJ]: a bystander of MIB, returned once it is all touched
hold() {
	spawn "${3:-0}" "/tmp/$1.log" bystander -m "$2" -n "$1"
	track "$1" "$PID"
	_i=0
	while [ $_i -lt 100 ]; do
		_rss=$(sed -n 's/^VmRSS:[^0-9]*\([0-9]*\).*/\1/p' /proc/"$PID"/status)
		# VmRSS lags by up to 64 pages: 512 KiB short counts as there
		[ "${_rss:-0}" -ge $(($2 * 1024 - 512)) ] && return
		alive "$PID" || return # killed while growing: fine, it pushed
		sleep 0.1
		_i=$((_i + 1))
	done
	fail "$1 never reached $2 MiB (VmRSS ${_rss:-none} kB)"
}
avail_mib() { echo $(($(mem_kib MemAvailable) / 1024)); }

# push NAME VICTIM: hold NAME so that MemAvailable lands between the
# levels, then wait up to 20 s for VICTIM to die. Where the reading stays
# above TERM, top it up (small holds topup1.., which no rule picks over a
# bigger process). Why: on 6.12 pages freed by the last victim wait on
# per-CPU lists that MemFree does not count; a hold takes them first, so
# MemAvailable fell 5 MiB short of the mark, to 0.6 MiB under TERM, and
# once not under it at all.
# At least 1 MiB: on 6.12 MemAvailable stayed under TERM for 2 s after
# preferred's exit in 10 of 10 runs (bustd's back-off line), once under
# the mark itself, and the size under 0 made a bystander that died at
# once (CI: "pusher died").
TOPUPS=''
push() {
	_mib=$(($(avail_mib) - mid / 1024))
	[ "$_mib" -ge 1 ] || _mib=1
	hold "$1" "$_mib"
	_victim=$(pid_of "$2") _t=0
	while alive "$_victim" && [ $_t -lt 20 ]; do
		sleep 1
		_t=$((_t + 1))
		_a=$(mem_kib MemAvailable)
		if [ $((_t % 3)) = 0 ] && [ "$_a" -gt "$term" ] && alive "$_victim"; then
			echo "push: MemAvailable $_a kB above TERM $term kB ${_t} s after $1: topup$_t"
			TOPUPS="$TOPUPS topup$_t"
			hold "topup$_t" $(((_a - mid) / 1024))
		fi
	done
	wait_dead "$_victim" 1
}

# What can be held while staying 6 MiB above the TERM level. The four
# holds take 93 % of it; medium takes what is left, and must stay smaller
# than large: holding N MiB lowers MemAvailable by less than N where the
# kernel finds cache to give back (6-7 MiB of a 155 MiB budget on 6.12).
budget=$(($(avail_mib) - term / 1024 - 6))
hold protected $((budget * 25 / 100)) -1000
hold ignored $((budget * 24 / 100))
hold avoided $((budget * 23 / 100))
hold large $((budget * 21 / 100))
medium=$(($(avail_mib) - term / 1024 - 6))
if [ "$medium" -le 2 ] || [ "$medium" -ge $((budget * 21 / 100)) ]; then
	fail "setup: medium would be $medium MiB of budget $budget"
fi
hold medium "$medium"
sleep 1
bustd_lines | grep -q '^bustd: kill ' && fail "a kill before the push"

# Push 1: the --prefer match, smaller than large, lands between the levels.
push preferred preferred
[ "$TIMED_OUT" = 0 ] || fail "preferred alive 20 s after the push"
sleep 2 # let memory settle above TERM before the next push

# Push 2: no preference left, so the largest candidate: large.
push pusher large
[ "$TIMED_OUT" = 0 ] || fail "large alive 20 s after the push"
sleep 1

expect_alive protected
expect_alive ignored
expect_alive avoided
expect_alive medium
expect_alive pusher

# Push 3: let the others go; an avoided hog grows until bustd acts.
for _n in protected ignored avoided medium pusher $TOPUPS; do
	_p=$(pid_of "$_n")
	kill "$_p"
	wait_dead "$_p" 5
done
hold small 16 # (VmRSS lags up to 64 pages behind: not 4 or 8 MiB)
sleep 1
hog_mib=$(($(avail_mib) - term / 1024))
[ $(((hog_mib - 16) * 100 / (total / 1024))) -gt 50 ] ||
	fail "setup: the avoided hog can reach $hog_mib MiB, under half of RAM above small"
spawn 0 /tmp/avoidhog.log hog -n avoidhog -s 2 -r 50
track avoidhog "$PID"
wait_dead "$PID" 30
[ "$TIMED_OUT" = 0 ] || fail "avoidhog alive 30 s after it started"

order=$(bustd_lines | sed -n 's/^bustd: kill pid=[0-9]* name=\([^ ]*\) .*/\1/p' | uniq | tr '\n' ' ')
[ "$order" = "preferred large avoidhog " ] ||
	fail "kill order '$order', want 'preferred large avoidhog '"
expect_alive small
expect_alive heartbeat
[ "$(kernel_ooms)" -eq 0 ] || fail "kernel OOM killer fired"
EXTRA=",\"kill_order\":$(json_str "$order")"
finish
