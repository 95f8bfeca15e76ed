#!/bin/sh
# prepare.sh [CACHE_DIR] — fetch and build what run.sh boots: Debian bookworm's
# stock amd64 kernel, the modules the ALSA/GPIO tests need and gpio-sim.ko.
# Idempotent: a second run with the same Debian kernel ABI does nothing.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
cache=${1:-$here/../../.build/testvm}
mkdir -p "$cache"
cache=$(cd "$cache" && pwd)

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
# apt-get download refuses to drop privileges into a root-owned folder it
# cannot give to _apt; the download needs no privileges anyway.
apt_dl() {
    if [ "$(id -u)" -eq 0 ]; then apt-get -q -o APT::Sandbox::User=root download "$@"
    else apt-get -q download "$@"; fi
}
# Lists can be missing on a fresh machine or stale (404) on an old one.
apt_update_once() {
    [ -n "${apt_updated:-}" ] && return 0
    as_root apt-get -q update
    apt_updated=1
}

# --- host tools ------------------------------------------------------------
need=
command -v qemu-system-x86_64 >/dev/null || need="$need qemu-system-x86"
command -v cpio >/dev/null || need="$need cpio"
command -v gcc-12 >/dev/null || need="$need gcc-12"   # Debian's kbuild calls gcc-12 by name
command -v make >/dev/null || need="$need make"
command -v depmod >/dev/null || need="$need kmod"
command -v xz >/dev/null || need="$need xz-utils"
command -v aplay >/dev/null || need="$need alsa-utils" # bundled into the guest by bundle.sh
command -v gpioset >/dev/null || need="$need gpiod"        # gpioget/gpioset/gpioinfo, bundled to check lines
command -v sox >/dev/null || need="$need sox"          # makes and checks test tones on the host
command -v ldd >/dev/null || need="$need libc-bin"
ldconfig -p | grep -q 'libelf.so.1 ' || need="$need libelf1" # objtool in linux-kbuild
if [ -n "$need" ]; then
    apt-cache show linux-image-amd64 >/dev/null 2>&1 || apt_update_once
    # shellcheck disable=SC2086
    as_root env DEBIAN_FRONTEND=noninteractive apt-get -q install -y --no-install-recommends $need
fi

