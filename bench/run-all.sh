#!/usr/bin/env bash
# Runs every benchmark of the suite on one release build and prints their
# numbers one after the other (`make bench`). Each benchmark's own README or
# header says what it measures and the goal it is held to.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-build/release}
[[ $BUILD = /* ]] || BUILD=$ROOT/$BUILD
status=0
run() {
  printf '\n=== %s ===\n' "$1"; shift
  "$@" || { echo "benchmark failed: $*"; status=1; }
}
run "kafka-mock-cluster (setup at scale)" "$ROOT/bench/kafka-mock-cluster/run.sh" "$BUILD"
run "kafka-broker-exporter (20,000 partitions)" "$ROOT/bench/broker/run.sh" "$BUILD"
run "kafka-lag-exporter (20,000 partitions, 2,000 groups)" env BUILD_DIR="$BUILD" "$ROOT/bench/lag/run.sh"
run "kafka-disk-exporter (5,000 partitions, 55,000 files)" env BUILD_DIR="$BUILD" "$ROOT/bench/disk/run.sh"
run "kafka-cert-exporter (1,000 certificates, 10 endpoints)" "$BUILD/exporters/cert/bench/kafka_cert_bench"
run "kafka-webhook-receiver (64 connections)" "$BUILD/webhook-receiver/bench/kafka_webhook_receiver_bench"
exit $status
