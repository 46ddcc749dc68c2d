#!/bin/sh
# demo.sh (make demo): boot one guest, let a hog eat its memory with bustd
# watching, and print what happened. Nothing eats memory on the host.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
export BUSTD="${BUSTD:-$top/bustd}"

if [ "${NO_BUILD:-0}" != 1 ]; then
	"$top/scripts/deps.sh" >/dev/null || exit 1
	"$top/test-vm/build.sh" >/dev/null || exit 1
fi
mkdir -p "$top/build/vm-logs"
log=$top/build/vm-logs/demo.log
echo "demo: booting a 256 MiB QEMU guest (TCG), bustd $BUSTD ..."
start=$(date +%s)
"$top/test-vm/vm.sh" -r -t 120 demo 2>&1 | tr -d '\r' >"$log"
sed -n 's/^DEMO //p; s/^DEMO$//p' "$log"
echo "demo: $(($(date +%s) - start)) s, console log in build/vm-logs/demo.log"
grep -q '^DEMO-OK' "$log" || { echo "demo: FAILED: bustd did not stop the hog cleanly" >&2; exit 1; }
