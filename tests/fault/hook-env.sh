#!/bin/sh
# hook-env.sh BIN PYTHON DIR - what the -N hook inherits from bustd.
# Run as PID 1 of a new PID namespace (unshare -pf --mount-proc): bustd
# sees and can signal only what runs here.  A 48 MiB sleeper is the only
# process big enough to choose; a TERM level at all of RAM makes bustd
# SIGTERM it at once, and the hook writes its own oom_score_adj and
# signal masks to DIR/hook.out.  bustd starts at oom_score_adj 300 (on a
# host without CAP_SYS_RESOURCE its -1000 fails and it stays there; in a
# VM it gets -1000): the hook must start where bustd started, with no
# signal ignored that bustd ignores (SIGPIPE, SIGHUP) and none blocked,
# and at nice 0 and the normal policy, whatever bustd raised itself to.
# Prints one line; exit 0 when all held.
BIN=$1 PY=$2 DIR=$3
out=$DIR/hook.out

"$PY" -c 'import time; x = b"x" * (48 << 20); time.sleep(30)' &
victim=$!
sleep 0.5 # its pages written
# shellcheck disable=SC2016 # the hook's shell expands $out
(echo 300 >/proc/self/oom_score_adj &&
	exec "$BIN" -n -M "$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)",1 -N "{ cat /proc/self/oom_score_adj;
		grep -E '^Sig(Blk|Ign):' /proc/self/status;
		cut -d' ' -f19,41 /proc/self/stat; } >$out.tmp;
		mv $out.tmp $out") 2>"$DIR/hook.err" &
bustd=$!
i=0
while [ ! -s "$out" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
kill -TERM "$bustd" "$victim" 2>/dev/null
wait "$bustd"
[ -s "$out" ] || { echo "no hook ran: $(tail -n 2 "$DIR/hook.err")"; exit 1; }
adj=$(sed -n 1p "$out")
blk=$(sed -n 's/^SigBlk:\s*//p' "$out")
ign=$(sed -n 's/^SigIgn:\s*//p' "$out")
sched=$(sed -n 4p "$out") # nice, policy
# SIGHUP is bit 0, SIGPIPE bit 12
if [ "$adj" = 300 ] && [ $((0x$blk)) = 0 ] && [ $((0x$ign & 0x1001)) = 0 ] &&
	[ "$sched" = "0 0" ]; then
	echo "the hook started at oom_score_adj $adj, SigIgn $ign, SigBlk $blk, nice and policy $sched"
	exit 0
fi
echo "oom_score_adj $adj (want 300), SigIgn $ign (want no SIGHUP 0x1, SIGPIPE 0x1000), SigBlk $blk (want 0), nice and policy $sched (want 0 0)"
exit 1
