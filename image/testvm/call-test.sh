#!/bin/sh
# call-test.sh --binary ATTENDANT --share DIR [--hog]
#
# A call through the real kernel's ALSA and GPIO: fills DIR with the appliance
# (bundled with its libraries), the test VM's board file, the demo menu and its
# prompts, and the far end (farend-call.sh); boots the test VM on it and exits
# with the far end's status. DIR must already hold keys-1.raw and keys-0.raw:
# 3-channel S16_LE 8 kHz audio with a DTMF key on channel 0 (the test makes them
# with spandsp). Results land in DIR/out: heard.raw (what the engine played, 3
# channels), calls.sqlite, console.log, farend.log. --hog keeps the VM's other CPU
# busy throughout.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
binary= share= hog=0
while [ $# -gt 0 ]; do
    case $1 in
        --binary) binary=$2; shift 2 ;;
        --share) share=$2; shift 2 ;;
        --hog) hog=1; shift ;;
        *) sed -n '2,12s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
    esac
done
[ -x "$binary" ] && [ -d "$share" ] || { echo "call-test.sh: need --binary and --share" >&2; exit 2; }
[ -f "$share/keys-1.raw" ] && [ -f "$share/keys-0.raw" ] || { echo "call-test.sh: $share lacks keys-*.raw" >&2; exit 2; }

"$here/prepare.sh" >/dev/null
rm -rf "$share/out" "$share/bundle"
for program in "$binary" aplay arecord; do "$here/bundle.sh" "$program" "$share/bundle" >/dev/null; done
cp "$root/board/loopback-vm.board" "$share/board.board"
cp "$root/examples/demo.menu" "$share/demo.menu"
# The prompts the menu names, from the host's asterisk sounds, under /share in the guest.
sounds=/usr/share/asterisk/sounds/en
mkdir -p "$share/sounds/en"
sed "s|\"$sounds\"|\"/share/sounds/en\"|" "$root/prompts/catalogue.prompts" >"$share/catalogue.prompts"
sed -n 's/^prompt  *[^ ]*  *"\([^"]*\)".*/\1/p' "$root/prompts/catalogue.prompts" | while read -r name; do
    cp "$sounds/$name.wav" "$share/sounds/en/"
done
cp "$here/farend-call.sh" "$share/farend-call.sh"
exec "$here/run.sh" --share "$share" -- env HOG=$hog sh /share/farend-call.sh
