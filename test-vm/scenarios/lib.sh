# lib.sh: helpers for the guest-side scenario scripts (BusyBox ash).
# A scenario sources this, starts processes with spawn/track, asserts with
# fail/expect_*, and ends with finish, which prints one RESULT line (JSON)
# on the console for test-vm/run.sh to collect.
# shellcheck shell=sh

BUSTD=${BUSTD:-/sbin/bustd}
BUSTD_LOG=/tmp/bustd.log
HB_FILE=/tmp/heartbeat.ms
FAILS=''      # failed assertions, "; "-joined
TRACKED=''    # "name=pid ..." of processes whose survival is reported
BUSTD_PID=''
HOG_MS=''     # ms from hog start to its death
EXTRA=''      # scenario-specific JSON members, ",\"k\":v" each
OUTCOME=''    # what bustd did, in words, for docs/RELIABILITY.md; reported
              # only when every assertion held
LOG_SOURCE='file' # where bustd's lines are: file (stderr), kmsg or syslog
SYSLOG_FILE=/tmp/messages # BusyBox syslogd's output, for LOG_SOURCE=syslog

fail() { FAILS="${FAILS:+$FAILS; }$*"; }

# Milliseconds since boot; /proc/uptime has centiseconds. The fraction is
# stripped of its leading zero so ash does not read "09" as octal.
now_ms() {
	read -r _up _ </proc/uptime
	_f=${_up#*.}
	_f=${_f#0}
	echo $((${_up%.*} * 1000 + _f * 10))
}

mem_kib() { # MemTotal, MemAvailable, ... from /proc/meminfo
	while read -r _k _v _; do
		[ "$_k" = "$1:" ] && { echo "$_v"; return; }
	done </proc/meminfo
}

# spawn ADJ LOG CMD...: start CMD in the background with oom_score_adj ADJ
# (this shell runs at -1000, which children would inherit); sets PID.
spawn() {
	_adj=$1 _log=$2
	shift 2
	(echo "$_adj" >/proc/self/oom_score_adj && exec "$@") >"$_log" 2>&1 &
	PID=$!
}

track() { TRACKED="$TRACKED $1=$2"; }

# wait_cached KIB: until the page cache holds KIB (a working set just
# started is read in), 30 s at most.
wait_cached() {
	_i=0
	while [ "$(mem_kib Cached)" -lt "$1" ] && [ $_i -lt 300 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
}

pid_of() { # tracked name -> pid
	for _t in $TRACKED; do
		[ "${_t%%=*}" = "$1" ] && { echo "${_t#*=}"; return; }
	done
}

alive() { # a zombie is dead: it only waits to be reaped
	# no PID is a broken test, not a dead process (and /proc//stat would
	# be /proc/stat, which reads as alive)
	case $1 in '' | *[!0-9]*) fail "alive: '$1' is not a PID"; return 1 ;; esac
	read -r _stat 2>/dev/null </proc/"$1"/stat || return 1
	# shellcheck disable=SC2086 # split the stat line into fields
	set -- $_stat
	[ "$3" != Z ] && [ "$3" != X ]
}

# expect_alive NAME, expect_dead NAME: NAME must be tracked; an unknown
# name fails (a typo must not pass as "alive" or "dead").
expect_alive() {
	_p=$(pid_of "$1")
	if [ -z "$_p" ]; then fail "expect_alive: '$1' is not tracked"
	elif ! alive "$_p"; then fail "$1 died"
	fi
}
expect_dead() {
	_p=$(pid_of "$1")
	if [ -z "$_p" ]; then fail "expect_dead: '$1' is not tracked"
	elif alive "$_p"; then fail "$1 still alive"
	fi
}

# Extra bustd arguments for a control run, from the kernel command line's
# bustd_extra="..." (test-vm/run.sh sets it from BUSTD_EXTRA_ARGS; the
# kernel hands an unknown NAME=VALUE word to init as an environment
# variable, quotes removed). Space-separated words, appended after the
# scenario's own arguments, so they win.
BUSTD_EXTRA=${bustd_extra:-}
EXTRA_USED='' # 1 once start_bustd has passed them; finish reports them

# BUSTD_NOSYS: options of the nosys launcher (tests/fault/nosys.c), e.g.
# --pidfd: start_bustd runs bustd under its seccomp filter, those calls
# failing ENOSYS as on an older kernel, and watches bustd's descriptors;
# finish fails if bustd is not under the filter or ever held a pidfd.
# The kernel command line's nosys_control=1 starts bustd without the
# launcher and keeps the checks: they must fail then (a control).
BUSTD_NOSYS=${BUSTD_NOSYS:-}
PIDFD_MAX=/tmp/pidfds.max

# pidfd_watch PID: every 0.1 s, how many pidfds PID holds (the fdinfo of
# a pidfd alone has a "Pid:" line; builtins only, no fork per sample);
# the most seen goes to $PIDFD_MAX.
pidfd_watch() {
	echo 0 >"$PIDFD_MAX"
	(_max=0
	while alive "$1"; do
		_n=0
		for _f in /proc/"$1"/fdinfo/*; do
			while read -r _k _; do
				[ "$_k" = Pid: ] && _n=$((_n + 1))
			done 2>/dev/null <"$_f"
		done
		[ $_n -gt $_max ] && { _max=$_n; echo $_max >"$PIDFD_MAX"; }
		sleep 0.1
	done) &
}

start_bustd() { # ARGS...: bustd -n ARGS [BUSTD_EXTRA], stderr to $BUSTD_LOG
	if [ -n "$BUSTD_EXTRA" ]; then
		# shellcheck disable=SC2086 # words, by design
		set -- "$@" $BUSTD_EXTRA
		EXTRA_USED=1
		echo "CONTROL bustd extra arguments: $BUSTD_EXTRA"
	fi
	if [ -n "$BUSTD_NOSYS" ] && [ -z "${nosys_control:-}" ]; then
		# shellcheck disable=SC2086 # words, by design
		spawn 0 "$BUSTD_LOG" nosys $BUSTD_NOSYS "$BUSTD" -n "$@"
	else
		[ -n "$BUSTD_NOSYS" ] && echo "CONTROL bustd without nosys $BUSTD_NOSYS"
		spawn 0 "$BUSTD_LOG" "$BUSTD" -n "$@"
	fi
	BUSTD_PID=$PID
	[ -z "$BUSTD_NOSYS" ] || pidfd_watch "$BUSTD_PID"
	sleep 1 # let it lock itself in memory and take its first readings
	[ -z "$BUSTD_NOSYS" ] ||
		NOSYS_SECCOMP=$(sed -n 's/^Seccomp:[^0-9]*//p' /proc/"$BUSTD_PID"/status)
	alive "$BUSTD_PID" || fail "bustd exited at start: $(head -c 300 "$BUSTD_LOG")"
}

# For BUSTD_NOSYS: bustd ran under the filter (Seccomp: 2 in its status,
# read at start, as nosys exec'd it), never held a pidfd and, if it
# signalled anyone, said once that it signals by PID (src/kill.c).
nosys_check() {
	_pf=$(cat "$PIDFD_MAX" 2>/dev/null)
	if bustd_lines | grep -q '^bustd: kill '; then
		_said=$(bustd_lines | grep -c '^bustd: no pidfd')
		[ "$_said" = 1 ] || fail "$_said 'no pidfd' lines, want 1"
	fi
	EXTRA="$EXTRA,\"nosys\":$(json_str "$BUSTD_NOSYS"),\"seccomp\":\"${NOSYS_SECCOMP:-?}\",\"pidfds_seen\":${_pf:-null}"
	[ "$NOSYS_SECCOMP" = 2 ] || fail "bustd not under the nosys filter (Seccomp: ${NOSYS_SECCOMP:-none})"
	[ "${_pf:-1}" = 0 ] || fail "bustd held ${_pf:-an unknown number of} pidfds with pidfd_open failing"
}

# cost_snap PID: "ctxsw cpu_ns": voluntary + involuntary context switches
# (each one a wake-up for a process that sleeps) and schedstat's CPU time.
cost_snap() {
	_c=0
	while read -r _k _v; do
		case $_k in voluntary_ctxt_switches: | nonvoluntary_ctxt_switches:)
			_c=$((_c + _v)) ;;
		esac
	done <"/proc/$1/status"
	read -r _ns _ </proc/"$1"/schedstat
	echo "$_c $_ns"
}

start_bystander() { # MIB: a process holding MIB that must survive
	spawn 0 /tmp/bystander.log bystander -m "$1" -n bystander
	track bystander "$PID"
}

# between_levels_mib: how many MiB a hog must hold for available memory to
# settle halfway between the default TERM (10%) and KILL (5%) levels, where
# only an escalation after the grace period can end it.
between_levels_mib() {
	_mid=$(($(mem_kib MemTotal) * 3 / 40))
	echo $((($(mem_kib MemAvailable) - _mid) / 1024))
}

start_heartbeat() {
	spawn 0 /tmp/heartbeat.log heartbeat "$HB_FILE"
	track heartbeat "$PID"
}

# start_swept_set DUTY: two readers (wsreader1 and 2) of the working set
# $WS, flat out DUTY ms of every 100, in step; the PIDs in $readers, any
# earlier pair stopped first. -a, and no readahead on the disk instead:
# a 6.1 kernel stalls the same either way, but 6.12's multi-gen LRU
# ignores a MADV_RANDOM mapping's recency, counts none of its refaults as
# a stall and showed 0.4-7.5 % where 6.1 showed 13-62 % (test-vm/README.md)
start_swept_set() {
	echo 0 >/sys/block/vda/queue/read_ahead_kb
	for p in $readers; do kill "$p"; wait "$p" 2>/dev/null; done
	readers=''
	for i in 1 2; do
		# shellcheck disable=SC2086 # empty, or one flag
		spawn 0 "/tmp/ws$i.log" wsreader ${2--a} -d "$1" -n "wsreader$i" "$WS"
		readers="$readers $PID"
	done
}

# shellcheck disable=SC2034 # results for the scenario that called it
# wait_dead PID SECS: wait for our child PID to die, killing it after SECS.
# Sets DEAD_MS (uptime ms at death), DEAD_RC (its wait status) and
# TIMED_OUT (1 if we killed it). A PID that is not this shell's child
# cannot be waited for (wait returns at once): that fails the scenario
# instead of passing for a death.
wait_dead() {
	rm -f /tmp/watchdog."$1"
	(sleep "$2" && kill -KILL "$1" 2>/dev/null && : >/tmp/watchdog."$1") &
	_wd=$!
	wait "$1" 2>/dev/null
	DEAD_RC=$?
	[ "$DEAD_RC" = 127 ] && alive "$1" &&
		fail "wait_dead: $1 is not a child of this shell"
	DEAD_MS=$(now_ms)
	kill "$_wd" 2>/dev/null
	TIMED_OUT=0
	[ ! -e /tmp/watchdog."$1" ] || TIMED_OUT=1
}

# wait_line FILE PATTERN SECS: poll until FILE has a line matching PATTERN.
wait_line() {
	_end=$(($(now_ms) + $3 * 1000))
	while [ "$(now_ms)" -lt "$_end" ]; do
		grep -q "$2" "$1" 2>/dev/null && return 0
		sleep 0.2
	done
	return 1
}

bustd_lines() {
	case $LOG_SOURCE in
	kmsg) dmesg | sed -n 's/^.*\(bustd: \)/\1/p' ;;
	syslog) sed -n 's/^.*\(bustd: \)/\1/p' "$SYSLOG_FILE" 2>/dev/null ;;
	*) cat "$BUSTD_LOG" 2>/dev/null ;;
	esac
}

