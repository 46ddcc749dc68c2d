#!/bin/sh
# check.sh [BUSTD] - the board/ integrations, checked without Buildroot,
# Yocto or OpenWrt at hand: every shell script parses (sh -n, busybox sh
# -n) and is shellcheck-clean; the systemd unit passes systemd-analyze;
# every bustd flag the files pass is in bustd --help, and the OpenWrt
# config becomes a command line bustd accepts; the license hashes match;
# and the Makefile survives packagers' flags, built in a scratch copy of
# the tree (./bustd is never touched).  [OK]/[FAIL] lines, counted.
#
# BUSTD defaults to ./bustd, which "make check-board" builds first.

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
BIN=${1:-./bustd}
case $BIN in /*) ;; *) BIN=$top/$BIN ;; esac
TMP=$(mktemp -d) || exit 2
trap 'rm -rf "$TMP"' EXIT
passed=0 failed=0

ok() { passed=$((passed + 1)); echo "[OK] $1"; }
bad() { failed=$((failed + 1)); echo "[FAIL] $1"; }
skip() { echo "[SKIP] $1"; }

# A validator that is not installed is skipped on a developer's machine,
# but fails under CI (CI=true) and in make check (the Makefile passes
# CHECK_STRICT=1 there, after scripts/deps.sh, which installs
# busybox-static, shellcheck and systemd): a skipped check must not pass
# for one that ran.
strict=0
case ${CI:-} in true | 1 | yes) strict=1 ;; esac
[ "${CHECK_STRICT:-0}" = 1 ] && strict=1
no_tool() { # WHAT: a validator is missing
	if [ "$strict" = 1 ]; then
		bad "$1 (CI or make check: a missing validator fails)"
	else
		skip "$1"
	fi
}
# result NAME FILE: OK when FILE is empty, else FAIL with it indented
result() {
	if [ -s "$2" ]; then
		bad "$1"
		sed 's/^/       /' "$2"
	else
		ok "$1"
	fi
}

if [ ! -x "$BIN" ]; then
	bad "no bustd binary at $BIN (run make first)"
	echo "$passed passed, $failed failed"
	exit 1
fi

# --- shell scripts ----------------------------------------------------------
# Scripts by their first line (sh, rc.common, openrc-run), fragments that
# are sourced by their shellcheck directive.
scripts=$(find board -type f | sort | while read -r f; do
	head -n 3 "$f" | grep -qE '^#!.*(/sh|openrc-run)( |$)|^# shellcheck shell=' &&
		echo "$f"
done)
have_sc=$(command -v shellcheck)
have_bb=$(command -v busybox)
[ -n "$have_sc" ] || no_tool "shellcheck not installed (scripts/deps.sh installs it)"
[ -n "$have_bb" ] || no_tool "busybox not installed: no busybox sh -n (scripts/deps.sh installs busybox-static)"
for f in $scripts; do
	out=$TMP/sh.out
	sh -n "$f" >"$out" 2>&1
	# BusyBox ash runs the Buildroot, OpenWrt and inittab side
	[ -n "$have_bb" ] && busybox sh -n "$f" >>"$out" 2>&1
	[ -n "$have_sc" ] && shellcheck "$f" >>"$out" 2>&1
	result "$f: sh -n${have_bb:+, busybox sh -n}${have_sc:+, shellcheck}" "$out"
done

# --- systemd unit -------------------------------------------------------------
# verify needs ExecStart= to exist, so a copy runs the built binary.  It
# exits 0 on unknown keys and only warns: any output fails.
unit=board/init/bustd.service
if command -v systemd-analyze >/dev/null 2>&1; then
	mkdir -p "$TMP/unit"
	sed "s|^ExecStart=/usr/sbin/bustd|ExecStart=$BIN|" "$unit" >"$TMP/unit/bustd.service"
	systemd-analyze verify --man=no "$TMP/unit/bustd.service" >"$TMP/verify" 2>&1 ||
		echo "(exit $?)" >>"$TMP/verify"
	exposure=$(systemd-analyze security --offline=yes "$TMP/unit/bustd.service" 2>/dev/null |
		sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
	result "$unit: systemd-analyze verify${exposure:+ (security exposure $exposure)}" "$TMP/verify"
else
	no_tool "systemd-analyze not installed (scripts/deps.sh installs systemd)"
fi

# --- flags against bustd --help -------------------------------------------
# Where board files hand bustd its arguments: after the binary's path, in
# *_ARGS=, *_LOG= and command_args= (examples in comments too: people
# uncomment them), and the OpenWrt init's "opt NAME FLAG"/"flag NAME FLAG".
"$BIN" --help >"$TMP/help" 2>&1
grep -rn '' board --exclude=check.sh --exclude=README.md --exclude='*.mk' \
	--exclude=Makefile --exclude='*.bb' --exclude='*.hash' --exclude=Config.in |
	awk '
	{
		i = index($0, ":"); j = index(substr($0, i + 1), ":")
		loc = substr($0, 1, i + j - 1); line = substr($0, i + j + 1)
		if (match(line, /sbin\/bustd|\$DAEMON"|^[ \t]*-- /)) {
			args = substr(line, RSTART + RLENGTH)
		} else if (match(line, /(_ARGS|_LOG|command_args)="/)) {
			args = substr(line, RSTART + RLENGTH)
		} else if (line ~ /^#/) {
			next
		} else if (line ~ /^[ \t]*(opt|flag)[ \t]+[a-z_]+[ \t]+-/) {
			split(line, w, /[ \t]+/); args = (w[1] == "" ? w[4] : w[3])
		} else {
			next
		}
		gsub(/:-/, " ", args)        # ${BUSTD_LOG:---syslog}
		gsub(/["'\''=|{}]/, " ", args)
		n = split(args, w, /[ \t]+/)
		for (k = 1; k <= n; k++)
			if (w[k] ~ /^--?[A-Za-z][A-Za-z-]*$/) print w[k], loc
	}' | sort -u >"$TMP/flags"
: >"$TMP/missing"
while read -r flag loc; do
	case $flag in
	--*) pat="(^|[ ,])$flag([ =]|\$)" ;;
	*) pat="(^|[ ,])$flag([ ,]|\$)" ;;
	esac
	grep -qE -- "$pat" "$TMP/help" || echo "$flag ($loc)" >>"$TMP/missing"
done <"$TMP/flags"
nflags=$(cut -d' ' -f1 "$TMP/flags" | sort -u | wc -l)
result "all $nflags flags the board files pass are in bustd --help" "$TMP/missing"

# --- OpenWrt: UCI config -> command line ------------------------------------
init=board/openwrt/bustd/files/bustd.init
conf=board/openwrt/bustd/files/bustd.config
# every option (commented ones too) is mapped, and every mapping has one
sed -n 's/^[ \t]*#*option[ \t]\{1,\}\([a-z_]*\).*/\1/p' "$conf" | grep -v '^enabled$' |
	sort -u >"$TMP/uci.conf"
