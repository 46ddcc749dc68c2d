#!/bin/sh
# cross/deps.sh ARCH: what a guest of another architecture needs, unpacked
# into build/vm-cache/ARCH/ (never installed): Debian's kernel for it
# (linux-image-arm64, linux-image-armmp, linux-image-4kc-malta), its
# modules, and the static BusyBox of busybox-static:<arch>.  Installs
# qemu-system-arm (which has qemu-system-aarch64 too) or qemu-system-mips.
# Cached: a second run only checks.
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
a=${1:?usage: cross/deps.sh aarch64|armv7|mipsel}
case $a in
aarch64) d=arm64 flavour=arm64 qpkg=arm qemu=aarch64 ;;
armv7) d=armhf flavour=armmp qpkg=arm qemu=arm ;;
mipsel) d=mipsel flavour=4kc-malta qpkg=mips qemu=mipsel ;;
*) echo "cross/deps: no guest for $a (aarch64 armv7 mipsel)" >&2; exit 2 ;;
esac
cache=$top/build/vm-cache/$a

say() { printf 'cross/deps: %s\n' "$*"; }
die() { printf 'cross/deps: error: %s\n' "$*" >&2; exit 1; }

if ! command -v "qemu-system-$qemu" >/dev/null; then
	[ "$(id -u)" = 0 ] || die "need root to install qemu-system-$qpkg"
	say "apt-get install qemu-system-$qpkg"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		"qemu-system-$qpkg" >/dev/null ||
		die "apt-get install qemu-system-$qpkg failed"
fi

if [ -s "$cache/vmlinuz" ] && [ -x "$cache/busybox" ] &&
	[ -d "$cache/modules/kernel" ]; then
	say "$a: kernel $(cat "$cache/kver") cached in $cache"
	exit 0
fi
dpkg --print-foreign-architectures | grep -qx "$d" ||
	die "dpkg --add-architecture $d first (scripts/cross.sh does it)"

mkdir -p "$cache"
kver=$(apt-cache depends "linux-image-$flavour:$d" 2>/dev/null |
	sed -n "s/^ *Depends: linux-image-\([0-9][^ :]*-$flavour\)\(:$d\)\{0,1\}$/\1/p" |
	head -n 1)
[ -n "$kver" ] || die "cannot resolve linux-image-$flavour:$d (apt-get update?)"

fetch() { # package[:arch] -> path of its .deb in the cache
	name=${1%%:*}
	for f in "$cache/${name}"_*.deb; do
		[ -e "$f" ] && { echo "$f"; return 0; }
	done
	say "apt-get download $1" >&2
	(cd "$cache" && apt-get download -qq "$1" >/dev/null 2>&1) ||
		die "apt-get download $1 failed"
	for f in "$cache/${name}"_*.deb; do
		[ -e "$f" ] && { echo "$f"; return 0; }
	done
	die "no .deb for $1 in $cache"
}

kdeb=$(fetch "linux-image-$kver:$d")
bdeb=$(fetch "busybox-static:$d")
"$top/scripts/unpack-kernel.sh" "$kdeb" "$kver" "$cache"
rm -rf "$cache/bb"
dpkg-deb -x "$bdeb" "$cache/bb"
cp "$cache/bb/bin/busybox" "$cache/busybox"
rm -rf "$cache/bb"
say "$a: kernel $kver and busybox ready in $cache"
