#!/bin/sh
# choose-kernel.sh ABI — which versions of the test VM's kernel packages to download,
# from what the archive offers. Reads `apt-cache madison` lines for
#   linux-image-ABI linux-headers-ABI linux-headers-ABI_WITHOUT_ARCH-common
#   linux-kbuild-6.1 linux-source-6.1
# on stdin and prints one "package version" line for each of them.
#
# Image and headers come from one upload, so they must share a version exactly.
# kbuild and source are rebuilt by later uploads of the same kernel (a security
# fix bumps their Debian revision without new image packages), so any revision of
# the image's upstream version does, newest first; failing that, the newest of
# the 6.1 series, with one line on stderr saying so.
# When no usable set exists: one sentence on stderr naming the missing package and
# the versions the archive offers, nothing on stdout, exit status 1.
# A pure function of its input: tests feed it recorded apt-cache outputs.
set -eu

[ $# -eq 1 ] || { echo "usage: choose-kernel.sh ABI < madison-output" >&2; exit 2; }
abi=$1
image=linux-image-$abi
headers=linux-headers-$abi
common=linux-headers-${abi%-*}-common
kbuild=linux-kbuild-6.1
source=linux-source-6.1
offers=$(cat)

# The versions the archive offers of one binary package, newest first (Debian's
# ordering, by dpkg itself; source lines from deb-src entries are not packages).
versions() {
    printf '%s\n' "$offers" |
        awk -F'|' -v p="$1" '{ gsub(/ /, "", $1); gsub(/ /, "", $2) }
                             $1 == p && $3 ~ /Packages/ && !seen[$2]++ { print $2 }' |
        newest_first
}
newest_first() {
    sorted=
    while read -r v; do
        out= placed=
        for s in $sorted; do
            if [ -z "$placed" ] && dpkg --compare-versions "$v" gt "$s"; then out="$out $v"; placed=1; fi
            out="$out $s"
        done
        [ -n "$placed" ] || out="$out $v"
        sorted=$out
    done
    for s in $sorted; do echo "$s"; done
}
listed() { if [ -n "$1" ]; then echo "$1" | tr '\n' ' ' | sed 's/ $//; s/ /, /g'; else echo none; fi; }
missing() {
    echo "choose-kernel.sh: no usable test VM kernel: $1 (the archive offers $2)" >&2
    exit 1
}

image_versions=$(versions "$image")
headers_versions=$(versions "$headers")
common_versions=$(versions "$common")
[ -n "$image_versions" ] || missing "$image is not in the archive" "none of it"
chosen=
for v in $image_versions; do
    if printf '%s\n' "$headers_versions" | grep -qxF "$v" && printf '%s\n' "$common_versions" | grep -qxF "$v"; then
        chosen=$v; break
    fi
done
if [ -z "$chosen" ]; then
    newest=$(echo "$image_versions" | head -n 1)
    if printf '%s\n' "$headers_versions" | grep -qxF "$newest"; then
        missing "$common is missing at $newest, the version of $image" "$common at $(listed "$common_versions")"
    fi
    missing "$headers is missing at $newest, the version of $image" "$headers at $(listed "$headers_versions")"
fi
upstream=${chosen%-*}

# kbuild or source: the newest revision of the image's upstream version, else the
# newest of the series.
same_upstream() {
    all=$(versions "$1")
    [ -n "$all" ] || missing "$1 is not in the archive" "no version of it"
    for v in $all; do
        if [ "${v%-*}" = "$upstream" ]; then echo "$v"; return; fi
    done
    v=$(echo "$all" | head -n 1)
    echo "choose-kernel.sh: $1 has no $upstream in the archive; using the newest of the 6.1 series, $v" >&2
    echo "$v"
}
kbuild_version=$(same_upstream "$kbuild") || exit 1
source_version=$(same_upstream "$source") || exit 1

echo "$image $chosen"
echo "$headers $chosen"
echo "$common $chosen"
echo "$kbuild $kbuild_version"
echo "$source $source_version"
