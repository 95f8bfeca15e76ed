#!/bin/busybox sh
# /init of the test VM (run.sh copies it into the initramfs). Loads the sound,
# gpio-sim and 9p modules, makes one gpio-sim chip, mounts the host's folder
# at /share, runs /etc/command there and powers off. The last line it prints,
# "TESTVM-EXIT-STATUS N", is how run.sh learns the command's exit status.
/bin/busybox mkdir -p /sbin /usr/bin /usr/sbin
/bin/busybox --install -s
export PATH=/bin:/sbin:/usr/bin:/usr/sbin HOME=/tmp

mount -t devtmpfs devtmpfs /dev
# the initramfs has no /dev/console node, so the kernel gave us no stdio
exec </dev/console >/dev/console 2>&1
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t tmpfs tmpfs /tmp
mkdir -p /dev/shm && mount -t tmpfs tmpfs /dev/shm

die() {
    echo "testvm: $*"
    poweroff -f
}

while read -r m; do
    case $m in
        # 8 substreams per device (the default, spelled out): one per port if
        # a board opens each port as its own PCM
        snd-aloop.ko) args="pcm_substreams=8 id=Loopback" ;;
        *) args= ;;
    esac
    # shellcheck disable=SC2086
    insmod "/lib/modules/$m" $args || die "insmod $m failed"
done </lib/modules/load-order

mount -t configfs configfs /sys/kernel/config || die "no configfs"
sim=/sys/kernel/config/gpio-sim/attendant
mkdir "$sim" "$sim/bank0" || die "cannot make a gpio-sim chip"
echo 16 >"$sim/bank0/num_lines"
echo attendant-test >"$sim/bank0/label"
echo 1 >"$sim/live" || die "gpio-sim chip did not go live"
GPIOCHIP=$(cat "$sim/bank0/chip_name")              # gpiochip0
GPIOSIM_SYSFS=/sys/devices/platform/$(cat "$sim/dev_name")/$GPIOCHIP
export GPIOCHIP GPIOSIM_SYSFS
echo "$GPIOCHIP" >/tmp/gpiochip
echo "$GPIOSIM_SYSFS" >/tmp/gpio-sim-sysfs

# cache=loose lets the guest keep what it read in its page cache: a Swift
# program's 100 MB of libraries start in 1.8 s instead of 4.3 s under TCG. The
# price: changes the host makes to /share during a run may go unseen.
mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000,cache=loose share /share ||
    die "cannot mount the host's folder"
cd /share
echo "testvm: booted in $(cut -d' ' -f1 /proc/uptime) s; running the command"
/bin/sh /etc/command </dev/null
status=$?
cd /
sync
umount /share
echo "TESTVM-EXIT-STATUS $status"
poweroff -f