sed -n 's/^[ \t]*\(opt\|flag\)[ \t]\{1,\}\([a-z_]*\)[ \t].*/\2/p' "$init" | sort -u >"$TMP/uci.init"
diff "$TMP/uci.conf" "$TMP/uci.init" >"$TMP/uci.diff"
result "openwrt: each option in bustd.config is mapped in bustd.init (< config only, > init only)" "$TMP/uci.diff"

# uci_argv CONFIG: the argv bustd.init's start_service builds from CONFIG,
# one word a line, with rc.common's and procd's helpers stubbed.
uci_argv() (
	# shellcheck disable=SC2317,SC2329 # called from the sourced script
	{
		eval "$(sed -n "s/^[ \t]*option[ \t]\{1,\}\([a-z_]*\)[ \t]\{1,\}'\(.*\)'.*/cfg_\1='\2'/p" "$1")"
		config_load() { :; }
		config_get() { eval "$1=\${cfg_$3-\${4-}}"; }
		config_get_bool() {
			eval "_v=\${cfg_$3-$4}"
			case $_v in 1 | on | true | yes | enabled) _v=1 ;; *) _v=0 ;; esac
			eval "$1=\$_v"
		}
		procd_open_instance() { :; }
		procd_close_instance() { :; }
		procd_set_param() {
			[ "$1" = command ] || return 0
			shift
			printf '%s\n' "$@"
		}
		procd_append_param() { shift; printf '%s\n' "$@"; }
	}
	# shellcheck source=/dev/null
	. "$top/$init"
	start_service
)