killed_by_bustd() { bustd_lines | grep -q "^bustd: kill pid=$1 "; }

# expect_bustd_kills SECS HOG-ARGS...: start the hog workload, wait up to
# SECS for its death, and assert that bustd killed it, not the kernel's OOM
# killer.  Sets HOG (its pid) and HOG_MS (start to death).
expect_bustd_kills() {
	_secs=$1
	shift
	_t0=$(now_ms)
	spawn 0 /tmp/hog.log hog "$@"
	HOG=$PID
	wait_dead "$HOG" "$_secs"
	HOG_MS=$((DEAD_MS - _t0))
	[ "$TIMED_OUT" = 0 ] || fail "hog alive after $_secs s"
	killed_by_bustd "$HOG" || fail "bustd did not kill the hog"
	[ "$(kernel_ooms)" -eq 0 ] || fail "kernel OOM killer fired"
}

# Any trace of the kernel's OOM killer counts as it having fired.
kernel_ooms() { dmesg | grep -c -E 'invoked oom-killer|Out of memory|oom-kill:'; }

# A JSON string without escapes: quotes and backslashes become ' and /,
# control characters spaces (the runner's awk does not unescape).
json_str() { printf '"%s"' "$(printf '%s' "$1" | tr '"\\\n\t\r' "'/   ")"; }

