#!/bin/sh
# unpack-kernel.sh DEB KVER CACHE: unpack a Debian linux-image package with
# dpkg-deb -x (never installed: the host's /boot and modules are untouched)
# into CACHE/kernel, and leave CACHE/vmlinuz, CACHE/modules (a link to its
# module tree) and CACHE/kver.  Shared by scripts/deps.sh (x86_64) and
# test-vm/cross/deps.sh (other architectures).
set -eu
deb=$1 kver=$2 cache=$3
die() { printf 'unpack-kernel: error: %s\n' "$*" >&2; exit 1; }

rm -rf "$cache/kernel"
dpkg-deb -x "$deb" "$cache/kernel" || die "dpkg-deb -x $deb failed"
[ -s "$cache/kernel/boot/vmlinuz-$kver" ] || die "no vmlinuz-$kver in $deb"
# Older packages ship /lib/modules, merged-/usr ones /usr/lib/modules.
mods=
for d in lib/modules usr/lib/modules; do
	[ -d "$cache/kernel/$d/$kver/kernel" ] && mods=kernel/$d/$kver
done
[ -n "$mods" ] || die "no modules for $kver in $deb"
rm -f "$cache/modules"
ln -s "$mods" "$cache/modules"
cp "$cache/kernel/boot/vmlinuz-$kver" "$cache/vmlinuz"
echo "$kver" >"$cache/kver"