# accepts NAME CONFIG: bustd parses the command line CONFIG yields (--once
# reads memory once and exits; a refused flag exits 2)
accepts() {
	what=$1
	uci_argv "$2" >"$TMP/argv"
	old_ifs=$IFS
	IFS='
'
	# shellcheck disable=SC2046 # one argument per line, exactly
	set -- $(sed 1d "$TMP/argv")
	IFS=$old_ifs
	if "$BIN" "$@" --once >"$TMP/once" 2>&1; then
		ok "openwrt: $what becomes a command line bustd accepts ($# words)"
	else
		bad "openwrt: $what: bustd $* --once: $(cat "$TMP/once")"
	fi
}
accepts "default bustd.config" "$conf"
sed 's/^\([ \t]*\)#option/\1option/' "$conf" >"$TMP/all.config"
accepts "bustd.config with every example uncommented" "$TMP/all.config"

# patterns: bustd refuses more than 255 bytes (PATTERN_MAX), and a name
# in '^(a|b)$' longer than comm's 15 bytes could never match
: >"$TMP/pats"
sed -n "s/^[ \t]*#*option[ \t]\{1,\}\(prefer\|avoid\|ignore\)[ \t]\{1,\}'\(.*\)'.*/\1 \2/p" "$conf" |
	while read -r name list; do
		[ "${#list}" -le 255 ] || echo "$name: ${#list} bytes" >>"$TMP/pats"
		echo "$list" | tr '|' '\n' | tr -d '^()$' | while read -r pat; do
			[ "${#pat}" -le 15 ] || echo "$name: '$pat' is over 15 bytes" >>"$TMP/pats"
		done
	done
result "openwrt: patterns within 255 bytes, each name within 15" "$TMP/pats"

# --- packaging metadata ----------------------------------------------------
: >"$TMP/lic"
if [ -f LICENSE ]; then
	sha=$(sha256sum LICENSE | cut -d' ' -f1)
	md5=$(md5sum LICENSE | cut -d' ' -f1)
	grep -q "^sha256  $sha  LICENSE\$" board/buildroot/package/bustd/bustd.hash ||
		echo "bustd.hash: LICENSE sha256 is $sha" >>"$TMP/lic"
	grep -q "file://LICENSE;md5=$md5\"" board/yocto/meta-bustd/recipes-support/bustd/bustd_git.bb ||
		echo "bustd_git.bb: LICENSE md5 is $md5" >>"$TMP/lic"
else
	echo "no LICENSE file at the top of the tree" >>"$TMP/lic"
fi
result "license hashes (Buildroot sha256, Yocto md5) match LICENSE" "$TMP/lic"