finish() {
	if [ -n "$BUSTD_PID" ] && ! alive "$BUSTD_PID"; then
		fail "bustd died"
	fi
	[ -z "$BUSTD_NOSYS" ] || nosys_check
	_koom=$(kernel_ooms)
	_kills=$(bustd_lines | grep '^bustd: kill ' |
		sed 's/^bustd: kill pid=\([0-9]*\) .*/\1/' | sort -u | wc -l)
	_signals=$(bustd_lines | grep -c '^bustd: kill ')
	if [ "$_koom" -gt 0 ]; then
		_killer=kernel
		[ "$_kills" -eq 0 ] || _killer=kernel+bustd
		_victim=$(dmesg | sed -n 's/.*Killed process [0-9]* (\([^)]*\)).*/\1/p' | head -n 1)
	elif [ "$_kills" -gt 0 ]; then
		_killer=bustd
		_victim=$(bustd_lines | sed -n 's/^bustd: kill pid=[0-9]* name=\([^ ]*\) .*/\1/p' | head -n 1)
	else
		_killer=none _victim=''
	fi
	_surv=''
	for _t in $TRACKED; do
		alive "${_t#*=}" && _surv="${_surv:+$_surv,}${_t%%=*}"
	done
	_hb=null
	[ -s "$HB_FILE" ] && _hb=$(cat "$HB_FILE")
	_rss=null
	if [ -n "$BUSTD_PID" ] && [ -r /proc/"$BUSTD_PID"/smaps_rollup ]; then
		_rss=$(sed -n 's/^Rss: *\([0-9]*\).*/\1/p' /proc/"$BUSTD_PID"/smaps_rollup)
	fi

	# Context for a human reading build/vm-logs/, kept short: serial is slow.
	bustd_lines | head -n 40 | sed 's/^/LOG /'
	dmesg | grep -E -A1 'invoked oom-killer|Out of memory' | head -n 6 | sed 's/^/DMESG /'

	_pass=true
	[ -z "$FAILS" ] || _pass=false
	[ -n "$OUTCOME" ] && [ "$_pass" = true ] &&
		EXTRA="$EXTRA,\"outcome\":$(json_str "$OUTCOME")"
	[ -n "$EXTRA_USED" ] &&
		EXTRA="$EXTRA,\"bustd_extra\":$(json_str "$BUSTD_EXTRA")"
	printf 'RESULT {"name":%s,"pass":%s,"why":%s,"killer":"%s","victim":%s,"ms":%s,"survivors":%s,"hb_worst_ms":%s,"kills":%s,"signals":%s,"kernel_oom":%s,"bustd_rss_kib":%s%s}\n' \
		"$(json_str "$SCENARIO")" "$_pass" "$(json_str "${FAILS:-ok}")" \
		"$_killer" "$(json_str "$_victim")" "${HOG_MS:-null}" \
		"$(json_str "$_surv")" "$_hb" "$_kills" "$_signals" "$_koom" \
		"${_rss:-null}" "$EXTRA"
}

