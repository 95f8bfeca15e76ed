#!/bin/bash
# bundle.sh --board NAME --root ROOT.squashfs --version V --out FILE.raucb [--key KEY --cert CERT]
#
# A RAUC update bundle (verity format) carrying one root slot image, for boards
# whose system.conf says compatible=attendant-NAME. Signed by default with the
# TEST signing key (test-keys.sh); the owner signs real bundles with --key/--cert.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
board=x86_64 rootimg= version= out= key= cert=
while [ $# -gt 0 ]; do
    case $1 in
        --board) board=$2; shift 2 ;;
        --root) rootimg=$2; shift 2 ;;
        --version) version=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        --key) key=$2; shift 2 ;;
        --cert) cert=$2; shift 2 ;;
        *) sed -n '2,7s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
    esac
done
[ -f "$rootimg" ] && [ -n "$version" ] && [ -n "$out" ] || { sed -n '2,7s/^# \{0,1\}//p' "$0" >&2; exit 2; }
if [ -z "$key" ]; then
    "$here/test-keys.sh" "$repo/.build/image/keys" >/dev/null
    key=$repo/.build/image/keys/test-only-signing.key.pem
    cert=$repo/.build/image/keys/test-only-signing.cert.pem
fi

content=$(mktemp -d "${TMPDIR:-/tmp}/attendant-bundle.XXXXXX")
trap 'rm -rf "$content"' EXIT
# A hard link, not a copy, where the file system allows: the image is 100 MB.
ln "$rootimg" "$content/root.squashfs" 2>/dev/null || cp "$rootimg" "$content/root.squashfs"
cat >"$content/manifest.raucm" <<MANIFEST
[update]
compatible=attendant-$board
version=$version
description=Attendant root file system

[bundle]
format=verity

[image.rootfs]
filename=root.squashfs
MANIFEST
rm -f "$out"
rauc bundle --cert="$cert" --key="$key" "$content" "$out" >/dev/null
echo "bundle.sh: $out ($(($(stat -c %s "$out") / 1048576)) MiB, version $version)"
