#!/bin/sh
# deps.sh: install what a fresh Debian lacks to build bustd and run the VM
# tests, and fetch Debian's kernels for the guests into build/vm-cache/:
# bookworm's (the default guest) there, and those of the kernel matrix
# (EXTRA_KERNELS, default "bullseye trixie") into build/vm-cache/SUITE/.
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

# The kernels.  bookworm (Debian 12's 6.1, the default guest) comes from
# the host's own apt lists into $cache; the other suites of the kernel
# matrix (test-vm/README.md) into $cache/SUITE, through apt state of our own
# under build/apt/SUITE so the host's apt configuration is never touched.
# Each is cached once, then reused without asking apt again.
EXTRA_KERNELS=${EXTRA_KERNELS-bullseye trixie}

cached() { # dir
	[ -s "$1/vmlinuz" ] && [ -s "$1/kver" ] && [ -d "$1/modules/kernel" ]
}

# Depends: linux-image-<version>-amd64 of the metapackage, from apt-cache
# depends output on stdin
kernel_of() {
	sed -n 's/^ *Depends: linux-image-\([0-9][^ ]*-amd64\)$/\1/p' | head -n 1
}

host_kernel() {
	if cached "$cache"; then
		say "kernel $(cat "$cache/kver") cached in $cache"
		return 0
	fi
	mkdir -p "$cache"
	kver=$(apt-cache depends linux-image-amd64 2>/dev/null | kernel_of)
	if [ -z "$kver" ]; then
		apt_update
		kver=$(apt-cache depends linux-image-amd64 2>/dev/null | kernel_of)
	fi
	[ -n "$kver" ] || die "cannot resolve linux-image-amd64 to a kernel version"

	pkg=linux-image-$kver
	deb=$(find_deb "$cache" "$pkg")
	if [ -z "$deb" ]; then
		say "apt-get download $pkg"
		# Run where _apt may write, or apt warns about an unsandboxed download.
		(cd "$cache" && apt-get download -qq "$pkg" 2>/dev/null) ||
			die "apt-get download $pkg failed"
		deb=$(find_deb "$cache" "$pkg")
		[ -n "$deb" ] || die "downloaded $pkg but found no .deb in $cache"
	fi
	say "unpack $(basename "$deb")"
	"$top/scripts/unpack-kernel.sh" "$deb" "$kver" "$cache"
	say "kernel $kver ready: $cache/vmlinuz, modules in $cache/modules"
}

find_deb() { # dir package
	for f in "$1/$2"_*.deb; do
		[ -e "$f" ] && { echo "$f"; return 0; }
	done
	return 0
}

# The archive the host's apt uses for its main suite ("500 URI SUITE/main
# amd64 Packages" in apt-cache policy), so a mirror set up for the host
# serves the other suites too; no archive name is written down here.
archive() {
	apt-cache policy 2>/dev/null |
		sed -n 's,^ *[0-9]* \([a-z+]*://[^ ]*\) [a-z]*/main amd64 Packages$,\1,p' |
		head -n 1
}

suite_kernel() { # suite
	s=$1 dir=$cache/$1
	if cached "$dir"; then
		say "$s: kernel $(cat "$dir/kver") cached in $dir"
		return 0
	fi
	uri=$(archive)
	if [ -z "$uri" ]; then
		apt_update
		uri=$(archive)
	fi
	[ -n "$uri" ] || die "no main suite in the host's apt sources to take the archive from"
	a=$top/build/apt/$s
	mkdir -p "$a/state/lists/partial" "$a/cache/archives/partial" "$dir"
	echo "deb $uri $s main" >"$a/sources.list"
	set -- -o Dir::Etc::sourcelist="$a/sources.list" \
		-o Dir::Etc::sourceparts=- -o Dir::State="$a/state" \
		-o Dir::Cache="$a/cache" -o APT::Architectures=amd64
	say "$s: apt-get update (build/apt/$s)"
	apt-get "$@" update -qq >/dev/null 2>&1 ||
		die "$s: apt-get update failed (build/apt/$s/sources.list)"
	kver=$(apt-cache "$@" depends linux-image-amd64 2>/dev/null | kernel_of)
	[ -n "$kver" ] || die "$s: cannot resolve linux-image-amd64 to a kernel version"
	pkg=linux-image-$kver
	deb=$(find_deb "$dir" "$pkg")
	if [ -z "$deb" ]; then
		say "$s: apt-get download $pkg"
		(cd "$dir" && apt-get "$@" download -qq "$pkg" 2>/dev/null) ||
			die "$s: apt-get download $pkg failed"
		deb=$(find_deb "$dir" "$pkg")
		[ -n "$deb" ] || die "$s: downloaded $pkg but found no .deb in $dir"
	fi
	say "$s: unpack $(basename "$deb")"
	"$top/scripts/unpack-kernel.sh" "$deb" "$kver" "$dir"
	# the unpacked tree is what the images are built from
	rm -f "$deb"
	say "$s: kernel $kver ready in $dir"
}

host_kernel
for s in $EXTRA_KERNELS; do
	case $s in
	bullseye | trixie) suite_kernel "$s" ;;
	*) die "no kernel suite '$s' (bullseye trixie)" ;;
	esac
done
