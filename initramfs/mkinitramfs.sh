#!/bin/sh
# mkinitramfs.sh: build a BusyBox image tree and pack it as a newc cpio.gz
# (or leave it as a directory, for the ext4 root of the VM tests).
#
# Contents: static BusyBox with a symlink per applet, /init, and whatever
# the options add. The kernel's built-in initramfs supplies /dev/console;
# /init mounts devtmpfs itself, so no device nodes (and no root) are needed.
set -eu

here=$(cd "$(dirname "$0")" && pwd)

usage() {
	cat >&2 <<EOF
usage: mkinitramfs.sh [options] OUT
  OUT          OUT.cpio.gz to write, or a directory with -t
  -t           write the tree to directory OUT, no archive
  -B BUSYBOX   static busybox (default /bin/busybox)
  -i INIT      the /init script (default $here/init)
  -b BUSTD     bustd binary, installed as /sbin/bustd
  -w DIR       workload binaries, installed into /bin
  -s DIR       scenario scripts (*.sh), installed into /scenarios
  -k TREE      guest kernel's lib/modules/<version>, with -m
  -m "MODS"    modules to load at boot, dependencies are added
  -o DIR       overlay copied on top last (may repeat)
EOF
	exit 2
}

busybox=/bin/busybox init=$here/init tree_only=0
bustd='' workloads='' scenarios='' ktree='' mods='' overlays=''
while getopts tB:i:b:w:s:k:m:o: opt; do
	case $opt in
	t) tree_only=1 ;;
	B) busybox=$OPTARG ;;
	i) init=$OPTARG ;;
	b) bustd=$OPTARG ;;
	w) workloads=$OPTARG ;;
	s) scenarios=$OPTARG ;;
	k) ktree=$OPTARG ;;
	m) mods=$OPTARG ;;
	o) overlays="$overlays $OPTARG" ;; # paths without spaces
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 1 ] || usage
out=$1

die() { echo "mkinitramfs: $*" >&2; exit 1; }
if command -v file >/dev/null &&
	! file -L "$busybox" | grep -q 'statically linked'; then
	die "$busybox is not a static binary (install busybox-static)"
fi

if [ "$tree_only" = 1 ]; then
	root=$out
	rm -rf "$root"
else
	root=$(mktemp -d)
	trap 'rm -rf "$root"' EXIT
fi
mkdir -p "$root"
for d in bin sbin usr/bin usr/sbin proc sys dev tmp mnt etc root; do
	mkdir -p "$root/$d"
done

cp "$busybox" "$root/bin/busybox"
"$busybox" --list-full | while read -r applet; do
	[ -e "$root/$applet" ] || ln -s /bin/busybox "$root/$applet"
done
cp "$init" "$root/init"
chmod 755 "$root/init"

[ -z "$bustd" ] || { cp "$bustd" "$root/sbin/bustd"; chmod 755 "$root/sbin/bustd"; }
if [ -n "$workloads" ]; then
	for f in "$workloads"/*; do
		[ -f "$f" ] && [ -x "$f" ] && cp "$f" "$root/bin/"
	done
fi
if [ -n "$scenarios" ]; then
	mkdir -p "$root/scenarios"
	cp "$scenarios"/*.sh "$root/scenarios/"
fi
if [ -n "$mods" ]; then
	[ -n "$ktree" ] || die "-m needs -k"
	# shellcheck disable=SC2086 # one word per module
	"$here/modules.sh" "$ktree" "$root" $mods
fi
for o in $overlays; do
	cp -a "$o/." "$root/"
done

if [ "$tree_only" = 0 ]; then
	(cd "$root" && find . | LC_ALL=C sort |
		cpio -o -H newc -R 0:0 --quiet | gzip -6) >"$out.tmp"
	mv "$out.tmp" "$out"
fi
