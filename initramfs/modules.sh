#!/bin/sh
# modules.sh: copy kernel modules and everything they depend on into an
# image tree, and write the order to load them in (dependencies first) to
# lib/modules/load.list, for /init to insmod one by one.
#
# Debian's kernel package ships no modules.dep (depmod runs at install), so
# dependencies come from each module's own .modinfo "depends=" field.
# Compressed modules are unpacked here, since BusyBox insmod may not read
# .ko.xz / .ko.zst.
set -eu

usage() {
	echo "usage: modules.sh MODULE_TREE DEST_ROOT MODULE..." >&2
	echo "  MODULE_TREE: lib/modules/<version> of the guest kernel" >&2
	exit 2
}
[ $# -ge 3 ] || usage
tree=$1
dest=$2
shift 2
[ -d "$tree/kernel" ] || { echo "modules.sh: no $tree/kernel" >&2; exit 1; }

out=$dest/lib/modules
mkdir -p "$out"
: >"$out/load.list"
index=$(mktemp)
trap 'rm -f "$index"' EXIT

# Module names treat - and _ alike; index as "name path".
find "$tree/kernel" -name '*.ko*' | awk -F/ '{
	n = $NF; sub(/\.ko.*/, "", n); gsub(/-/, "_", n); print n, $0 }' >"$index"

builtin() {
	[ -f "$tree/modules.builtin" ] &&
		tr - _ <"$tree/modules.builtin" | grep -q "/$1\.ko\$"
}

unpack() { # src dst
	case $1 in
	*.ko) cp "$1" "$2" ;;
	*.ko.xz) xz -dc "$1" >"$2" ;;
	*.ko.zst) zstd -qdc "$1" >"$2" ;;
	*.ko.gz) gzip -dc "$1" >"$2" ;;
	*) echo "modules.sh: unknown module format: $1" >&2; exit 1 ;;
	esac
}

add() { # name: dependencies first, each once
	n=$(echo "$1" | tr - _)
	grep -qx "$n.ko" "$out/load.list" && return 0
	f=$(awk -v n="$n" '$1 == n { print $2; exit }' "$index")
	if [ -z "$f" ]; then
		builtin "$n" && return 0
		echo "modules.sh: module $n not found in $tree" >&2
		exit 1
	fi
	unpack "$f" "$out/$n.ko"
	deps=$(tr '\0' '\n' <"$out/$n.ko" | sed -n 's/^depends=//p' |
		head -n 1 | tr , ' ')
	# sh has no locals: the loop list is fixed before recursion clobbers
	# $deps, and the name is recomputed from $1 afterwards.
	for d in $deps; do
		add "$d"
	done
	echo "$(echo "$1" | tr - _).ko" >>"$out/load.list"
}

for m in "$@"; do
	add "$m"
done
