#!/bin/bash
# run.sh [--cache DIR] [--timeout SECS] [--accel tcg|kvm] --share HOST_DIR -- COMMAND...
#
# Boots Debian's stock kernel (from prepare.sh) under QEMU with snd-aloop and a
# gpio-sim chip, mounts HOST_DIR read-write at /share, runs COMMAND there under
# /bin/sh, powers off and exits with COMMAND's exit status.
# Exit 124: the guest did not finish within the timeout; 125: it stopped without
# reporting a status (kernel panic, broken initramfs: see the console log).
# Defaults: --cache .build/testvm of this checkout, --timeout 300 (or
# $TESTVM_TIMEOUT), --accel tcg (or $TESTVM_ACCEL).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
cache=$here/../../.build/testvm
share=
timeout_s=${TESTVM_TIMEOUT:-300}
# TCG by default: a KVM guest hung at boot on these (nested) machines.
accel=${TESTVM_ACCEL:-tcg}
usage() { sed -n '2,10s/^# \{0,1\}//p' "$0" >&2; exit 2; }
while [ $# -gt 0 ]; do
    case $1 in
        --cache) cache=$2; shift 2 ;;
        --share) share=$2; shift 2 ;;
        --timeout) timeout_s=$2; shift 2 ;;
        --accel) accel=$2; shift 2 ;;
        --) shift; break ;;
        *) usage ;;
    esac
done
[ -n "$share" ] && [ $# -gt 0 ] || usage
[ -d "$share" ] || { echo "run.sh: no such folder: $share" >&2; exit 2; }
share=$(cd "$share" && pwd)
[ -f "$cache/prepared" ] || { echo "run.sh: $cache is not prepared: run image/testvm/prepare.sh first" >&2; exit 2; }
cache=$(cd "$cache" && pwd)

work=$(mktemp -d "${TMPDIR:-/tmp}/testvm.XXXXXX")
trap 'rm -rf "$work"' EXIT
root=$work/root
mkdir -p "$root/bin" "$root/lib/modules" "$root/dev" "$root/proc" "$root/sys" \
         "$root/tmp" "$root/share" "$root/etc"
cp "$cache/busybox" "$root/bin/busybox"
cp "$cache/modules/"* "$root/lib/modules/"
cp "$here/guest-init.sh" "$root/init"
chmod 755 "$root/init"

# COMMAND goes in as a script of its words, each single-quoted, so any
# argument survives the trip unchanged.
for a in "$@"; do
    printf "'%s' " "$(printf '%s' "$a" | sed "s/'/'\\\\''/g")"
done >"$root/etc/command"
echo >>"$root/etc/command"

# Uncompressed: decompressing under TCG costs more boot time than reading 5 MB.
(cd "$root" && find . | cpio -o -H newc -R 0:0 --quiet) >"$work/initramfs.cpio"

# each run logs into its own work folder (runs may go in parallel); the last
# one to finish leaves its copy in the cache for a look after a failure
log=$work/console.log
marker=TESTVM-EXIT-STATUS
# KVM refuses -cpu max here (MSR 0x10a); it takes the host's model instead.
# Neither boots on these nested machines (see README): TCG is the default.
case $accel in kvm) cpu=host ;; *) cpu=max ;; esac
start=$(date +%s.%N)
set +e
# -no-reboot + panic=1: a guest whose init dies panics, reboots, and so ends QEMU
# at once instead of waiting for the timeout.
# stdin: QEMU would put a terminal into raw mode and read it; tests never type.
timeout -k 10 "$timeout_s" qemu-system-x86_64 \
    -accel "$accel" -machine q35 -cpu "$cpu" -smp 2 -m 1024 \
    -nodefaults -nographic -serial stdio -no-reboot -bios qboot.rom \
    -kernel "$cache/vmlinuz" -initrd "$work/initramfs.cpio" \
    -append "console=ttyS0 quiet panic=1 mitigations=off" \
    -virtfs "local,path=$share,mount_tag=share,security_model=none" \
    </dev/null 2>&1 | sed -u 's/\r$//' | tee "$log"
qemu_rc=${PIPESTATUS[0]}
set -e
end=$(date +%s.%N)
cp "$log" "$cache/last-run.log"
log=$cache/last-run.log
status=$(sed -n "s/^$marker \([0-9][0-9]*\)\$/\1/p" "$log" | tail -n 1)
secs=$(echo "$end $start" | awk '{printf "%.1f", $1 - $2}')
if [ -z "$status" ]; then
    if [ "$qemu_rc" -eq 124 ] || [ "$qemu_rc" -eq 137 ]; then
        echo "run.sh: FAILED: guest did not finish within ${timeout_s} s (console log: $log)" >&2
        exit 124
    fi
    echo "run.sh: FAILED: guest stopped (QEMU exit $qemu_rc) without reporting COMMAND's status after ${secs} s (console log: $log)" >&2
    exit 125
fi
echo "run.sh: COMMAND exited $status; VM ran ${secs} s" >&2
exit "$status"
