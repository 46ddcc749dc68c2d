#!/bin/sh
# 20 soak: ten minutes of hog after hog, fast and slow in turn.  Every hog
# must be killed by bustd and nothing else; bustd's resident set and open
# descriptors must not grow from the end of the first cycle to the last.
# soak_s=SECS on the kernel command line shortens it, for trying.
#vm mem=256 timeout=780
# shellcheck source=lib.sh
. /scenarios/lib.sh

SOAK=600
read -r cmdline </proc/cmdline
for w in $cmdline; do
	case $w in soak_s=*) SOAK=${w#soak_s=} ;; esac
done

start_bustd
start_heartbeat
start_bystander 20
sleep 1

rss() { sed -n 's/^Rss: *\([0-9]*\).*/\1/p' "/proc/$BUSTD_PID/smaps_rollup"; }
# bustd's open files: _scores, the oom_scores held across scans
# (procscan.c's table, one per live process up to its bound, and the
# pin's two), which follow the processes; _fds, the rest, which a leak
# grows
count_fds() {
	_fds=0 _scores=0
	for _f in /proc/"$BUSTD_PID"/fd/*; do
		case $(readlink "$_f") in
		*/oom_score*) _scores=$((_scores + 1)) ;;
		*) _fds=$((_fds + 1)) ;;
		esac
	done
}

end=$(($(now_ms) + SOAK * 1000))
cycles=0 missed=0 rss1='' fds1='' rss_max=0 fds_max=0 scores_max=0
while [ "$(now_ms)" -lt "$end" ]; do
	cycles=$((cycles + 1))
	if [ $((cycles % 2)) = 1 ]; then
		spawn 0 /tmp/hog.log hog -q -n soakfast -s 4
	else
		spawn 0 /tmp/hog.log hog -q -n soakslow -s 1 -r 40
	fi
	hog=$PID
	wait_dead "$hog" 60
	if [ "$TIMED_OUT" = 1 ] || ! killed_by_bustd "$hog"; then
		missed=$((missed + 1))
	fi
	sleep 3 # the hold-off after an exit, and memory settles
	count_fds
	r=$(rss) f=$_fds
	[ "$_scores" -gt "$scores_max" ] && scores_max=$_scores
	if [ -z "$rss1" ]; then
		rss1=$r fds1=$f
	else
		[ "$r" -gt "$rss_max" ] && rss_max=$r
		[ "$f" -gt "$fds_max" ] && fds_max=$f
	fi
done

[ "$cycles" -ge 10 ] || fail "only $cycles cycles in $SOAK s"
[ "$missed" = 0 ] || fail "$missed of $cycles hogs not killed by bustd"
[ "$rss_max" -le "$rss1" ] || fail "bustd RSS grew from $rss1 to $rss_max KiB"
[ "$fds_max" -le "$fds1" ] || fail "bustd fds grew from $fds1 to $fds_max"
# the table's bound (128) and the pin's two
[ "$scores_max" -le 130 ] || fail "bustd held $scores_max oom_score files"
others=$(bustd_lines | grep '^bustd: kill ' | grep -v -c -e 'name=soakfast ' -e 'name=soakslow ')
[ "$others" = 0 ] || fail "bustd signalled $others other processes"
[ "$(kernel_ooms)" -eq 0 ] || fail "kernel OOM killer fired"
expect_alive bystander
expect_alive heartbeat
EXTRA=",\"soak_s\":$SOAK,\"cycles\":$cycles,\"rss_first_kib\":$rss1,\"rss_max_kib\":$rss_max,\"fds_first\":$fds1,\"fds_max\":$fds_max,\"scores_max\":$scores_max"
OUTCOME="every hog killed by bustd and nothing else; RSS and descriptor count (but the held oom_scores, within their bound) flat from the first cycle to the last"
finish