# sampler FILE (the negatives, 29-31): once a second, the lowest
# MemAvailable and MemFree (KiB) seen and the highest share of that second
# with some task stalled on memory (PSI "some", hundredths of a percent),
# as "avail free stall"
sampler() {
	_ma=999999999 _mf=999999999 _mp=0 _t0='' _m0=''
	while :; do
		while read -r _k _v _; do
			case $_k in
			MemFree:) [ "$_v" -lt "$_mf" ] && _mf=$_v ;;
			MemAvailable:) [ "$_v" -lt "$_ma" ] && _ma=$_v ;;
			esac
		done </proc/meminfo
		# the clock read right beside the stall total, without a fork
		# (a fork under load would skew the window)
		read -r _up _ </proc/uptime
		read -r _ _ _ _ _t </proc/pressure/memory
		_f=${_up#*.}
		_t=${_t#total=} _m=$((${_up%.*} * 1000 + ${_f#0} * 10))
		if [ -n "$_t0" ] && [ "$_m" -gt "$_m0" ]; then
			_p=$(((_t - _t0) * 10 / (_m - _m0)))
			[ "$_p" -gt "$_mp" ] && _mp=$_p
		fi
		_t0=$_t _m0=$_m
		echo "$_ma $_mf $_mp" >"$1"
		sleep 1
	done
}

vmstat_sum() { # sum of /proc/vmstat counters whose names begin with $1
	_s=0
	while read -r _k _v; do
		case $_k in "$1"*) _s=$((_s + _v)) ;; esac
	done </proc/vmstat
	echo "$_s"
}
