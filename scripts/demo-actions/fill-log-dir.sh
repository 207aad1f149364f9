#!/usr/bin/env bash
# Plays a broker writing into a log directory for the demo: partitions in
# Kafka's layout, an active segment that grows 512 KiB a second, rolls at
# 8 MiB, and "retention" that deletes the oldest segment beyond six, the
# sawtooth the disk exporter's growth estimator must see through.
set -euo pipefail
dir=$1
for p in orders-{0..5} payments-{0..2}; do
  mkdir -p "$dir/$p"
  : >"$dir/$p/00000000000000000000.log"
  truncate -s 10M "$dir/$p/00000000000000000000.index"
  truncate -s 10M "$dir/$p/00000000000000000000.timeindex"
done
printf 'version=0\n' >"$dir/meta.properties"
active=0 chunk=$((256 * 1024)) roll=$((8 * 1024 * 1024))
segment() { printf '%s/orders-0/%020d.log' "$dir" "$1"; }
while true; do
  head -c "$chunk" /dev/urandom >>"$(segment "$active")"
  if (( $(stat -c %s "$(segment "$active")") >= roll )); then
    active=$((active + roll))
    : >"$(segment "$active")"
    mapfile -t segments < <(ls "$dir"/orders-0/*.log | sort)
    while (( ${#segments[@]} > 6 )); do
      rm -f "${segments[0]}"
      segments=("${segments[@]:1}")
    done
  fi
  sleep 0.5
done
