#!/bin/bash
# host-deps.sh BOARD — installs the Debian packages `make image` and `make
# image-test` need on the build machine (once; sudo when not root): the common
# tools and the board's HOST_PACKAGES (boards/BOARD/board.conf).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=boards/x86_64/board.conf
source "$here/boards/$1/board.conf"
# mmdebstrap: the root; genimage with mtools/dosfstools/e2fsprogs: file systems and
# the disk without mounting; rauc + squashfs-tools: bundles; bmap-tools: the block
# map; fdisk (sfdisk): the test reads the partition table; python3: the test driver.
packages="mmdebstrap genimage mtools dosfstools e2fsprogs rauc squashfs-tools bmap-tools openssl fdisk python3 $HOST_PACKAGES"
missing=
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -n "$missing" ] || exit 0
echo "host-deps.sh: installing$missing"
sudo=; [ "$(id -u)" = 0 ] || sudo=sudo
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing
