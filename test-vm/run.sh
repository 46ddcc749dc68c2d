#!/bin/bash
# run.sh: the VM scenario runner. Builds the images, boots one guest per
# test-vm/scenarios/NN-*.sh (JOBS at a time), collects the RESULT line each
# guest prints, writes them to build/vm-results.jsonl, prints a table and
# exits non-zero naming every failed assertion. A guest that never reports
# (hang, panic, timeout) is a failure, never a skip.
#
# Knobs: SCENARIOS="01 05" (numbers or names), BUSTD=path, VM_TIMEOUT=secs
# (overrides each scenario's own), JOBS=2, NO_BUILD=1 (reuse build/vm),
# BUSTD_EXTRA_ARGS="--min-sleep 500" (a control run: words appended to
# every start_bustd command line, through the guest kernel's command line
# as bustd_extra="..."; words split on spaces, no quoting, no double quote
# or backslash).
#
# The kernel matrix: KERNEL=bookworm|bullseye|trixie runs the scenarios on
# that guest kernel (default bookworm, Debian 12's 6.1); MATRIX="bullseye
# trixie" adds rows: MATRIX_SCENARIOS (default: the core scenarios 01-05,
# 11, 12, sustained thrash 24, 25 (psi=0) and 39 (MADV_RANDOM), and the
# negatives 29-31) on each of those kernels too, in the same pool of JOBS
# guests. Each result line carries "kernel" and "boot_s" (guest uptime when
# the scenario began);
# logs of a row on another kernel than bookworm are NAME@KERNEL.log.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
logs=$top/build/vm-logs
results=$top/build/vm-results.jsonl
# VM_DIR=dir: images in dir (built there), logs in dir/logs and results in
# dir/results.jsonl: a run of one's own beside another run of the suite
if [ -n "${VM_DIR:-}" ]; then
	export VM_DIR
	logs=$VM_DIR/logs results=$VM_DIR/results.jsonl
fi
vmdir=${VM_DIR:-$top/build/vm}
JOBS=${JOBS:-2}
KERNEL=${KERNEL:-bookworm}
MATRIX=${MATRIX:-}
MATRIX_SCENARIOS=${MATRIX_SCENARIOS:-01 02 03 04 05 11 12 24 25 29 30 31 39}
for k in $KERNEL $MATRIX; do
	case $k in bookworm | bullseye | trixie) ;;
	*) echo "run: no kernel '$k' (bookworm bullseye trixie)" >&2; exit 2 ;;
	esac
done
export BUSTD=${BUSTD:-$top/bustd}
extra_args=${BUSTD_EXTRA_ARGS:-}
case $extra_args in *'"'* | *\\*)
	echo "run: BUSTD_EXTRA_ARGS cannot hold a double quote or a backslash" >&2
	exit 2 ;;
esac

if [ "${NO_BUILD:-0}" != 1 ]; then
	"$top/scripts/deps.sh" >/dev/null || exit 1
	"$top/test-vm/build.sh" >/dev/null || exit 1
fi

