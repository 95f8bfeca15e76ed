#!/bin/sh
# The far end of a call on the test VM's board (board/loopback-vm.board), run in
# the guest from the shared folder that call-test.sh filled. It plays the telephone
# exchange and the caller: rings port 1 through the gpio-sim ring-detect line,
# waits for the engine to close the hook relay, stalls the engine to force an xrun,
# presses keys as DTMF audio into the loopback, records everything the engine plays,
# flashes and hangs up the FXS phone of port 3, then asks the console for its
# statistics and calls. Findings go to out/; the host judges the audio and the
# database. Exits non-zero if the signalling itself went wrong.
# HOG=1 keeps the other CPU busy the whole time; STALL=0 leaves out the stall
# (make bench measures frame timing without it).
set -eu
cd /share
out=/share/out
mkdir -p "$out"
sim=$GPIOSIM_SYSFS
log() { echo "farend: $(cut -d' ' -f1 /proc/uptime) $*" | tee -a "$out/farend.log"; }
fail() { log "FAIL: $*"; echo "show stats" >&3 || true; echo quit >&3 || true; sleep 2; exit 1; }
# gpio-sim: an input line of ours is driven by its pull; an output is read as value.
drive() { echo "$2" >"$sim/sim_gpio$1/pull"; }
level() { cat "$sim/sim_gpio$1/value"; }
# Waits up to $2 tenths of a second for line $1 to read $3.
await() {
    n=0
    while [ "$(level "$1")" != "$3" ]; do
        n=$((n + 1)); [ "$n" -le "$2" ] || return 1
        sleep 0.1
    done
}

if [ "${HOG:-0}" = 1 ]; then
    taskset -c 0 sh -c 'while :; do :; done' &
    hog=$!
    log "CPU hog on CPU 0 (pid $hog)"
fi

# The database lives on the guest's tmpfs: SQLite's WAL needs shared memory maps,
# which the 9p share cannot give; it is copied out once the appliance has quit.
./bundle/attendant board check --target board.board >"$out/board-check.log" 2>&1 ||
    fail "board check --target: $(cat "$out/board-check.log")"
mkfifo /tmp/console
./bundle/attendant run --board board.board --menu demo.menu --catalogue catalogue.prompts \
    --database /tmp/calls.sqlite --media-cpu 1 </tmp/console >"$out/console.log" 2>&1 &
engine=$!
exec 3>/tmp/console
# Ready once it says it is answering (under emulation a debug build takes seconds).
n=0
until grep -q "is answering" "$out/console.log" 2>/dev/null; do
    kill -0 "$engine" 2>/dev/null || fail "attendant did not start: $(cat "$out/console.log")"
    n=$((n + 1)); [ "$n" -le 600 ] || fail "attendant not answering after 60 s"
    sleep 0.1
done
log "attendant answering"
./bundle/arecord -q -D hw:Loopback,1,0 -c 3 -f S16_LE -r 8000 -t raw "$out/heard.raw" &
recorder=$!
log "recording"

# A tinkle (as short as the shell makes it: well under the 150 ms minimum even on a
# loaded emulator) is not a ring.
drive 0 pull-up; drive 0 pull-down
sleep 1
log "ring 1"
drive 0 pull-up; sleep 2; drive 0 pull-down
[ "$(level 1)" = 0 ] || fail "answered on the first ring (2 are configured)"
sleep 4
log "ring 2"
drive 0 pull-up
await 1 20 1 || fail "hook relay not closed during the second ring"
log "answered"
drive 0 pull-down

sleep 2
if [ "${STALL:-1}" = 1 ]; then
    # An xrun is the engine missing the codec clock. Stalling the far end's player
    # instead does not do it reliably: snd-aloop runs the two sides of a cable on
    # their own timers, and a far end that stops feeding underruns only its own side.
    log "stalling the engine for 300 ms"
    kill -STOP "$engine"; sleep 0.3; kill -CONT "$engine"
fi
sleep 0.5
log "key 1"
./bundle/aplay -q -D hw:Loopback,1,0 -c 3 -f S16_LE -r 8000 -t raw keys-1.raw
sleep 3
log "key 0"
./bundle/aplay -q -D hw:Loopback,1,0 -c 3 -f S16_LE -r 8000 -t raw keys-0.raw
await 1 80 0 || fail "the menu's hangup did not open the hook relay"
log "engine hung up"

log "FXS: off hook, a 300 ms flash, then hung up"
drive 4 pull-up; sleep 1
drive 4 pull-down; sleep 0.3; drive 4 pull-up; sleep 1
drive 4 pull-down; sleep 1.5

kill "$recorder"
echo "show stats" >&3
echo "show calls" >&3
sleep 1
echo quit >&3
exec 3>&-
wait "$engine" || fail "attendant exited with status $?"
cp /tmp/calls.sqlite* "$out/"
[ -z "${hog:-}" ] || kill "$hog"
log "done"
