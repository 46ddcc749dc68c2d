#!/bin/bash
# bench.sh: bustd against earlyoom (Debian's binary) and against no daemon,
# in the QEMU harness of test-vm/, in one run; writes docs/BENCHMARKS.md and
# its plots. `make bench` runs it. Benchmarks measure, they never fail on
# timing: the exit status is non-zero only when something could not run.
#
#   scripts/bench.sh [STEP...]   steps: build host vms report (default: all)
#
# Knobs: BENCH_N=3 (repeats per figure), JOBS=2 (guests at a time),
# ONLY='fast-*' (run only the guests whose id matches, e.g. with STEP vms),
# BENCH_QUICK=1 (1 repeat, short windows: for trying the pipeline, not for
# docs/), BUSTD=./bustd, EARLYOOM=/usr/bin/earlyoom.
#
# Raw results: build/bench/ (images, console logs, host traces, results.json).
# Every memory-eating workload runs in a guest; the host only starts 1000
# `sleep` processes for the syscall count, and kills them after.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build/bench
vmd=$out/vm
logs=$out/logs
export VM_DIR=$vmd # test-vm/vm.sh boots our images, not build/vm's
export VM_KVM=0    # TCG only: the figures are compared across one method
BUSTD=${BUSTD:-$top/bustd}
EARLYOOM=${EARLYOOM:-/usr/bin/earlyoom}
JOBS=${JOBS:-2}
N=${BENCH_N:-3}
QUICK=${BENCH_QUICK:-0}
WIN=30 # seconds per rest measurement
SLIMIT=20 # seconds a sustained-thrash hold may last before the script ends it
SLOW500='bench_variant=min-sleep-500 bench_args=--min-sleep,500'
if [ "$QUICK" = 1 ]; then
	N=1 WIN=10
fi

say() { printf 'bench: %s\n' "$*"; }
die() { printf 'bench: error: %s\n' "$*" >&2; exit 1; }

# --- tools ------------------------------------------------------------------
tools() {
	local missing=''
	command -v gnuplot >/dev/null || missing="$missing gnuplot-nox"
	command -v strace >/dev/null || missing="$missing strace"
	[ -x "$EARLYOOM" ] || missing="$missing earlyoom"
	command -v python3 >/dev/null || missing="$missing python3"
	if [ -n "$missing" ]; then
		[ "$(id -u)" = 0 ] || die "need root to install:$missing"
		say "apt-get install$missing"
		# shellcheck disable=SC2086 # one word per package
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing \
			>/dev/null || die "apt-get install$missing failed"
	fi
}