# --- which kernel ----------------------------------------------------------
apt-cache show linux-image-amd64 >/dev/null 2>&1 || apt_update_once
image_pkg=$(apt-cache depends linux-image-amd64 | sed -n 's/^ *Depends: \(linux-image-[0-9].*-amd64\)$/\1/p' | head -n 1)
[ -n "$image_pkg" ] || { echo "prepare.sh: linux-image-amd64 depends on no linux-image-*-amd64" >&2; exit 1; }
abi=${image_pkg#linux-image-}                      # e.g. 6.1.0-56-amd64
ver=$(apt-cache show --no-all-versions "$image_pkg" | sed -n 's/^Version: //p' | head -n 1)
common=linux-headers-${abi%-amd64}-common
stamp="$abi $ver"
if [ -f "$cache/prepared" ] && [ "$(cat "$cache/prepared")" = "$stamp" ]; then
    echo "prepare.sh: $cache already holds $image_pkg $ver"
    exit 0
fi
echo "prepare.sh: preparing $image_pkg $ver in $cache"

# --- download (not install) the kernel packages ----------------------------
# linux-kbuild and linux-source are versioned by the source package, pinned to
# the image's version so the headers, scripts and gpio-sim source all agree.
mkdir -p "$cache/debs"
cd "$cache/debs"
for p in "$image_pkg" "linux-headers-$abi" "$common" linux-kbuild-6.1 linux-source-6.1; do
    ls "${p}_${ver}_"*.deb >/dev/null 2>&1 && continue
    apt_dl "$p=$ver" || { apt_update_once; apt_dl "$p=$ver"; }
done
# busybox-static conflicts with a host busybox, so take its binary from the .deb
if ! ls busybox-static_*.deb >/dev/null 2>&1; then
    apt_dl busybox-static || { apt_update_once; apt_dl busybox-static; }
fi

# --- unpack ----------------------------------------------------------------
rm -rf "$cache/root"
mkdir -p "$cache/root"
for d in "${image_pkg}_${ver}_"*.deb "linux-headers-${abi}_${ver}_"*.deb "${common}_${ver}_"*.deb \
         "linux-kbuild-6.1_${ver}_"*.deb busybox-static_*.deb; do
    dpkg-deb -x "$d" "$cache/root"
done
cp "$cache/root/boot/vmlinuz-$abi" "$cache/vmlinuz"
cp "$cache/root/bin/busybox" "$cache/busybox"
hdr=$cache/root/usr/src/linux-headers-$abi
# The arch headers' one-line Makefile includes the common tree by absolute
# /usr/src path; point it into the cache so nothing lands in the host's /usr.
echo "include $cache/root/usr/src/$common/Makefile" >"$hdr/Makefile"

# --- gpio-sim, out of tree -------------------------------------------------
# Debian builds neither gpio-sim nor IRQ_SIM. Both go into one module; irq_sim's
# only use of the unexported irq_to_desc becomes generic_handle_irq.
src=$cache/gpio-sim
rm -rf "$src"
mkdir -p "$src/tmp"
dpkg-deb --fsys-tarfile "$cache/debs/linux-source-6.1_${ver}_all.deb" |
    tar -x -C "$src/tmp" ./usr/src/linux-source-6.1.tar.xz
tar -xJf "$src/tmp/usr/src/linux-source-6.1.tar.xz" -C "$src/tmp" \
    linux-source-6.1/drivers/gpio/gpio-sim.c linux-source-6.1/drivers/gpio/gpiolib.h \
    linux-source-6.1/kernel/irq/irq_sim.c
# renamed: a module cannot have an object named like itself among its parts
cp "$src/tmp/linux-source-6.1/drivers/gpio/gpio-sim.c" "$src/gpio-sim-main.c"
cp "$src/tmp/linux-source-6.1/drivers/gpio/gpiolib.h" "$src/gpiolib.h"
sed 's/handle_simple_irq(irq_to_desc(\([a-z_]*\)))/generic_handle_irq(\1)/' \
    "$src/tmp/linux-source-6.1/kernel/irq/irq_sim.c" >"$src/irq_sim.c"
rm -rf "$src/tmp"
if grep -q irq_to_desc "$src/irq_sim.c" || ! grep -q generic_handle_irq "$src/irq_sim.c"; then
    echo "prepare.sh: irq_sim.c changed upstream; the irq_to_desc patch no longer applies" >&2
    exit 1
fi
cat >"$src/Kbuild" <<'EOF'
obj-m := gpio-sim.o
gpio-sim-y := gpio-sim-main.o irq_sim.o
EOF
make -s -C "$hdr" M="$src" -j"$(nproc)" modules
strip --strip-debug "$src/gpio-sim.ko"   # 670 kB of DWARF otherwise rides in every initramfs
mkdir -p "$cache/root/lib/modules/$abi/extra"
cp "$src/gpio-sim.ko" "$cache/root/lib/modules/$abi/extra/"

# --- the guest's modules, in load order ------------------------------------
# modprobe --show-depends resolves dependencies from modules.dep and prints one
# insmod line per module, dependencies first; busybox insmod in the guest then
# needs no modules.dep of its own.
depmod -b "$cache/root" "$abi"
rm -rf "$cache/modules"
mkdir -p "$cache/modules"
: >"$cache/modules/load-order"
for m in configfs soundcore snd snd-timer snd-pcm snd-aloop gpio-sim \
         virtio_pci 9pnet_virtio 9p; do
    modprobe -d "$cache/root" -S "$abi" --show-depends "$m" | sed -n 's/^insmod \([^ ]*\).*/\1/p'
done | awk '!seen[$0]++' | while read -r ko; do
    name=$(basename "$ko")
    # busybox insmod reads plain ELF only
    case $name in
        *.ko.xz)  xz -dc "$ko" >"$cache/modules/${name%.xz}"; name=${name%.xz} ;;
        *.ko.zst) zstd -qdc "$ko" >"$cache/modules/${name%.zst}"; name=${name%.zst} ;;
        *)        cp "$ko" "$cache/modules/$name" ;;
    esac
    echo "$name" >>"$cache/modules/load-order"
done
echo "$abi" >"$cache/kernel-release"
echo "$stamp" >"$cache/prepared"
echo "prepare.sh: done: $cache/vmlinuz, $cache/modules ($(wc -l <"$cache/modules/load-order") modules)"
