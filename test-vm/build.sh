#!/bin/sh
# build.sh: build everything the VM scenarios boot, into build/vm/:
#   bin/           the workloads (static musl)
#   boot.cpio.gz   BusyBox + modules + /init: mounts root.ext4, switch_root
#   boot-SUITE.cpio.gz  the same with the modules of the kernel matrix's
#                  other kernels (bullseye, trixie; those deps.sh fetched)
#   root.ext4      read-only root: BusyBox, bustd, workloads, scenarios and
#                  a data file for the file-backed working set
#   big.img        sparse disk larger than guest RAM, for the page-cache test
#   rescue.cpio.gz the rescue-image example plus scenario 13
# Needs scripts/deps.sh to have run (kernel in build/vm-cache/).
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
out=${VM_DIR:-$top/build/vm} # VM_DIR: images of one's own (run.sh)
cache=$top/build/vm-cache
bustd=${BUSTD:-$top/bustd}
CC=${CC:-musl-gcc}
# Working set for scenario 11: under a third of the guest's RAM, so that with
# the hog holding, only part of it fits in the page cache.
WS_MIB=${WS_MIB:-64}
# Bigger than any guest RAM the scenarios use.
BIG_MIB=${BIG_MIB:-512}
MODULES="zram virtio_pci virtio_blk crc32c_generic ext4"

say() { printf 'build: %s\n' "$*"; }
die() { printf 'build: error: %s\n' "$*" >&2; exit 1; }

[ -x "$bustd" ] || die "no bustd binary at $bustd (make, or set BUSTD=)"
[ -s "$cache/vmlinuz" ] || die "no guest kernel: run scripts/deps.sh"
mkdir -p "$out"

say "workloads"
make -s -C "$top/test-vm/workloads" CC="$CC" OUT="$out/bin"
# seccomp's ENOSYS, as on older kernels (BUSTD_NOSYS in scenarios/lib.sh)
$CC -std=c11 -D_GNU_SOURCE -Os -static -s -I"$top/src" -o "$out/bin/nosys" \
	"$top/tests/fault/nosys.c" || die "tests/fault/nosys.c failed"

if [ ! -s "$out/ws.dat" ] || [ "$(($(wc -c <"$out/ws.dat") >> 20))" != "$WS_MIB" ]; then
	say "ws.dat ($WS_MIB MiB)"
	# Random so ext4 stores every block (no holes) and reads are real.
	head -c $((WS_MIB << 20)) /dev/urandom >"$out/ws.dat"
fi

say "boot.cpio.gz"
"$top/initramfs/mkinitramfs.sh" -k "$cache/modules" -m "$MODULES" \
	"$out/boot.cpio.gz"

# One boot image per other kernel of the matrix: the modules must be the
# kernel's own. Compressed modules (trixie's .ko.xz) are unpacked and their
# dependencies taken from each module's depends= by modules.sh.
for k in bullseye trixie; do
	kc=$cache/$k
	if [ -s "$kc/vmlinuz" ] && [ -d "$kc/modules/kernel" ]; then
		say "boot-$k.cpio.gz ($(cat "$kc/kver"))"
		"$top/initramfs/mkinitramfs.sh" -k "$kc/modules" -m "$MODULES" \
			"$out/boot-$k.cpio.gz"
	else
		rm -f "$out/boot-$k.cpio.gz"
	fi
done

say "root.ext4"
tree=$out/root
"$top/initramfs/mkinitramfs.sh" -t -b "$bustd" -w "$out/bin" \
	-s "$top/test-vm/scenarios" "$tree"
# a dynamic bustd (make STATIC=0) needs its loader and C library in the
# guest: the host's, as ldd names them (a host-architecture binary only)
if readelf -l "$bustd" 2>/dev/null | grep -q 'program interpreter'; then
	for lib in $(ldd "$bustd" | grep -o '/[^ ]*'); do
		mkdir -p "$tree${lib%/*}"
		cp -L "$lib" "$tree$lib"
	done
fi
mkdir -p "$tree/data" "$tree/mnt/fill"
ln "$out/ws.dat" "$tree/data/ws.dat" 2>/dev/null || cp "$out/ws.dat" "$tree/data/"
size=$(($(du -sm "$tree" | cut -f1) + 16))
rm -f "$out/root.ext4"
# No journal: the image is mounted read-only by two guests at once.
mkfs.ext4 -q -F -O ^has_journal -L bustd-vm -E root_owner=0:0 \
	-d "$tree" "$out/root.ext4" "${size}M" >/dev/null || die "mkfs.ext4 failed"
rm -rf "$tree"

if [ ! -f "$out/big.img" ]; then
	say "big.img ($BIG_MIB MiB, sparse)"
	truncate -s "${BIG_MIB}M" "$out/big.img"
fi

say "rescue.cpio.gz"
ovl=$out/rescue-test
rm -rf "$ovl"
mkdir -p "$ovl/etc"
# The example's inittab plus one line that runs scenario 13 through the
# same stage-2 /init as every other scenario.
cp "$top/initramfs/init" "$ovl/scenario-init"
{ cat "$top/initramfs/rescue/overlay/etc/inittab"
  echo "::once:/scenario-init"; } >"$ovl/etc/inittab"
"$top/initramfs/rescue/build.sh" "$bustd" "$out/rescue.cpio.gz" \
	-w "$out/bin" -s "$top/test-vm/scenarios" -o "$ovl"
rm -rf "$ovl"
say "done"
