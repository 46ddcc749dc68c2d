#!/bin/sh
# build.sh: pack the rescue-image example: BusyBox init as PID 1, bustd
# started from /etc/inittab. Extra -o overlays (e.g. a test's) go last.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if [ $# -lt 2 ]; then
	echo "usage: build.sh BUSTD OUT.cpio.gz [mkinitramfs options...]" >&2
	exit 2
fi
bustd=$1 out=$2
shift 2
exec "$here/../mkinitramfs.sh" -i "$here/init" -b "$bustd" \
	-o "$here/overlay" "$@" "$out"
