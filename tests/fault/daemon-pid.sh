#!/bin/sh
# daemon-pid.sh BIN PYTHON DIR - the daemonized bustd excludes its own PID,
# not the PID it started with, which its parent gives back on exiting.
# Run as PID 1 of new PID and mount namespaces (unshare -m -pf
# --mount-proc): nothing outside can be seen or signalled.  bustd (no -n,
# --dry-run, the TERM level at all of RAM) logs to a /dev/log socket on a
# tmpfs /dev that a reader copies to DIR/daemon.log.  Once it runs, a 48
# MiB process is started at the PID bustd started with (ns_last_pid): it
# is the only process big enough to choose, so bustd must say it would
# kill it.  Prints one line; exit 0 when bustd did.
BIN=$1 PY=$2 DIR=$3
log=$DIR/daemon.log

if ! { touch "$DIR/null" && mount --bind /dev/null "$DIR/null" &&
	mount -t tmpfs none /dev && touch /dev/null &&
	mount --bind "$DIR/null" /dev/null; }; then
	echo "cannot set up /dev"
	exit 2
fi
"$PY" -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind("/dev/log")
open(sys.argv[1], "w").close()
while True:
    print(s.recv(4096).decode(errors="replace").rstrip("\n"), flush=True)
' "$log.ready" >"$log" 2>&1 &
i=0
while [ ! -e "$log.ready" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done

# $$ of this subshell is the PID bustd starts with
sh -c 'echo $$ >"$1"; shift; exec "$@"' sh "$DIR/first.pid" \
	"$BIN" --dry-run --syslog -M "$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)",1 ||
	{ echo "bustd failed to start"; exit 2; }
first=$(cat "$DIR/first.pid")
i=0
while ! grep -q 'bustd: start' "$log" && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
grep -q 'bustd: start' "$log" || { echo "no start line: $(head -c 200 "$log")"; exit 1; }

echo $((first - 1)) >/proc/sys/kernel/ns_last_pid
"$PY" -c 'import time; x = b"x" * (48 << 20); time.sleep(30)' &
victim=$!
[ "$victim" = "$first" ] || { echo "the new process got PID $victim, not $first"; exit 2; }

i=0
while ! grep -q "would kill pid=$victim " "$log" && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
daemon=$(grep -l '^bustd$' /proc/[0-9]*/comm 2>/dev/null | head -n 1 | cut -d/ -f3)
[ -n "$daemon" ] && kill -TERM "$daemon"
kill "$victim"
if grep -q "would kill pid=$victim " "$log"; then
	echo "bustd started as PID $first, runs as $daemon; the process given PID $first is chosen"
	exit 0
fi
echo "PID $first, reused, never chosen: $(grep -m 1 'warning: memory is low' "$log")"
exit 1
