#!/bin/sh
# vm.sh: boot one test guest under QEMU and print its serial console.
# The only place that knows the QEMU command line, for run.sh and demo.sh.
#
# TCG by default: /dev/kvm exists on our machines but hangs (VM_KVM=1 opts
# in after a probe). No network, no
# VGA (so no option ROM for it), no reboot: a guest that powers off,
# panics or hangs ends the run, and timeout bounds it in every case.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
# VM_DIR: where the images are (make bench builds its own, so that a
# concurrent make check-vm cannot rebuild them under it)
vm=${VM_DIR:-$top/build/vm}

usage() {
	cat >&2 <<EOF
usage: vm.sh [-m MIB] [-t SECS] [-i INITRD] [-r] [-b] [-T BPS] [-a ARGS] SCENARIO
  -m  guest RAM (default 256)      -t  timeout in seconds (default 240)
  -i  initrd (default build/vm/boot.cpio.gz, boot-KERNEL.cpio.gz)
  -r  attach root.ext4 as /dev/vda and switch_root into it
  -b  attach big.img as the next virtio disk
  -T  throttle every disk to BPS bytes/s, reads and writes together
      (QEMU's throttling.bps-total): a slow disk
  -a  extra kernel command line
KERNEL=bookworm|bullseye|trixie picks the guest kernel (default bookworm,
build/vm-cache/vmlinuz; the others from build/vm-cache/KERNEL/, fetched
by scripts/deps.sh).
EOF
	exit 2
}

kernel=${KERNEL:-bookworm}
case $kernel in
bookworm) kdir=$top/build/vm-cache boot=$vm/boot.cpio.gz ;;
bullseye | trixie) kdir=$top/build/vm-cache/$kernel boot=$vm/boot-$kernel.cpio.gz ;;
*) echo "vm.sh: KERNEL=$kernel: not bookworm, bullseye or trixie" >&2; exit 2 ;;
esac
[ -s "$kdir/vmlinuz" ] || { echo "vm.sh: no $kernel kernel in $kdir: run scripts/deps.sh" >&2; exit 2; }

mem=256 secs=240 initrd=$boot root=0 big=0 extra='' throttle=''
while getopts m:t:i:rbT:a: opt; do
	case $opt in
	m) mem=$OPTARG ;;
	t) secs=$OPTARG ;;
	i) initrd=$OPTARG ;;
	r) root=1 ;;
	b) big=1 ;;
	T) throttle=$OPTARG ;;
	a) extra=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 1 ] || usage
case $throttle in *[!0-9]*) usage ;; esac
# the image built for this kernel's modules: a boot image named for another
# kernel would load modules that do not fit
[ "$initrd" = "$vm/boot.cpio.gz" ] && initrd=$boot

# TCG unless VM_KVM=1 asks for KVM and a probe boot (cached per build)
# shows that KVM works here: on some hosts /dev/kvm exists but hangs.
accel=tcg
if [ "${VM_KVM:-0}" = 1 ]; then
	probe=$vm/kvm.probe
	if [ ! -f "$probe" ]; then
		if [ -w /dev/kvm ] && timeout -k 2 20 qemu-system-x86_64 \
			-accel kvm -m 128 -nographic -nodefaults -no-user-config \
			-serial stdio -nic none -no-reboot \
			-kernel "$kdir/vmlinuz" -initrd "$initrd" \
			-append "console=ttyS0 quiet panic=-1 scenario=none" \
			</dev/null 2>/dev/null | grep -q '^BOOTED'; then
			echo kvm >"$probe"
		else
			echo tcg >"$probe"
			echo "vm.sh: KVM probe failed; using TCG" >&2
		fi
	fi
	accel=$(cat "$probe")
fi

# quiet loglevel=1: kernel messages stay off the slow serial console;
# scenarios read them with dmesg. panic=-1 + -no-reboot: a panic ends QEMU.
cmdline="console=ttyS0 quiet loglevel=1 panic=-1 scenario=$1"
thr=${throttle:+,throttling.bps-total=$throttle}
set --
if [ "$root" = 1 ]; then
	cmdline="$cmdline vmroot=/dev/vda"
	set -- "$@" -drive "file=$vm/root.ext4,format=raw,if=virtio,readonly=on$thr"
fi
if [ "$big" = 1 ]; then
	set -- "$@" -drive "file=$vm/big.img,format=raw,if=virtio,readonly=on$thr"
fi

exec timeout -k 5 "$secs" qemu-system-x86_64 \
	-accel "$accel" -m "$mem" -smp 1 \
	-nographic -nodefaults -no-user-config -serial stdio \
	-nic none -no-reboot \
	-kernel "$kdir/vmlinuz" -initrd "$initrd" \
	-append "$cmdline${extra:+ $extra}" \
	"$@" </dev/null
