#!/bin/sh
# cross/deps.sh ARCH: what a guest of another architecture needs, unpacked
# into build/vm-cache/ARCH/ (never installed): Debian's kernel for it
# (linux-image-arm64, linux-image-armmp, linux-image-4kc-malta), its
# modules, and the static BusyBox of busybox-static:<arch>.  Installs
# qemu-system-arm (which has qemu-system-aarch64 too), qemu-system-mips or
# qemu-system-misc (riscv64; OpenSBI comes with qemu-system-data).
# riscv64 is no Debian 12 architecture: its kernel (linux-image-riscv64)
# and BusyBox come from Debian 13 (trixie), through apt state of our own
# under build/apt/trixie-riscv64, so the host's apt configuration and
# architecture list are never touched.  Cached: a second run only checks.
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
a=${1:?usage: cross/deps.sh aarch64|armv7|mipsel|riscv64}
suite=
case $a in
aarch64) d=arm64 flavour=arm64 qpkg=arm qemu=aarch64 ;;
armv7) d=armhf flavour=armmp qpkg=arm qemu=arm ;;
mipsel) d=mipsel flavour=4kc-malta qpkg=mips qemu=mipsel ;;
riscv64) d=riscv64 flavour=riscv64 qpkg=misc qemu=riscv64 suite=trixie ;;
*) echo "cross/deps: no guest for $a (aarch64 armv7 mipsel riscv64)" >&2; exit 2 ;;
esac
cache=$top/build/vm-cache/$a

say() { printf 'cross/deps: %s\n' "$*"; }
die() { printf 'cross/deps: error: %s\n' "$*" >&2; exit 1; }

if ! command -v "qemu-system-$qemu" >/dev/null; then
	[ "$(id -u)" = 0 ] || die "need root to install qemu-system-$qpkg"
	say "apt-get install qemu-system-$qpkg"
	# another apt may hold the lock for a while (a shared machine)
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		-o DPkg::Lock::Timeout=300 "qemu-system-$qpkg" >/dev/null ||
		die "apt-get install qemu-system-$qpkg failed"
fi

if [ -s "$cache/vmlinuz" ] && [ -x "$cache/busybox" ] &&
	[ -d "$cache/modules/kernel" ]; then
	say "$a: kernel $(cat "$cache/kver") cached in $cache"
	exit 0
fi
mkdir -p "$cache"
if [ -n "$suite" ]; then
	# the archive the host's apt uses for its main suite, as
	# scripts/deps.sh takes it for the x86_64 kernel matrix
	uri=$(apt-cache policy 2>/dev/null |
		sed -n 's,^ *[0-9]* \([a-z+]*://[^ ]*\) [a-z]*/main amd64 Packages$,\1,p' |
		head -n 1)
	[ -n "$uri" ] || die "no main suite in the host's apt sources to take the archive from"
	st=$top/build/apt/$suite-$d
	mkdir -p "$st/state/lists/partial" "$st/cache/archives/partial"
	echo "deb $uri $suite main" >"$st/sources.list"
	set -- -o Dir::Etc::sourcelist="$st/sources.list" \
		-o Dir::Etc::sourceparts=- -o Dir::State="$st/state" \
		-o Dir::Cache="$st/cache" -o APT::Architectures="$d"
	say "$suite: apt-get update (build/apt/$suite-$d)"
	apt-get "$@" update -qq >/dev/null 2>&1 ||
		die "$suite: apt-get update failed (build/apt/$suite-$d/sources.list)"
else
	set --
	dpkg --print-foreign-architectures | grep -qx "$d" ||
		die "dpkg --add-architecture $d first (scripts/cross.sh does it)"
fi

kver=$(apt-cache "$@" depends "linux-image-$flavour:$d" 2>/dev/null |
	sed -n "s/^ *Depends: linux-image-\([0-9][^ :]*-$flavour\)\(:$d\)\{0,1\}$/\1/p" |
	head -n 1)
[ -n "$kver" ] || die "cannot resolve linux-image-$flavour:$d (apt-get update?)"

fetch() { # package[:arch] APT-OPTIONS... -> path of its .deb in the cache
	p=$1 name=${1%%:*}
	shift
	for f in "$cache/${name}"_*.deb; do
		[ -e "$f" ] && { echo "$f"; return 0; }
	done
	say "apt-get download $p" >&2
	(cd "$cache" && apt-get "$@" download -qq "$p" >/dev/null 2>&1) ||
		die "apt-get download $p failed"
	for f in "$cache/${name}"_*.deb; do
		[ -e "$f" ] && { echo "$f"; return 0; }
	done
	die "no .deb for $p in $cache"
}

kdeb=$(fetch "linux-image-$kver:$d" "$@")
bdeb=$(fetch "busybox-static:$d" "$@")
if [ "$a" = riscv64 ]; then
	# its Image is boot/vmlinux-KVER (an EFI stub QEMU loads raw), where
	# unpack-kernel.sh looks for vmlinuz
	rm -rf "$cache/kernel"
	dpkg-deb -x "$kdeb" "$cache/kernel"
	if ! [ -s "$cache/kernel/boot/vmlinux-$kver" ] ||
		! [ -d "$cache/kernel/usr/lib/modules/$kver/kernel" ]; then
		die "no vmlinux-$kver or modules in $kdeb"
	fi
	cp "$cache/kernel/boot/vmlinux-$kver" "$cache/vmlinuz"
	rm -f "$cache/modules"
	ln -s "kernel/usr/lib/modules/$kver" "$cache/modules"
	echo "$kver" >"$cache/kver"
	# 113 MB; the unpacked tree is what the images are built from
	rm -f "$kdeb"
else
	"$top/scripts/unpack-kernel.sh" "$kdeb" "$kver" "$cache"
fi
rm -rf "$cache/bb"
dpkg-deb -x "$bdeb" "$cache/bb"
# merged /usr (Debian 13) ships usr/bin/busybox
for f in "$cache/bb/bin/busybox" "$cache/bb/usr/bin/busybox"; do
	if [ -x "$f" ]; then cp "$f" "$cache/busybox"; fi
done
[ -x "$cache/busybox" ] || die "no busybox in $bdeb"
rm -rf "$cache/bb"
say "$a: kernel $kver and busybox ready in $cache"
