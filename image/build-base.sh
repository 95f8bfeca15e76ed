#!/bin/bash
# build-base.sh BOARD_DIR OUT_TAR — the Debian bookworm root before anything of
# Attendant's is in it: mmdebstrap, Debian's packages only (image/packages.list
# plus the board's kernel), written as a tarball. Slow (downloads ~150 MB), so
# build.sh keeps the tarball and calls this only when the package list or the
# board's settings change.
set -euo pipefail

board_dir=$1
out=$2
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=boards/x86_64/board.conf
source "$board_dir/board.conf"

packages=$(sed 's/#.*//' "$here/packages.list" | tr -s ' \n' ',' | sed 's/^,//; s/,$//')

mkdir -p "$(dirname "$out")"
# Documentation, manuals and translations are never read on the board: dpkg
# leaves them out, which keeps each root slot well under its partition.
# The kernel's postinst builds an initramfs now; build.sh builds it again after
# trimming modules, so this one is only a placeholder.
mmdebstrap \
    --mode=root \
    --variant=minbase \
    --architectures="$DEB_ARCH" \
    --include="$packages,$KERNEL_PACKAGE" \
    --dpkgopt='path-exclude=/usr/share/man/*' \
    --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --dpkgopt='path-exclude=/usr/share/info/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' \
    --dpkgopt='path-exclude=/usr/share/lintian/*' \
    --format=tar \
    --essential-hook='mkdir -p "$1/etc/initramfs-tools/conf.d" && echo MODULES=list > "$1/etc/initramfs-tools/conf.d/attendant"' \
    bookworm "$out.partial" \
    "deb http://deb.debian.org/debian bookworm main" \
    "deb http://deb.debian.org/debian bookworm-updates main" \
    "deb http://deb.debian.org/debian-security bookworm-security main"
mv "$out.partial" "$out"
