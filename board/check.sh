#!/bin/sh
# check.sh [BUSTD] - the board/ integrations, checked without Buildroot,
# Yocto or OpenWrt at hand: every shell script parses (sh -n, busybox sh
# -n) and is shellcheck-clean; the systemd unit passes systemd-analyze;
# every bustd flag the files pass is in bustd --help, and the OpenWrt
# config becomes a command line bustd accepts; the license hashes match;
# the Makefile survives packagers' flags, built in a scratch copy of the
# tree (./bustd is never touched), and links dynamically with STATIC=0;
# make dist is reproducible, its tarball builds outside git, and each
# recipe's tarball variant takes it with its hash.  [OK]/[FAIL] lines,
# counted.
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

# The watermark boost's sysctl file: each recipe installs it under the same
# name, which the scripts that start before any sysctl script apply.
: >"$TMP/sysctl"
grep -q '^vm\.watermark_boost_factor = 0$' board/init/bustd.sysctl ||
	echo "board/init/bustd.sysctl: no 'vm.watermark_boost_factor = 0'" >>"$TMP/sysctl"
for f in board/buildroot/package/bustd/bustd.mk board/openwrt/bustd/Makefile \
	board/yocto/meta-bustd/recipes-support/bustd/bustd_git.bb \
	board/buildroot/package/bustd/S01bustd board/init/bustd.sysv; do
	grep -q 'sysctl.d/50-bustd.conf' "$f" ||
		echo "$f: no sysctl.d/50-bustd.conf" >>"$TMP/sysctl"
done
result "the sysctl file (watermark boost off) is installed by each recipe, applied by the early scripts" "$TMP/sysctl"

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

# --- release tarball (make dist) and the recipes' tarball variants ----------
# make dist twice in a clone of HEAD (what it archives; a second clone's
# files have other mtimes): the same sha256, the one its .hash file names;
# the tarball builds outside git and reports its version; each recipe's
# tarball variant names that tarball, its version and that hash.
dist=
if [ -e .git ] && command -v git >/dev/null 2>&1; then
	: >"$TMP/dist"
	for n in 1 2; do
		rm -rf "$TMP/clone$n"
		git -c advice.detachedHead=false clone -q --no-hardlinks "$top" \
			"$TMP/clone$n" 2>>"$TMP/dist" &&
			git -C "$TMP/clone$n" -c advice.detachedHead=false checkout -q \
				--detach "$(git rev-parse HEAD)" 2>>"$TMP/dist" &&
			env -u MAKEFLAGS -u MAKELEVEL make -s -C "$TMP/clone$n" dist \
				>/dev/null 2>>"$TMP/dist"
		[ "$n" = 1 ] && sleep 1
	done
	v=$(git describe --tags --always)
	dist=$TMP/clone1/bustd-$v.tar.gz
	if [ ! -s "$dist" ] || [ ! -s "$TMP/clone2/bustd-$v.tar.gz" ]; then
		echo "make dist wrote no bustd-$v.tar.gz" >>"$TMP/dist"
		dist=
	else
		h1=$(sha256sum <"$dist" | cut -d' ' -f1)
		h2=$(sha256sum <"$TMP/clone2/bustd-$v.tar.gz" | cut -d' ' -f1)
		[ "$h1" = "$h2" ] || echo "two runs: $h1 and $h2" >>"$TMP/dist"
		grep -qx "sha256  $h1  bustd-$v.tar.gz" "$dist.hash" ||
			echo "bustd-$v.tar.gz.hash does not name $h1" >>"$TMP/dist"
		grep -qx "sha256  $(sha256sum <LICENSE | cut -d' ' -f1)  LICENSE" "$dist.hash" ||
			echo "bustd-$v.tar.gz.hash: no LICENSE line" >>"$TMP/dist"
	fi
	result "make dist: bustd-$v.tar.gz, the same sha256 in two runs${h1:+ ($h1)}, named in its .hash" "$TMP/dist"
else
	no_tool "make dist: not a git checkout"
