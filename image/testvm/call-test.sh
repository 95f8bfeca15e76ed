#!/bin/sh
# call-test.sh --binary ATTENDANT --share DIR [--hog] [--no-stall]
#
# A call through the real kernel's ALSA and GPIO: fills DIR with the appliance
# (bundled with its libraries), the test VM's board file, the demo menu and its
# prompts, and the far end (farend-call.sh); boots the test VM on it and exits
# with the far end's status. DIR must already hold keys-1.raw and keys-0.raw:
# 3-channel S16_LE 8 kHz audio with a DTMF key on channel 0 (the test makes them
# with spandsp; missing ones are made here from the two sine tones). Results land
# in DIR/out: heard.raw (what the engine played, 3 channels), calls.sqlite,
# console.log, farend.log. --hog keeps the VM's other CPU busy throughout;
# --no-stall leaves out the engine stall that forces an xrun.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
binary= share= hog=0 stall=1
while [ $# -gt 0 ]; do
    case $1 in
        --binary) binary=$2; shift 2 ;;
        --share) share=$2; shift 2 ;;
        --hog) hog=1; shift ;;
        --no-stall) stall=0; shift ;;
        *) sed -n '2,12s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
    esac
done
[ -x "$binary" ] && [ -d "$share" ] || { echo "call-test.sh: need --binary and --share" >&2; exit 2; }
# DTMF 1 (697 + 1209 Hz) and 0 (941 + 1336 Hz): 200 ms quiet, 100 ms of tone at
# about -7 dBm0 per tone, quiet to 1 s; channels 1 and 2 silent.
for pair in 1:697:1209 0:941:1336; do
    key=${pair%%:*}
    [ -f "$share/keys-$key.raw" ] || python3 - "$share/keys-$key.raw" "${pair#*:}" <<'PY'
import math, struct, sys
low, high = (int(f) for f in sys.argv[2].split(":"))
frames = []
for n in range(8000):
    s = 0
    if 1600 <= n < 2400:
        s = int(4000 * (math.sin(2 * math.pi * low * n / 8000) + math.sin(2 * math.pi * high * n / 8000)))
    frames.append(struct.pack("<hhh", s, 0, 0))
open(sys.argv[1], "wb").write(b"".join(frames))
PY
done

"$here/prepare.sh" >/dev/null
rm -rf "$share/out" "$share/bundle"
for program in "$binary" aplay arecord; do "$here/bundle.sh" "$program" "$share/bundle" >/dev/null; done
cp "$root/board/loopback-vm.board" "$share/board.board"
cp "$root/examples/demo.menu" "$share/demo.menu"
# The prompts the menu names, from the host's asterisk sounds, under /share in the guest.
sounds=/usr/share/asterisk/sounds/en
mkdir -p "$share/sounds/en"
sed "s|\"$sounds\"|\"/share/sounds/en\"|" "$root/prompts/catalogue.prompts" >"$share/catalogue.prompts"
# Recordings named by an absolute path (music on hold) are not the demo menu's: left out.
sed -n 's/^prompt  *[^ ]*  *"\([^"/][^"]*\)".*/\1/p' "$root/prompts/catalogue.prompts" | while read -r name; do
    cp "$sounds/$name.wav" "$share/sounds/en/"
done
cp "$here/farend-call.sh" "$share/farend-call.sh"
exec "$here/run.sh" --share "$share" -- env HOG=$hog STALL=$stall sh /share/farend-call.sh
