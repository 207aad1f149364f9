#!/usr/bin/env bash
# Benchmark of kafka-disk-exporter: builds a log directory of 5,000
# partitions holding 55,000 files and prints the first walk, warm cycles, a
# full re-walk, `du -s` on the same tree, and scrape latency p50/p99 of the
# real binary serving it.
#
#   bench/disk/run.sh                        # uses build/release
#   BUILD_DIR=build/disk-release bench/disk/run.sh [work-dir]
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD_DIR:-$ROOT/build/release}
[[ $BUILD = /* ]] || BUILD=$ROOT/$BUILD

if [[ ! -d $BUILD ]]; then
  cmake --preset release -B "$BUILD" >/dev/null
fi
cmake --build "$BUILD" --target kafka_disk_bench -j2 >/dev/null
exec "$BUILD/exporters/disk/bench/kafka_disk_bench" "$@"