fi
if [ -n "$dist" ]; then
	rm -rf "$TMP/x" && mkdir -p "$TMP/x"
	got=$(tar xzf "$dist" -C "$TMP/x" && cd "$TMP/x/bustd-$v" &&
		[ ! -e .git ] && env -u MAKEFLAGS -u MAKELEVEL make -s bustd >/dev/null 2>&1 &&
		./bustd --version 2>&1)
	if [ "$got" = "bustd $v" ]; then
		ok "the tarball builds outside git: bustd --version says '$got'"
	else
		bad "the tarball outside git: '$got', not 'bustd $v'"
	fi
fi

# Buildroot: bustd.mk with generic-package stubbed, under the settings
# that matter: linking follows BR2_STATIC_LIBS, and the tarball variant
# takes the source, version and hash file from make dist's output.
brvars() { # MAKE-ARGS...: BUSTD_STATIC SITE SOURCE VERSION HASH_FILES
	# shellcheck disable=SC2016 # make expands these, not the shell
	printf '%s\n' "BR2_EXTERNAL_BUSTD_PATH := $top/board/buildroot" \
		'qstrip = $(strip $(subst ",,$(1)))' \
		'include $(BR2_EXTERNAL_BUSTD_PATH)/external.mk' \
		'all: ; @echo $(BUSTD_STATIC) $(BUSTD_SITE) $(BUSTD_SOURCE) $(BUSTD_VERSION) $(BUSTD_HASH_FILES)' |
		env -u MAKEFLAGS -u MAKELEVEL make -s -f - "$@" 2>&1
}
: >"$TMP/br"
# shellcheck disable=SC2046 # the words brvars prints
set -- $(brvars BR2_STATIC_LIBS=y)
[ "$1" = 1 ] || echo "BR2_STATIC_LIBS=y: BUSTD_STATIC=$1, not 1" >>"$TMP/br"
# shellcheck disable=SC2046 # the words brvars prints
set -- $(brvars)
[ "$1" = 0 ] || echo "shared libs: BUSTD_STATIC=$1, not 0" >>"$TMP/br"
# shellcheck disable=SC2016 # a make variable, literally
grep -q 'STATIC=$(BUSTD_STATIC)' board/buildroot/package/bustd/bustd.mk ||
	echo "bustd.mk passes no STATIC=\$(BUSTD_STATIC) to make" >>"$TMP/br"
