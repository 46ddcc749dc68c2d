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
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
logs=$top/build/vm-logs
results=$top/build/vm-results.jsonl
JOBS=${JOBS:-2}
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

all=()
for f in "$top"/test-vm/scenarios/[0-9][0-9]-*.sh; do
	n=$(basename "$f" .sh)
	if [ -n "${SCENARIOS:-}" ]; then
		keep=0
		for want in $SCENARIOS; do
			case $n in "$want" | "$want"-*) keep=1 ;; esac
		done
		[ $keep = 1 ] || continue
	fi
	all+=("$n")
done
[ ${#all[@]} -gt 0 ] || { echo "run: no scenario matches '${SCENARIOS:-}'" >&2; exit 2; }

rm -rf "$logs"
mkdir -p "$logs"

# "#vm key=value ..." in a scenario sets its guest: mem, root (0/1), big
# (0/1), image (boot/rescue), timeout, append (one kernel argument).
vm_args() {
	local mem=256 root=1 big=0 image=boot timeout=180 append='' kv
	# shellcheck disable=SC2013 # words, not lines, are wanted
	for kv in $(sed -n "s/^#vm //p" "$1"); do
		case $kv in
		mem=* | root=* | big=* | image=* | timeout=* | append=*)
			local "${kv%%=*}=${kv#*=}" ;;
		esac
	done
	timeout=${VM_TIMEOUT:-$timeout}
	local a=(-m "$mem" -t "$timeout" -i "$top/build/vm/$image.cpio.gz")
	[ "$root" = 1 ] && a+=(-r)
	[ "$big" = 1 ] && a+=(-b)
	# the control's extra arguments: one quoted kernel word, which the
	# guest's init receives as the environment variable bustd_extra
	[ -n "$extra_args" ] && append="${append:+$append }bustd_extra=\"$extra_args\""
	[ -n "$append" ] && a+=(-a "$append")
	printf '%s\n' "${a[@]}"
}

run_one() { # index name
	local i=$1 n=$2 start=$SECONDS rc line verdict args
	mapfile -t args < <(vm_args "$top/test-vm/scenarios/$n.sh")
	"$top/test-vm/vm.sh" "${args[@]}" "$n" 2>&1 | tr -d '\r' >"$logs/$n.log"
	rc=${PIPESTATUS[0]}
	line=$(sed -n 's/^RESULT //p' "$logs/$n.log" | tail -n 1)
	if [ -z "$line" ]; then
		local why="guest never reported (exit $rc"
		[ "$rc" = 124 ] && why="$why: timeout"
		line="{\"name\":\"$n\",\"pass\":false,\"why\":\"$why), see build/vm-logs/$n.log\",\"killer\":null}"
	fi
	echo "$line" >"$logs/$n.json"
	verdict=FAIL
	case $line in *'"pass":true'*) verdict=pass ;; esac
	local note=''
	if [ -n "$extra_args" ]; then
		case $line in
		*'"bustd_extra":'*) note="  (bustd $extra_args)" ;;
		*) note="  (extra arguments NOT applied: bustd not started by start_bustd)" ;;
		esac
	fi
	printf '[%d/%d] %-22s %s  %ds%s\n' "$i" "${#all[@]}" "$n" "$verdict" $((SECONDS - start)) "$note"
}

# the longest guests (largest #vm timeout) first, so the soak does not
# start last and add its whole length to the run
mapfile -t order < <(for n in "${all[@]}"; do
	t=$(sed -n 's/^#vm .*timeout=\([0-9]*\).*/\1/p' "$top/test-vm/scenarios/$n.sh")
	echo "${t:-180} $n"
done | sort -s -k1,1nr | cut -d' ' -f2)

echo "run: ${#all[@]} scenario(s), $JOBS at a time, bustd=$BUSTD${extra_args:+ (control run, extra arguments: $extra_args)}"
t0=$SECONDS
i=0
for n in "${order[@]}"; do
	i=$((i + 1))
	while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do
		wait -n
	done
	printf '[%d/%d] %-22s ...\n' "$i" "${#all[@]}" "$n"
	run_one "$i" "$n" &
done
wait

: >"$results"
for n in "${all[@]}"; do
	cat "$logs/$n.json" >>"$results"
done
"$top/test-vm/summary.sh" "$results"
rc=$?
echo "run: $((SECONDS - t0)) s in all; logs in build/vm-logs/, results in build/vm-results.jsonl"
exit $rc