# --- images: our own copy, so a concurrent `make check-vm` cannot rebuild
# build/vm/ under a running benchmark ----------------------------------------
build() {
	local cache=$top/build/vm-cache tree=$vmd/root mods size lib
	[ -x "$BUSTD" ] || die "no bustd at $BUSTD (make)"
	[ -s "$cache/vmlinuz" ] || die "no guest kernel: run scripts/deps.sh"
	mkdir -p "$vmd/bin"
	say "images in ${vmd#"$top"/}"
	make -s -C "$top/test-vm/workloads" CC=musl-gcc OUT="$vmd/bin" || die "workloads"
	for p in sampler runtime idler stamp; do
		musl-gcc -Os -Wall -Wextra -static -s -o "$vmd/bin/$p" \
			"$top/test-vm/bench/$p.c" || die "$p.c"
	done
	mods=$(sed -n 's/^MODULES="\(.*\)"$/\1/p' "$top/test-vm/build.sh")
	"$top/initramfs/mkinitramfs.sh" -k "$cache/modules" -m "$mods" \
		"$vmd/boot.cpio.gz" || die "boot.cpio.gz"
	"$top/initramfs/mkinitramfs.sh" -t -b "$BUSTD" -w "$vmd/bin" \
		-s "$top/test-vm/scenarios" "$tree" || die "root tree"
	cp "$top"/test-vm/bench/*.sh "$tree/scenarios/"
	# scenario 24's working set (sthrash.sh): random, so every block is
	# stored and read; build/vm's when it has one
	if [ ! -s "$vmd/ws.dat" ]; then
		if [ -s "$top/build/vm/ws.dat" ]; then
			cp "$top/build/vm/ws.dat" "$vmd/ws.dat"
		else
			head -c $((64 << 20)) /dev/urandom >"$vmd/ws.dat"
		fi
	fi
	mkdir -p "$tree/data"
	ln "$vmd/ws.dat" "$tree/data/ws.dat" 2>/dev/null || cp "$vmd/ws.dat" "$tree/data/"
	# earlyoom as Debian ships it: the binary, the libraries ldd names and
	# the dynamic loader, at the paths the binary asks for.
	cp "$EARLYOOM" "$tree/usr/bin/earlyoom"
	for lib in $(ldd "$EARLYOOM" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'); do
		mkdir -p "$tree$(dirname "$lib")"
		cp -L "$lib" "$tree$lib"
	done
	size=$(($(du -sm "$tree" | cut -f1) + 16))
	rm -f "$vmd/root.ext4"
	mkfs.ext4 -q -F -O ^has_journal -L bustd-bench -E root_owner=0:0 \
		-d "$tree" "$vmd/root.ext4" "${size}M" >/dev/null || die "mkfs.ext4"
	rm -rf "$tree"
	[ -f "$vmd/big.img" ] || truncate -s 512M "$vmd/big.img"
}

# --- host: syscalls per process of one victim choice (strace), with and
# without 1000 extra sleeping processes ---------------------------------------
nprocs() { local p=(/proc/[0-9]*); echo ${#p[@]}; }

host_trace() { # TAG: bustd --once and 3 earlyoom --dryrun scans, traced
	local tag=$1 d=$out/host
	nprocs >"$d/procs-$tag"
	strace -f -o "$d/bustd-$tag.trace" "$BUSTD" --once >/dev/null 2>&1
	# -m 99,99 (its limit): memory always "low", so earlyoom scans on every
	# wake-up; 10 s: strace slows it enough that fewer would give < 2 scans
	timeout -s INT 10 strace -f -o "$d/earlyoom-$tag.trace" \
		"$EARLYOOM" --dryrun -m 99,99 -r 0 >"$d/earlyoom-$tag.out" 2>&1
	nprocs >>"$d/procs-$tag"
}

host() {
	local d=$out/host pids=()
	rm -rf "$d"
	mkdir -p "$d"
	say "host: strace of one victim choice, $(nprocs) processes"
	host_trace base
	for _ in $(seq 1000); do
		sleep 600 &
		pids+=($!)
	done
	sleep 1
	say "host: again with 1000 more (sleep 600)"
	host_trace more
	kill "${pids[@]}" 2>/dev/null
	wait "${pids[@]}" 2>/dev/null
	{
		uname -srm
		sed -n 's/^PRETTY_NAME="\(.*\)"/\1/p' /etc/os-release
		sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1
		nproc
		qemu-system-x86_64 --version | head -n 1
		cat "$top/build/vm-cache/kver"
		"$EARLYOOM" -v 2>&1 | head -n 1
		"$BUSTD" -v 2>&1 | head -n 1
		gnuplot --version
		musl-gcc --version 2>/dev/null | head -n 1
	} >"$d/versions"
	# sizes: bustd; earlyoom and what it loads
	{
		echo "bustd $(stat -c %s "$BUSTD") static"
		echo "earlyoom $(stat -c %s "$EARLYOOM") dynamic"
		ldd "$EARLYOOM" | awk '$2 == "=>" && $3 ~ /^\// { print $1, $3 } $1 ~ /^\// { print $1, $1 }' |
			while read -r name path; do
				echo "lib $(stat -L -c %s "$path") $name"
			done
	} >"$d/sizes"
}

# --- guests --------------------------------------------------------------------
jobs_list() { # "id|vm.sh args|scenario|kernel args" per line, longest first
	local d r m
	local o
	# issue 12's cases, one guest per daemon, the repeats inside it (the
	# sleepers, the cache and the working set are set up once)
	# bustd in the 2 GiB guest with 10,000 sleepers and with 1,000 and
	# 5,000: does its reading-to-signal grow with the number of processes?
	# 2N runs: the first of each guest is slow (TCG translates the kill
	# path the first time it runs) and is not counted in that comparison
	for p in 10000 1000 5000; do
		echo "procs$((p / 1000))k-bustd|-m 2048 -t 1200 -r -b|procs|bench_daemon=bustd bench_procs=$p bench_runs=$((2 * N))"
	done
	echo "procs10k-earlyoom|-m 2048 -t 1200 -r -b|procs|bench_daemon=earlyoom bench_procs=10000 bench_runs=$N"
	for d in earlyoom bustd; do
		echo "sthrash-$d|-m 256 -t 1200 -r|sthrash|bench_daemon=$d bench_runs=$N bench_limit=$SLIMIT"
	done
	for d in bustd earlyoom none; do
		echo "race-$d|-m 256 -t 900 -r -b|race|bench_daemon=$d bench_runs=$((2 * N)) bench_win=$([ $d = none ] && echo 0 || echo $WIN)"
	done
	for d in bustd earlyoom; do
		echo "procs2k-$d|-m 512 -t 600 -r -b|procs|bench_daemon=$d bench_procs=2000 bench_runs=$N"
	done
	for o in first last; do
		echo "scan-$o|-m 1536 -t 900 -r|scan|bench_daemon=both bench_order=$o bench_counts=1000,5000,10000 bench_once=$((QUICK == 1 ? 3 : 5)) bench_scans=3"
	done
	for r in $(seq "$N"); do
		for d in bustd earlyoom; do
			echo "rest-$d-$r|-m 256 -t 400 -r|rest|bench_daemon=$d bench_rep=$r bench_loads=10,50,80 bench_win=$WIN"
			echo "restbig-$d-$r|-m 2048 -t 300 -r|rest|bench_daemon=$d bench_rep=$r bench_loads=10 bench_win=$WIN"
		done
	done
	# bustd with --min-sleep 500: one wake-up in 500 ms at most, i.e. 1/5
	# of earlyoom's ten a second, what the rest targets ask for
	for r in $(seq "$N"); do
		echo "restv-bustd-$r|-m 256 -t 400 -r|rest|bench_daemon=bustd $SLOW500 bench_rep=$r bench_loads=10,50,80 bench_win=$WIN"
	done
	for m in thrash slow fast; do
		for r in $(seq "$N"); do
			for d in bustd earlyoom none; do
				echo "$m-$d-$r|-m 256 -t 300 -r|hog|bench_daemon=$d bench_rep=$r bench_mode=$m bench_limit=150"
			done
		done
	done
	for l in 10 80; do
		for r in $(seq "$N"); do
			for d in bustd earlyoom; do
				echo "fastest-$l-$d-$r|-m 256 -t 120 -r|fastest|bench_daemon=$d bench_rep=$r bench_load=$l"
			done
			echo "fastest-$l-bustd500-$r|-m 256 -t 120 -r|fastest|bench_daemon=bustd $SLOW500 bench_rep=$r bench_load=$l"
		done
	done
	for r in $(seq "$N"); do
		for d in bustd earlyoom none; do
			echo "cache-$d-$r|-m 256 -t 300 -r -b|cache|bench_daemon=$d bench_rep=$r"
		done
	done
}

run_one() { # id "vm args" scenario "kernel args"
	local id=$1 t=$SECONDS rc
	# shellcheck disable=SC2086 # vm.sh options are words
	"$top/test-vm/vm.sh" $2 -a "$4" "$3" 2>&1 | tr -d '\r' >"$logs/$id.log"
	rc=${PIPESTATUS[0]}
	if grep -q '^RESULT ' "$logs/$id.log"; then
		printf '  %-20s %4ds\n' "$id" $((SECONDS - t))
	else
		printf '  %-20s %4ds  NO RESULT (exit %s), see %s\n' "$id" \
			$((SECONDS - t)) "$rc" "${logs#"$top"/}/$id.log"
	fi
}

# the host's load while the guests run, every 15 s: "s loadavg1 ours
# others" (QEMU processes booting our images, and everyone else's): the
# host is shared, and a guest's timing stretches with the load
loadwatch() {
	local ours others
	while :; do
		ours=$(ps -eo args= | grep -c "^[q]emu-system.*$vmd/")
		others=$(($(ps -eo args= | grep -c '^[q]emu-system') - ours))
		echo "$SECONDS $(cut -d' ' -f1 /proc/loadavg) $ours $others"
		sleep 15
	done >"$out/load"
}

vms() {
	local list id args sc kargs n=0 lw
	rm -rf "$logs"
	mkdir -p "$logs"
	loadwatch &
	lw=$!
	mapfile -t list < <(jobs_list)
	say "${#list[@]} guests, $JOBS at a time (N=$N)"
	for line in "${list[@]}"; do
		IFS='|' read -r id args sc kargs <<<"$line"
		if [ -n "${ONLY:-}" ]; then
			# shellcheck disable=SC2254 # ONLY is a glob: ONLY='fast-*'
			case $id in $ONLY) ;; *) continue ;; esac
		fi
		while [ "$(jobs -rp | wc -l)" -gt "$JOBS" ]; do # and loadwatch
			wait -n
		done
		n=$((n + 1))
		run_one "$id" "$args" "$sc" "$kargs" &
	done
	while [ "$(jobs -rp | wc -l)" -gt 1 ]; do
		wait -n
	done
	kill "$lw" 2>/dev/null
	wait
}

report() {
	local el=()
	# the whole run's time, when this is one; else the last one recorded
	[ "$full" = 1 ] && el=(--elapsed $((SECONDS - t0)))
	say "report: docs/BENCHMARKS.md"
	python3 "$top/scripts/bench-report.py" --build "$out" --docs "$top/docs" \
		--n "$N" --quick "$QUICK" "${el[@]}" || die "report failed"
}

steps=${*:-tools build host vms report}
full=0
[ "$steps" = "tools build host vms report" ] && full=1
t0=$SECONDS
for s in $steps; do
	case $s in
	tools | build | host | vms | report) "$s" ;;
	*) die "unknown step $s (tools build host vms report)" ;;
	esac
done
[ "$full" = 0 ] || echo "$((SECONDS - t0))" >"$out/elapsed"
say "done in $((SECONDS - t0)) s"
