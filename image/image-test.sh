#!/bin/bash
# image-test.sh [--board NAME] --binary ATTENDANT [--phases LIST]
#
# The board image's test (after `make image`): makes the update bundles the
# test installs, then boots the image under QEMU with image-test.py:
#   good.raucb       the image's own root slot, version "<image>-update"
#   untrusted.raucb  the same, signed by a key the image's keyring does not trust
#   broken.raucb     a root whose attendant fails at start (build.sh --broken)
# Bundles and the test's disk copies go to .build/image/test/.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
board=x86_64 binary= phases=boot,refuse,update,fallback,power-cut,call,console
while [ $# -gt 0 ]; do
    case $1 in
        --board) board=$2; shift 2 ;;
        --binary) binary=$2; shift 2 ;;
        --phases) phases=$2; shift 2 ;;
        *) sed -n '2,11s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
    esac
done
build=$repo/.build/image
out=$build/out
test=$build/test
image=$out/attendant-$board.img
[ -f "$image" ] || { echo "image-test.sh: no $image: run make image first" >&2; exit 2; }
version=$(cat "$build/work-$board/root/etc/attendant-image-version")
rm -rf "$test"
mkdir -p "$test"
keys=$build/keys

sticks=()
# Only the update phases need the bundles (and their sticks): `--phases boot,call` skips them.
if [[ ,$phases, =~ ,(refuse|update|fallback|power-cut), ]]; then
    # The good and the untrusted bundle carry the image's own root slot.
    "$here/bundle.sh" --board "$board" --root "$out/root-$board.squashfs" --version "$version-update" --out "$test/good.raucb"
    "$here/bundle.sh" --board "$board" --root "$out/root-$board.squashfs" --version "$version-untrusted" --out "$test/untrusted.raucb" \
        --key "$keys/test-only-untrusted.key.pem" --cert "$keys/test-only-untrusted.cert.pem"
    # The host's own checks agree before the board is asked: the keyring takes the
    # good bundle and refuses the untrusted one.
    rauc info --keyring "$keys/test-only-ca.cert.pem" "$test/good.raucb" >/dev/null
    if rauc info --keyring "$keys/test-only-ca.cert.pem" "$test/untrusted.raucb" >/dev/null 2>&1; then
        echo "image-test.sh: rauc on the host accepted the untrusted bundle" >&2; exit 1
    fi
    # The broken root is built beside the image's (its work folder is rebuilt
    # after), so keep the good root slot's ext4 aside first.
    cp --sparse=always "$out/root-$board.squashfs" "$test/root-good.squashfs"
    "$here/build.sh" --board "$board" --binary "$binary" --version "$version-broken" --root-only --broken
    mv "$out/root-$board.squashfs" "$test/root-broken.squashfs"
    mv "$test/root-good.squashfs" "$out/root-$board.squashfs"
    "$here/bundle.sh" --board "$board" --root "$test/root-broken.squashfs" --version "$version-broken" --out "$test/broken.raucb"
    rm -f "$test/root-broken.squashfs"
    # /dev/vdb, vdc, vdd in the guest, in this order.
    sticks=(--stick "$test/good.raucb" --stick "$test/untrusted.raucb" --stick "$test/broken.raucb")
fi
exec python3 "$here/image-test.py" --board-conf "$here/boards/$board/board.conf" --image "$image" \
    --work "$test" --phases "$phases" "${sticks[@]}"
