#!/bin/sh
# cross.sh: bustd on the other architectures, without their hardware.  For
# each one: build it (make ARCH=... cross), then under qemu-user run the
# unit tests (static, same toolchain, no sanitizers), `bustd --version`,
# `bustd --once` and `bustd -n --dry-run` through SIGUSR1 and SIGTERM, and
# check the no-heap table on the unstripped binary.
# One [OK]/[FAIL] line per check, `N passed, N failed` at the end.
#
# Installs what it needs when run as root: Debian's cross gcc per
# architecture, its multiarch musl (musl-dev:arm64 ...; none for riscv64
# and big-endian mips, which link src/rt/minilibc.c) and qemu-user-static.
# mips is the one big-endian CPU here: the 64-bit pread offset split into
# a register pair, the kernel's sigset words and struct sigaction are
# where it would go wrong, and --once and the signal round trip use them.
#
# Knobs: ARCHS="aarch64 mipsel" (default: all seven), NO_DEPS=1 (install
# nothing), DEPS_ONLY=1 (install, check nothing).
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
ARCHS=${ARCHS:-x86_64 aarch64 armv7 armel mipsel mips riscv64}
out=$top/build/cross
passed=0 failed=0

say() { printf 'cross: %s\n' "$*"; }
die() { printf 'cross: error: %s\n' "$*" >&2; exit 1; }
ok() { passed=$((passed + 1)); echo "[OK] $*"; }
fail() { failed=$((failed + 1)); echo "[FAIL] $*"; }

# arch -> Debian architecture, gcc triplet, musl wrapper, qemu-user name
debarch() {
	case $1 in
	x86_64) echo amd64 ;; aarch64) echo arm64 ;; armv7) echo armhf ;;
	armel) echo armel ;; mipsel) echo mipsel ;; mips) echo mips ;;
	riscv64) echo riscv64 ;;
	*) die "unknown ARCH $1 (x86_64 aarch64 armv7 armel mipsel mips riscv64)" ;;
	esac
}
triplet() {
	case $1 in
	armv7) echo arm-linux-gnueabihf ;; armel) echo arm-linux-gnueabi ;;
	*) echo "$1-linux-gnu" ;;
	esac
}
qemu_name() {
	case $1 in armv7 | armel) echo arm ;; *) echo "$1" ;; esac
}

deps() {
	host=$(dpkg --print-architecture)
	missing='' arches=''
	for a in $ARCHS; do
		d=$(debarch "$a") t=$(triplet "$a")
		command -v "$t-gcc" >/dev/null ||
			missing="$missing gcc-$(echo "$t" | tr _ -)"
		# no musl in Debian 12 (mips: no Debian architecture at all):
		# bustd links src/rt/, the unit tests the cross glibc
		case $a in riscv64 | mips)
			[ -f "/usr/$t/lib/libc.a" ] ||
				missing="$missing libc6-dev-$d-cross"
			continue ;;
		esac
		[ -d "/usr/lib/$(echo "$t" | sed 's/gnu/musl/')" ] ||
			missing="$missing musl-dev:$d"
		if [ "$d" != "$host" ] &&
			! dpkg --print-foreign-architectures | grep -qx "$d"; then
			arches="$arches $d"
		fi
		[ "$d" = "$host" ] && ! command -v musl-gcc >/dev/null &&
			missing="$missing musl-tools"
	done
	command -v qemu-aarch64-static >/dev/null ||
		missing="$missing qemu-user-static"
	[ -n "$missing" ] || return 0
	[ "$(id -u)" = 0 ] || die "need root to install:$missing"
	for d in $arches; do
		say "dpkg --add-architecture $d"
		dpkg --add-architecture "$d"
	done
	say "apt-get install$missing"
	# a foreign architecture's index may fail mid-sync; what is needed
	# is checked by the install itself
	apt-get update -qq >/dev/null 2>&1 || say "apt-get update reported errors"
	# shellcheck disable=SC2086 # one word per package
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing \
		>/dev/null || die "apt-get install$missing failed"
}

# emulator ARCH: the qemu-user to run its binaries with, none when native
emulator() {
	[ "$1" = "$(uname -m)" ] || echo "qemu-$(qemu_name "$1")-static"
}

# run ARCH PROGRAM ARGS...
run() {
	a=$1
	shift
	# shellcheck disable=SC2046 # no word when native
	$(emulator "$a") "$@"
}

check_arch() {
	a=$1 d=$out/$1
	mkdir -p "$d"
	if ! make -s -C "$top" ARCH="$a" cross >"$d/build.log" 2>&1; then
		fail "$a build: see build/cross/$a/build.log"
		tail -n 5 "$d/build.log"
		return
	fi
	ok "$a build: bustd $(stat -c %s "$d/bustd") bytes stripped"

	if (cd "$top/tests" && run "$a" "$d/unit") >"$d/unit.log" 2>&1; then
		ok "$a unit tests: $(tail -n 1 "$d/unit.log")"
	else
		fail "$a unit tests: see build/cross/$a/unit.log"
		grep '^\[FAIL\]' "$d/unit.log" | head -n 5
		tail -n 1 "$d/unit.log"
	fi

	v=$(run "$a" "$d/bustd" --version 2>&1)
	case $v in
	"bustd "*) ok "$a --version: $v" ;;
	*) fail "$a --version: '$v'" ;;
	esac

	if run "$a" "$d/bustd" --once >"$d/once.log" 2>&1 &&
		grep -q '^verdict:' "$d/once.log"; then
		ok "$a --once: $(grep '^verdict:' "$d/once.log")"
	else
		fail "$a --once: see build/cross/$a/once.log"
		head -n 3 "$d/once.log"
	fi

	# the daemon loop and its signal handlers (sigaction, sigreturn)
	# under qemu-user: --dry-run never signals anyone
	# created first: the wait below greps it before the background
	# shell may have opened it
	: >"$d/signals.log"
	# no shell function here: $! must be bustd (or its qemu) itself
	# shellcheck disable=SC2046 # no word when native
	$(emulator "$a") "$d/bustd" -n --dry-run >"$d/signals.log" 2>&1 &
	pid=$!
	# the handlers are in place right after the start line (which can
	# take seconds: mlockall, the dry pass over /proc); never signal
	# before, when SIGUSR1 still kills
	i=0
	while [ $i -lt 60 ] && ! grep -q '^bustd: start' "$d/signals.log"; do
		sleep 0.5
		i=$((i + 1))
	done
	sleep 1
	kill -USR1 "$pid" 2>/dev/null
	sleep 1
	kill -TERM "$pid" 2>/dev/null
	i=0
	while [ $i -lt 20 ] && kill -0 "$pid" 2>/dev/null; do
		sleep 0.5
		i=$((i + 1))
	done
	kill -KILL "$pid" 2>/dev/null
	rc=0
	wait "$pid" || rc=$?
	if [ "$rc" = 0 ] && grep -q '^bustd: status' "$d/signals.log" &&
		grep -q 'exit on SIGTERM' "$d/signals.log"; then
		ok "$a SIGUSR1 status line, SIGTERM exit 0"
	else
		fail "$a signals (exit $rc): see build/cross/$a/signals.log"
		tail -n 3 "$d/signals.log"
	fi

	if "$top/tests/no-heap.sh" "$d/bustd.unstripped" \
		"$(triplet "$a")-nm" >"$d/no-heap.log" 2>&1; then
		ok "$a no heap, no stdio, static"
	else
		fail "$a no heap, no stdio, static: see build/cross/$a/no-heap.log"
		grep '^\[FAIL\]' "$d/no-heap.log"
	fi
}

[ "${NO_DEPS:-0}" = 1 ] || deps
[ "${DEPS_ONLY:-0}" = 1 ] && exit 0
for a in $ARCHS; do
	debarch "$a" >/dev/null
	check_arch "$a"
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
