#!/bin/sh
# bench.sh ATTENDANT — frame timing on the real ALSA path (snd-aloop, in the test
# VM): the far end's whole call, once with the VM's other CPU idle and once with
# it saturated by a busy loop, the media thread pinned to CPU 1 with SCHED_FIFO.
# Prints the console's timing lines for each, for `make bench`.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
binary=$1
printf '\n%s\n' "Real ALSA path in the test VM (snd-aloop, gpio-sim; QEMU TCG, 2 vCPUs; period 160 frames, buffer 4)"
failed=0
for load in idle hog; do
    share=$(mktemp -d "${TMPDIR:-/tmp}/attendant-bench.XXXXXX")
    flag=; [ $load = hog ] && flag=--hog
    if "$here/call-test.sh" --binary "$binary" --share "$share" --no-stall $flag >"$share/vm.log" 2>&1; then
        printf '%s\n' "-- other CPU $load --"
        grep -E "frames processed|frame interval|frame processing|frames late|audio xruns|clock timeouts" "$share/out/console.log" |
            sed 's/^attendant> //'
    else
        echo "-- other CPU $load: the VM run failed (log: $share/vm.log) --"
        tail -5 "$share/vm.log"
        failed=1
    fi
    rm -rf "$share/bundle" "$share/sounds"
done
exit $failed
