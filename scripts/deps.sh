#!/bin/sh
# deps.sh: install what a fresh Debian lacks to build bustd and run the VM
# tests, and fetch Debian's kernel for the guest into build/vm-cache/.
# Idempotent: when everything is present it only checks and exits.
#
# The guest kernel is unpacked with dpkg-deb -x, never installed: the host's
# /boot and module tree are not touched.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cache=${VM_CACHE:-$top/build/vm-cache}

say() { printf 'deps: %s\n' "$*"; }
die() { printf 'deps: error: %s\n' "$*" >&2; exit 1; }

# package:command-or-file that proves it is there
wanted="gcc:/usr/bin/gcc
make:/usr/bin/make
musl-tools:/usr/bin/musl-gcc
busybox-static:/bin/busybox
qemu-system-x86:/usr/bin/qemu-system-x86_64
cpio:/usr/bin/cpio
e2fsprogs:/sbin/mke2fs
shellcheck:/usr/bin/shellcheck
systemd:/usr/bin/systemd-analyze
clang:/usr/bin/clang
libclang-rt-14-dev:/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a
clang-tidy:/usr/bin/clang-tidy
cppcheck:/usr/bin/cppcheck
valgrind:/usr/bin/valgrind"

updated=0
apt_update() {
	[ "$updated" = 1 ] && return 0
	say "apt-get update"
	apt-get update -qq || die "apt-get update failed"
	updated=1
}

missing=
for pair in $wanted; do
	pkg=${pair%%:*}
	file=${pair#*:}
	[ -e "$file" ] || missing="$missing $pkg"
done
# Debian's busybox (dynamic) and busybox-static both ship /bin/busybox;
# the initramfs needs the static one.
if [ -e /bin/busybox ] && ! dpkg -s busybox-static >/dev/null 2>&1; then
	missing="$missing busybox-static"
fi
if [ -n "$missing" ]; then
	[ "$(id -u)" = 0 ] || die "need root to install:$missing"
	apt_update
	say "apt-get install$missing"
	# shellcheck disable=SC2086 # one word per package
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing \
		>/dev/null || die "apt-get install$missing failed"
fi

# The kernel: cached once, then reused without asking apt again.
if [ -s "$cache/vmlinuz" ] && [ -s "$cache/kver" ] &&
	[ -d "$cache/modules/kernel" ]; then
	say "kernel $(cat "$cache/kver") cached in $cache"
	exit 0
fi

mkdir -p "$cache"
resolve() {
	apt-cache depends linux-image-amd64 2>/dev/null |
		sed -n 's/^ *Depends: linux-image-\([0-9][^ ]*-amd64\)$/\1/p' |
		head -n 1
}
kver=$(resolve)
if [ -z "$kver" ]; then
	apt_update
	kver=$(resolve)
fi
[ -n "$kver" ] || die "cannot resolve linux-image-amd64 to a kernel version"

pkg=linux-image-$kver
find_deb() {
	for f in "$cache/${pkg}"_*.deb; do
		[ -e "$f" ] && { echo "$f"; return 0; }
	done
	return 0
}
deb=$(find_deb)
if [ -z "$deb" ]; then
	say "apt-get download $pkg"
	# Run where _apt may write, or apt warns about an unsandboxed download.
	(cd "$cache" && apt-get download -qq "$pkg" 2>/dev/null) ||
		die "apt-get download $pkg failed"
	deb=$(find_deb)
	[ -n "$deb" ] || die "downloaded $pkg but found no .deb in $cache"
fi

say "unpack $(basename "$deb")"
"$top/scripts/unpack-kernel.sh" "$deb" "$kver" "$cache"
say "kernel $kver ready: $cache/vmlinuz, modules in $cache/modules"