picks() { # WANTED: scenario names matching the words of WANTED (all if empty)
	local f n want keep
	for f in "$top"/test-vm/scenarios/[0-9][0-9]-*.sh; do
		n=$(basename "$f" .sh)
		if [ -n "$1" ]; then
			keep=0
			for want in $1; do
				case $n in "$want" | "$want"-*) keep=1 ;; esac
			done
			[ $keep = 1 ] || continue
		fi
		echo "$n"
	done
}
# a row: NAME on the main kernel, or NAME@KERNEL
row() { if [ "$1" = bookworm ]; then echo "$2"; else echo "$2@$1"; fi; }
all=()
while read -r n; do all+=("$(row "$KERNEL" "$n")"); done < <(picks "${SCENARIOS:-}")
[ ${#all[@]} -gt 0 ] || { echo "run: no scenario matches '${SCENARIOS:-}'" >&2; exit 2; }
for k in $MATRIX; do
	[ "$k" = "$KERNEL" ] && continue
	while read -r n; do all+=("$(row "$k" "$n")"); done < <(picks "$MATRIX_SCENARIOS")
done

rm -rf "$logs"
mkdir -p "$logs"

# "#vm key=value ..." in a scenario sets its guest: mem, root (0/1), big
# (0/1), image (boot/rescue), timeout, append (one kernel argument).
# throttle=BPS (every disk that slow, QEMU's throttling.bps-total).
vm_args() { # scenario-file kernel
	local mem=256 root=1 big=0 image=boot timeout=180 append='' throttle='' kv
	# shellcheck disable=SC2013 # words, not lines, are wanted
	for kv in $(sed -n "s/^#vm //p" "$1"); do
		case $kv in
		mem=* | root=* | big=* | image=* | timeout=* | append=* | throttle=*)
			local "${kv%%=*}=${kv#*=}" ;;
		esac
	done
	timeout=${VM_TIMEOUT:-$timeout}
	# the boot image carries the modules of its kernel
	[ "$image" = boot ] && [ "$2" != bookworm ] && image=boot-$2
	local a=(-m "$mem" -t "$timeout" -i "$vmdir/$image.cpio.gz")
	[ "$root" = 1 ] && a+=(-r)
	[ "$big" = 1 ] && a+=(-b)
	[ -n "$throttle" ] && a+=(-T "$throttle")
	# the control's extra arguments: one quoted kernel word, which the
	# guest's init receives as the environment variable bustd_extra
	[ -n "$extra_args" ] && append="${append:+$append }bustd_extra=\"$extra_args\""
	[ -n "$append" ] && a+=(-a "$append")
	printf '%s\n' "${a[@]}"
}

run_one() { # index row (NAME or NAME@KERNEL)
	local i=$1 id=$2 n=${2%@*} k=bookworm start=$SECONDS rc line verdict args boot
	case $id in *@*) k=${id#*@} ;; esac
	mapfile -t args < <(vm_args "$top/test-vm/scenarios/$n.sh" "$k")
	KERNEL=$k "$top/test-vm/vm.sh" "${args[@]}" "$n" 2>&1 | tr -d '\r' >"$logs/$id.log"
	rc=${PIPESTATUS[0]}
	line=$(sed -n 's/^RESULT //p' "$logs/$id.log" | tail -n 1)
	if [ -z "$line" ]; then
		local why="guest never reported (exit $rc"
		[ "$rc" = 124 ] && why="$why: timeout"
		line="{\"name\":\"$n\",\"pass\":false,\"why\":\"$why), see ${logs#"$top"/}/$id.log\",\"killer\":null}"
	fi
	# which kernel, and how long it took to boot (guest seconds when the
	# scenario began), right after the name
	boot=$(sed -n 's/^.*BOOTED uptime=\([0-9.]*\) .*/\1/p' "$logs/$id.log" | head -n 1)
	line=$(printf '%s\n' "$line" |
		sed "s/^{\"name\":\"[^\"]*\"/&,\"kernel\":\"$k\",\"boot_s\":${boot:-null}/")
	echo "$line" >"$logs/$id.json"
	verdict=FAIL
	case $line in *'"pass":true'*) verdict=pass ;; esac
	local note=''
	if [ -n "$extra_args" ]; then
		case $line in
		*'"bustd_extra":'*) note="  (bustd $extra_args)" ;;
		*) note="  (extra arguments NOT applied: bustd not started by start_bustd)" ;;
		esac
	fi
	printf '[%d/%d] %-31s %s  %ds%s\n' "$i" "${#all[@]}" "$id" "$verdict" $((SECONDS - start)) "$note"
}

# the longest guests (largest #vm timeout) first, so the soak does not
# start last and add its whole length to the run
mapfile -t order < <(for n in "${all[@]}"; do
	t=$(sed -n 's/^#vm .*timeout=\([0-9]*\).*/\1/p' "$top/test-vm/scenarios/${n%@*}.sh")
	echo "${t:-180} $n"
done | sort -s -k1,1nr | cut -d' ' -f2)

echo "run: ${#all[@]} scenario(s) (kernel $KERNEL${MATRIX:+; matrix $MATRIX: $MATRIX_SCENARIOS}), $JOBS at a time, bustd=$BUSTD${extra_args:+ (control run, extra arguments: $extra_args)}"
t0=$SECONDS
i=0
for n in "${order[@]}"; do
	i=$((i + 1))
	while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do
		wait -n
	done
	printf '[%d/%d] %-31s ...\n' "$i" "${#all[@]}" "$n"
	run_one "$i" "$n" &
done
wait

: >"$results"
for n in "${all[@]}"; do
	cat "$logs/$n.json" >>"$results"
done
"$top/test-vm/summary.sh" "$results"
rc=$?
echo "run: $((SECONDS - t0)) s in all; logs in ${logs#"$top"/}/, results in ${results#"$top"/}"
# CI shows the end of the output: end it with each failed guest's last
# words (its bustd lines and RESULT, or where a hung guest stopped)
for n in "${all[@]}"; do
	grep -q '"pass":true' "$logs/$n.json" && continue
	echo "--- the end of ${logs#"$top"/}/$n.log"
	grep -v -e '^[[:space:]]*$' -e 'reboot: Power down' "$logs/$n.log" | tail -n 45
done
exit $rc
