#!/usr/bin/env bash
# Instruction counts per channel-frame under callgrind: repeatable on a noisy machine.
# Each side runs in its own process; a run that only sets up is subtracted from both.
set -euo pipefail
# Valgrind 3.19 cannot read the DWARF that Swift 6 emits: count on a stripped copy.
binary=$(mktemp)
strip -o "$binary" "${1:-.build/release/attendant}"
trap 'rm -f "$binary"' EXIT
channels=${CHANNELS:-16}
seconds=${SECONDS_OF_AUDIO:-4}
frames=$(( seconds * 50 ))
count() {
  local out
  out=$(mktemp)
  valgrind --tool=callgrind --callgrind-out-file="$out" "$binary" bench \
    --channels "$channels" --seconds "$seconds" --only "$1" >/dev/null 2>"$out.log"
  grep -m1 -E '^(summary|totals):' "$out" | awk '{print $2}'
  rm -f "$out" "$out.log"
}
setup=$(count setup)
raw=$(count raw)
engine=$(count engine)
per() { echo $(( ($1 - setup) / (channels * frames) )); }
raw_per=$(per "$raw")
engine_per=$(per "$engine")
echo "Instruction counts (callgrind, ${channels} channels × ${frames} frames)"
printf '%-28s %s\n' "raw spandsp dtmf_rx" "${raw_per} instructions per channel-frame"
printf '%-28s %s\n' "whole engine" "${engine_per} instructions per channel-frame"
printf '%-28s %s\n' "ratio engine / raw" "$(awk -v a="$engine_per" -v b="$raw_per" 'BEGIN { printf "%.2f", a / b }')"
