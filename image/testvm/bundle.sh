#!/bin/sh
# bundle.sh BINARY DEST_DIR — make a host program runnable in the test VM, whose
# root holds nothing but busybox: copies BINARY to DEST_DIR/bin/, every shared
# library ldd lists (and the dynamic loader) to DEST_DIR/lib/, alsa-lib's
# configuration to DEST_DIR/share/alsa/, and writes DEST_DIR/NAME, a wrapper
# that starts the program through the bundled loader. Several binaries can
# share one DEST_DIR. BINARY may be a name on PATH (aplay, arecord).
set -eu

[ $# -eq 2 ] || { sed -n '2,8s/^# \{0,1\}//p' "$0" >&2; exit 2; }
bin=$1
case $bin in */*) ;; *) bin=$(command -v "$bin") || { echo "bundle.sh: $1 not found" >&2; exit 1; } ;; esac
dest=$2
name=$(basename "$bin")
mkdir -p "$dest/bin" "$dest/lib" "$dest/share"

# "libx.so.1 => /path (addr)" and the loader's "/lib64/ld-linux-x86-64.so.2 (addr)";
# each is copied under the name the program asks for, symlinks followed.
if ! ldd "$bin" >"$dest/.ldd" 2>&1; then
    echo "bundle.sh: ldd $bin failed (not a dynamic executable?)" >&2; cat "$dest/.ldd" >&2; exit 1
fi
if grep -q 'not found' "$dest/.ldd"; then
    echo "bundle.sh: $bin has unresolved libraries:" >&2; grep 'not found' "$dest/.ldd" >&2; exit 1
fi
awk '$2 == "=>" && $3 ~ /^\// { print $1, $3 } $1 ~ /^\// && $2 ~ /^\(/ { print "ld-linux-x86-64.so.2", $1 }' \
    "$dest/.ldd" | while read -r soname path; do
    cp -L "$path" "$dest/lib/$soname"
done
rm -f "$dest/.ldd"
cp -L "$bin" "$dest/bin/$name"

# alsa-lib reads its configuration from /usr/share/alsa, which the guest lacks;
# the wrapper points it here. ucm/ucm2 describe real sound cards' mixers: not needed.
if [ -d /usr/share/alsa ] && [ ! -f "$dest/share/alsa/alsa.conf" ]; then
    mkdir -p "$dest/share/alsa"
    (cd /usr/share/alsa && tar -c --exclude=./ucm --exclude=./ucm2 .) | tar -x -C "$dest/share/alsa"
fi

# Started through the loader, the program's /proc/self/exe is the loader; --argv0
# keeps its argv[0] its own name.
cat >"$dest/$name" <<EOF
#!/bin/sh
d=\$(cd "\$(dirname "\$0")" && pwd)
export ALSA_CONFIG_DIR="\$d/share/alsa" ALSA_CONFIG_PATH="\$d/share/alsa/alsa.conf"
exec "\$d/lib/ld-linux-x86-64.so.2" --library-path "\$d/lib" --argv0 "\$0" "\$d/bin/$name" "\$@"
EOF
chmod 755 "$dest/$name"
echo "bundle.sh: $dest/$name ($(ls "$dest/lib" | wc -l) files in $dest/lib)"
