#!/bin/sh
# prepare.sh [CACHE_DIR] — fetch and build what run.sh boots: Debian bookworm's
# stock amd64 kernel, the modules the ALSA/GPIO tests need and gpio-sim.ko.
# Idempotent: a second run that chooses the same package versions does nothing
# (choose-kernel.sh says how they are chosen).
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
    apt-cache show linux-image-amd64 >/dev/null 2>&1 || as_root apt-get -qq update
    # shellcheck disable=SC2086
    as_root env DEBIAN_FRONTEND=noninteractive apt-get -q install -y --no-install-recommends $need
fi

# --- which kernel ----------------------------------------------------------
# choose-kernel.sh picks the versions from what the archive offers (its header
# says how); lists that are missing or stale (a download 404s) are refreshed
# once and the choice made again.
apt_update_quiet() {
    [ -n "${apt_updated:-}" ] && return 1
    as_root apt-get -qq update >/dev/null
    apt_updated=1
}
apt-cache show linux-image-amd64 >/dev/null 2>&1 || apt_update_quiet
choose() {
    image_pkg=$(apt-cache depends linux-image-amd64 | sed -n 's/^ *Depends: \(linux-image-[0-9].*-amd64\)$/\1/p' | head -n 1)
    [ -n "$image_pkg" ] || { echo "prepare.sh: linux-image-amd64 depends on no linux-image-*-amd64" >&2; exit 1; }
    abi=${image_pkg#linux-image-}                      # e.g. 6.1.0-56-amd64
    if ! choice=$(apt-cache madison "$image_pkg" "linux-headers-$abi" "linux-headers-${abi%-amd64}-common" \
                      linux-kbuild-6.1 linux-source-6.1 2>/dev/null | "$here/choose-kernel.sh" "$abi" 2>"$cache/choice.log"); then
        # lists older than the archive may offer less than it does
        if apt_update_quiet; then choose; return; fi
        cat "$cache/choice.log" >&2
        exit 1
    fi
    cat "$cache/choice.log" >&2
    version_of() { printf '%s\n' "$choice" | awk -v p="$1" '$1 == p { print $2 }'; }
    ver=$(version_of "$image_pkg")
    common=linux-headers-${abi%-amd64}-common
    kbuild_ver=$(version_of linux-kbuild-6.1)
    source_ver=$(version_of linux-source-6.1)
    # What the cache holds once prepared: every package at the version used.
    stamp="$abi $image_pkg=$ver linux-kbuild-6.1=$kbuild_ver linux-source-6.1=$source_ver"
}
choose
if [ -f "$cache/prepared" ] && [ "$(cat "$cache/prepared")" = "$stamp" ]; then
    echo "prepare.sh: $cache already holds $image_pkg $ver (kbuild $kbuild_ver, source $source_ver)"
    exit 0
fi

echo "prepare.sh: preparing $image_pkg $ver (kbuild $kbuild_ver, source $source_ver) in $cache"

# --- download (not install) the kernel packages ----------------------------
# Into a scratch folder first: a .deb reaches debs/ whole or not at all, and
# debs/ keeps only the versions chosen now, so a drift in the archive never
# leaves a stale or half-filled cache behind a valid stamp.
rm -f "$cache/prepared"
mkdir -p "$cache/debs"
cd "$cache/debs"
download_all() {
    rm -rf "$cache/debs/partial"
    mkdir -p "$cache/debs/partial"
    printf '%s\n' "$choice" | while read -r p v; do
        ls "${p}_${v}_"*.deb >/dev/null 2>&1 && continue
        (cd "$cache/debs/partial" && apt_dl "$p=$v") || exit 1
        mv "$cache/debs/partial/${p}_"*.deb . || exit 1
    done
}
if ! download_all; then
    # stale lists: refresh, choose again, download again
    apt_update_quiet || exit 1
    choose
    download_all || exit 1
fi
for d in linux-image-*.deb linux-headers-*.deb linux-kbuild-*.deb linux-source-*.deb; do
    [ -e "$d" ] || continue
    keep=
    for p_v in $(printf '%s\n' "$choice" | awk '{ print $1 "_" $2 "_" }'); do
        case $d in "$p_v"*) keep=1 ;; esac
    done
    [ -n "$keep" ] || rm -f "$d"
done
# busybox-static conflicts with a host busybox, so take its binary from the .deb
if ! ls busybox-static_*.deb >/dev/null 2>&1; then
    mkdir -p partial
    (cd partial && apt_dl busybox-static) || { apt_update_quiet; (cd partial && apt_dl busybox-static); } || exit 1
    mv partial/busybox-static_*.deb .
fi
rm -rf partial

# --- unpack ----------------------------------------------------------------
rm -rf "$cache/root"
mkdir -p "$cache/root"
for d in "${image_pkg}_${ver}_"*.deb "linux-headers-${abi}_${ver}_"*.deb "${common}_${ver}_"*.deb \
         "linux-kbuild-6.1_${kbuild_ver}_"*.deb busybox-static_*.deb; do
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
dpkg-deb --fsys-tarfile "$cache/debs/linux-source-6.1_${source_ver}_all.deb" |
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