# utils/check-package: "This file does not need to be executable"
for f in board/buildroot/package/bustd/*; do
	[ ! -x "$f" ] || echo "$f is executable (check-package flags it)" >>"$TMP/br"
done
if [ -n "$dist" ]; then
	# shellcheck disable=SC2046 # the words brvars prints
	set -- $(brvars BR2_PACKAGE_BUSTD_TARBALL="\"$dist\"")
	[ "$2 $3 $4 $5" = "file://${dist%/*} bustd-$v.tar.gz $v $dist.hash" ] ||
		echo "tarball variant: SITE SOURCE VERSION HASH_FILES are '$2 $3 $4 $5'" >>"$TMP/br"
fi
result "buildroot: STATIC follows BR2_STATIC_LIBS, no executable package file${dist:+, the tarball variant takes the tarball and .hash of make dist}" "$TMP/br"

if [ -n "$dist" ]; then
	# OpenWrt: the package Makefile with rules.mk and package.mk stubbed
	mkdir -p "$TMP/owrt/include"
	: >"$TMP/owrt/rules.mk"
	# shellcheck disable=SC2016 # make expands these, not the shell
	printf '%s\n' 'BuildPackage = ' \
		'all: ; @echo $(PKG_SOURCE_URL) $(PKG_SOURCE) $(PKG_VERSION) $(PKG_HASH) STATIC=$(if $(CONFIG_USE_GLIBC),0,1)' \
		>"$TMP/owrt/include/package.mk"
	# shellcheck disable=SC2046 # the words the stub prints
	set -- $(env -u MAKEFLAGS -u MAKELEVEL make -s -C board/openwrt/bustd \
		TOPDIR="$TMP/owrt" INCLUDE_DIR="$TMP/owrt/include" BUSTD_DIST="$dist" 2>&1)
	if [ "$*" = "file://${dist%/*} bustd-$v.tar.gz $v $h1 STATIC=1" ]; then
		ok "openwrt: BUSTD_DIST= takes make dist's tarball, its version and hash; static with musl"
	else
		bad "openwrt: BUSTD_DIST=: '$*'"
	fi

	# Yocto: bustd_dist.bb's python, run with bitbake's datastore stubbed:
	# the version from the name, and the hash check passes on the real
	# tarball and stops on a changed one.
	if command -v python3 >/dev/null 2>&1; then
		mkdir -p "$TMP/bad"
		cp "$dist" "$dist.hash" "$TMP/bad/" && echo x >>"$TMP/bad/bustd-$v.tar.gz"
		out=$(python3 - board/yocto/meta-bustd/recipes-support/bustd/bustd_dist.bb \
			"$dist" "$TMP/bad/bustd-$v.tar.gz" <<'PY' 2>&1
import re, sys, textwrap
src = open(sys.argv[1]).read()
def body(head):
    m = re.search(re.escape(head) + r' \{\n(.*?)\n\}', src, re.S)
    return textwrap.dedent(m.group(1))
class Fatal(Exception): pass
class bb:
    class parse:
        class SkipRecipe(Exception): pass
    @staticmethod
    def fatal(msg): raise Fatal(msg)
class D(dict):
    def getVar(self, k): return self.get(k)
    def setVar(self, k, v): self[k] = v
for dist, want in ((sys.argv[2], 'ok'), (sys.argv[3], 'fatal')):
    d = D(BUSTD_DIST=dist)
    exec(body('python ()'), {'d': d, 'bb': bb})
    try:
        exec(body('python bustd_check_dist()'), {'d': d, 'bb': bb})
        got = 'ok'
    except Fatal:
        got = 'fatal'
    print(d['PV'], got == want)
PY
)
		if [ "$out" = "$v True
$v True" ]; then
			ok "yocto: bustd_dist.bb takes PV from the tarball's name; its hash check passes make dist's tarball and stops a changed one"
		else
			bad "yocto: bustd_dist.bb: $out"
		fi
	else
		no_tool "python3 not installed: bustd_dist.bb not run"
	fi
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

# make STATIC=0 with glibc: dynamic (an interpreter, libc.so.6), runs; and
# with __UCLIBC__ defined, as uClibc-ng's headers do, it imports fork, not
# the _Fork uClibc-ng lacks (src/fork.h)
if command -v gcc >/dev/null 2>&1; then
	: >"$TMP/dyn"
	for uc in no yes; do
		rm -rf "$tree/build" "$tree/bustd"
		cpp=
		[ "$uc" = yes ] && cpp=-D__UCLIBC__
		if ! (cd "$tree" && env -u MAKEFLAGS -u MAKELEVEL make -s \
			VERSION=dynamic STATIC=0 CC=gcc CPPFLAGS="$cpp" bustd) \
			>"$TMP/dyn.log" 2>&1; then
			echo "make STATIC=0 CC=gcc CPPFLAGS=$cpp failed: $(tail -n 1 "$TMP/dyn.log")" >>"$TMP/dyn"
			continue
		fi
		readelf -lW "$tree/bustd" | grep -q INTERP ||
			echo "STATIC=0: no interpreter (static?)" >>"$TMP/dyn"
		[ "$("$tree/bustd" --version 2>&1)" = "bustd dynamic" ] ||
			echo "STATIC=0: --version says '$("$tree/bustd" --version 2>&1)'" >>"$TMP/dyn"
		"$tree/bustd" --once >/dev/null 2>&1 || echo "STATIC=0: --once failed" >>"$TMP/dyn"
		want=_Fork
		[ "$uc" = yes ] && want=fork
		nm -D "$tree/bustd" | grep -qE " U $want(@|\$)" ||
			echo "CPPFLAGS=$cpp: does not import $want" >>"$TMP/dyn"
	done
	result "make STATIC=0 CC=gcc: dynamic, --version, --once; imports _Fork, fork with __UCLIBC__" "$TMP/dyn"
fi

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