# The recipes install init files straight from the source tree.
: >"$TMP/refs"
grep -ohE '(board/init|files)/[A-Za-z0-9_.]+|PKGDIR\)/[A-Za-z0-9_]+' \
	board/buildroot/package/bustd/bustd.mk board/yocto/meta-bustd/recipes-support/bustd/bustd_git.bb \
	board/openwrt/bustd/Makefile | sort -u | while read -r f; do
	case $f in
	files/*) p=board/openwrt/bustd/$f ;;
	PKGDIR*) p=board/buildroot/package/bustd/${f#PKGDIR)/} ;;
	*) p=$f ;;
	esac
	[ -f "$p" ] || echo "$f: no $p" >>"$TMP/refs"
done
result "every init file the Buildroot, Yocto and OpenWrt recipes install exists" "$TMP/refs"

# bustd.mk under GNU make with generic-package stubbed: it parses and
# BUSTD_SITE is this checkout.
# shellcheck disable=SC2016 # make expands these, not the shell
site=$(printf '%s\n' "BR2_EXTERNAL_BUSTD_PATH := $top/board/buildroot" \
	'include $(BR2_EXTERNAL_BUSTD_PATH)/external.mk' \
	'all: ; @echo $(realpath $(BUSTD_SITE))' |
	env -u MAKEFLAGS -u MAKELEVEL make -s -f - 2>&1)
if [ "$site" = "$top" ]; then
	ok "buildroot: bustd.mk parses, BUSTD_SITE is this checkout"
else
	bad "buildroot: bustd.mk: BUSTD_SITE is '$site', not $top"
fi

# --- the Makefile under packagers' flags -------------------------------------
# A scratch copy of what the Makefile reads.  MAKEFLAGS is dropped so a
# "make check CC=..." above cannot leak into these builds.
tree=$TMP/tree
mkdir -p "$tree"
cp -R Makefile LICENSE src tests docs "$tree"/
jobs=$(nproc 2>/dev/null || echo 2)

# hostile NAME HEAP MAKE-ARGS...: builds, static (ELF EXEC, no
# interpreter), --version, --once; with HEAP=yes also tests/no-heap.sh.
# $hostile_env: VAR=VALUE words put in make's environment.
hostile_env=
hostile() {
	name=$1 heap=$2
	shift 2
	rm -rf "$tree/build" "$tree/bustd"
	log=$TMP/$name.log
	# shellcheck disable=SC2086 # one word per variable
	if ! (cd "$tree" && env -u MAKEFLAGS -u MAKELEVEL $hostile_env make \
		-j"$jobs" -s VERSION="hostile-$name" "$@" bustd) >"$log" 2>&1; then
		bad "hostile $name: ${hostile_env:+$hostile_env }make $*"
		tail -n 5 "$log" | sed 's/^/       /'
		return
	fi
	why=
	if [ ! -x "$tree/bustd" ]; then
		why="make succeeded but wrote no ./bustd"
	elif ! readelf -hW "$tree/bustd" | grep -q 'Type:[[:space:]]*EXEC'; then
		why="not a fixed-address executable (PIE?)"
	elif readelf -lW "$tree/bustd" | grep -q INTERP; then
		why="dynamically linked"
	elif [ "$("$tree/bustd" --version)" != "bustd hostile-$name" ]; then
		why="--version says '$("$tree/bustd" --version)'"
	elif ! "$tree/bustd" --once >"$log" 2>&1; then
		why="--once failed: $(tail -n 1 "$log")"
	elif [ "$heap" = yes ] &&
		! tests/no-heap.sh "$tree/build/bustd.unstripped" nm >"$log" 2>&1; then
		why="no-heap: $(grep -F '[FAIL]' "$log" | tr '\n' ' ')"
	fi
	if [ -z "$why" ]; then
		[ "$heap" = yes ] && heap=", no heap" || heap=
		ok "hostile $name: static, --version, --once$heap"
	else
		bad "hostile $name: $why"
		echo "       ${hostile_env:+$hostile_env }make $*"
	fi
}

hostile debug yes CFLAGS='-O0 -g -fno-builtin' LDFLAGS='-Wl,--no-gc-sections'
# dpkg-buildflags with hardening=+all on Debian 12
hostile debian yes CFLAGS='-g -O2 -fstack-protector-strong -fstack-clash-protection -fcf-protection -Wformat -Werror=format-security' \
	CPPFLAGS='-Wdate-time -D_FORTIFY_SOURCE=2' LDFLAGS='-Wl,-z,relro -Wl,-z,now'
# Fedora/Arch style: LTO and PIE
hostile lto-pie yes CFLAGS='-O2 -flto=auto -ffat-lto-objects -fPIE -fstack-protector-strong' \
	LDFLAGS='-flto=auto -pie -Wl,-z,relro -Wl,-z,now'
# Buildroot with BR2_STRIP_strip off passes STRIP=/bin/true
hostile buildroot-nostrip yes CFLAGS='-D_LARGEFILE_SOURCE -D_LARGEFILE64_SOURCE -D_FILE_OFFSET_BITS=64 -Os -g0' \
	STRIP=/bin/true
# a glibc toolchain (Yocto's and Buildroot's default): static still, but
# glibc links malloc and stdio, so no no-heap check
if command -v gcc >/dev/null 2>&1; then
	hostile glibc no CC=gcc CFLAGS='-O2 -fstack-protector-strong -D_FORTIFY_SOURCE=2' \
		LDFLAGS='-Wl,-z,relro,-z,now -Wl,--hash-style=gnu'
fi

# ARCH left in the environment by a kernel build ("export ARCH=arm64
# CROSS_COMPILE=..."), building natively with an explicit CC
hostile_env=ARCH=arm64
hostile env-arch yes CC=musl-gcc
hostile_env=

# what Buildroot and Yocto rely on: make install DESTDIR= PREFIX=/usr
rm -rf "$tree/build" "$tree/bustd" "$TMP/root"
if (cd "$tree" && env -u MAKEFLAGS -u MAKELEVEL make -s VERSION=install \
	DESTDIR="$TMP/root" PREFIX=/usr install) >"$TMP/install.log" 2>&1 &&
	[ "$(cd "$TMP/root" && find . -type f | sort | tr '\n' ' ')" = \
		"./usr/sbin/bustd ./usr/share/man/man8/bustd.8 " ]; then
	ok "make install DESTDIR=... PREFIX=/usr: usr/sbin/bustd and usr/share/man/man8/bustd.8 only"
else
	bad "make install DESTDIR=... PREFIX=/usr: $(cd "$TMP/root" 2>/dev/null && find . -type f | tr '\n' ' ')"
	sed 's/^/       /' "$TMP/install.log"
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
