#!/bin/sh
# size-table.sh: build bustd for each architecture (make ARCH=... cross)
# and print a markdown table of the stripped binary's size, for the README.
# Needs the toolchains scripts/cross.sh installs.  Knob: ARCHS.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
ARCHS=${ARCHS:-x86_64 aarch64 armv7 armel mipsel mips riscv64}

echo "| architecture | libc | stripped | text | data + bss |"
echo "|---|---|---:|---:|---:|"
for a in $ARCHS; do
	make -s -C "$top" ARCH="$a" cross >/dev/null ||
		{ echo "size-table: make ARCH=$a cross failed" >&2; exit 1; }
	d=$top/build/cross/$a
	case $a in
	armv7) t=arm-linux-gnueabihf ;; armel) t=arm-linux-gnueabi ;;
	*) t=$a-linux-gnu ;;
	esac
	case $a in
	riscv64 | mips) libc="none (src/rt/minilibc.c)" ;; *) libc="musl 1.2" ;;
	esac
	# shellcheck disable=SC2046 # text data bss as three words
	set -- $("$t-size" "$d/bustd.unstripped" | awk 'NR == 2 { print $1, $2, $3 }')
	bytes=$(stat -c %s "$d/bustd")
	printf '| %s | %s | %d bytes (%d.%d KiB) | %d | %d |\n' "$a" "$libc" \
		"$bytes" $((bytes / 1024)) $((bytes % 1024 * 10 / 1024)) "$1" \
		$(($2 + $3))
done
