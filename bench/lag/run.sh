#!/usr/bin/env bash
# Benchmark of kafka-lag-exporter against kafka-mock-cluster at 20,000
# partitions (200 topics x 100) and 2,000 consumer groups (each committing
# the 100 partitions of one topic). Prints collection cycle time, scrape
# latency p50/p99, peak RSS and Kafka requests per cycle.
#
#   bench/lag/run.sh                    # uses build/release
#   BUILD_DIR=build/lag-release CYCLES=8 SCRAPES=300 bench/lag/run.sh
#   EXPORTER_ARGS="--lag.seconds.max-reads=0" bench/lag/run.sh
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD_DIR:-$ROOT/build/release}
[[ $BUILD = /* ]] || BUILD=$ROOT/$BUILD
CYCLES=${CYCLES:-8}
SCRAPES=${SCRAPES:-300}
INTERVAL=${INTERVAL:-5s}
GROUPS_N=${GROUPS_N:-2000}

if [[ ! -d $BUILD ]]; then
  cmake --preset release -B "$BUILD" >/dev/null
fi
cmake --build "$BUILD" --target kafka-lag-exporter kafka-mock-cluster -j2 >/dev/null
MOCK=$(find "$BUILD" -type f -name kafka-mock-cluster -perm -u+x | head -1)
EXPORTER=$(find "$BUILD" -type f -name kafka-lag-exporter -perm -u+x | head -1)

WORK=$(mktemp -d)
MOCK_PID=""
EXPORTER_PID=""
cleanup() {
  [[ -n $EXPORTER_PID ]] && kill "$EXPORTER_PID" 2>/dev/null || true
  [[ -n $MOCK_PID ]] && kill "$MOCK_PID" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# The mock reads commands on stdin: keep it open with a FIFO.
mkfifo "$WORK/mock.in"
"$MOCK" --brokers 3 --scale.topics 200 --scale.partitions 100 \
  --scale.groups "$GROUPS_N" <"$WORK/mock.in" >"$WORK/mock.out" \
  2>"$WORK/mock.err" &
MOCK_PID=$!
exec 3>"$WORK/mock.in"
started=$(date +%s.%N)
until grep -q '^READY ' "$WORK/mock.out"; do
  kill -0 "$MOCK_PID" 2>/dev/null || { cat "$WORK/mock.err"; exit 1; }
  sleep 0.2
done
BOOTSTRAP=$(grep '^READY ' "$WORK/mock.out" | head -1 | cut -d' ' -f2)
printf 'mock cluster ready in %.1f s at %s\n' \
  "$(echo "$(date +%s.%N) - $started" | bc)" "$BOOTSTRAP"

# The mock has no ListConsumerGroups: name the groups, with the topic each
# consumes (group i reads scale-topic-(i % 200)) so that no group is scanned
# over all 20,000 partitions. In a config file, since 2,000 entries make a
# long command line. HINTS=0 names the groups only (full scans).
{
  if [[ ${HINTS:-1} = 1 ]]; then
    echo "group.topics:"
    for ((g = 0; g < GROUPS_N; g++)); do
      printf '  - scale-group-%04d=scale-topic-%04d\n' "$g" $((g % 200))
    done
  else
    echo "kafka.groups:"
    for ((g = 0; g < GROUPS_N; g++)); do printf '  - scale-group-%04d\n' "$g"; done
  fi
} >"$WORK/lag.yml"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$EXPORTER" --config.file="$WORK/lag.yml" --kafka.server="$BOOTSTRAP" \
  --web.listen-address="127.0.0.1:$PORT" --collect.interval="$INTERVAL" \
  --collect.timeout=60s --log.level=${LOG_LEVEL:-warn} ${EXPORTER_ARGS:-} \
  2>"$WORK/exporter.err" &
EXPORTER_PID=$!
URL="http://127.0.0.1:$PORT"
started=$(date +%s.%N)
until curl -sf "$URL/-/ready" >/dev/null; do
  kill -0 "$EXPORTER_PID" 2>/dev/null || { cat "$WORK/exporter.err"; exit 1; }
  sleep 0.2
done
printf 'first cycle complete after %.1f s\n' "$(echo "$(date +%s.%N) - $started" | bc)"

metric() {  # metric <exposition file> <series prefix>: sum of matching samples
  awk -v p="$2" 'index($0, p) == 1 { s += $NF } END { printf "%.3f", s }' "$1"
}

echo "cycle  duration_s  requests  groups_with_errors  reads  reads_queued"
seen=""
for ((i = 0; i < CYCLES;)); do
  curl -s "$URL/metrics" >"$WORK/m.txt"
  stamp=$(metric "$WORK/m.txt" 'kafka_lag_exporter_scrape_collector_last_success_timestamp_seconds')
  if [[ $stamp != "$seen" ]]; then
    seen=$stamp
    i=$((i + 1))
    printf '%5d  %10s  %8s  %18s  %5s  %12s\n' "$i" \
      "$(metric "$WORK/m.txt" 'kafka_lag_exporter_scrape_collector_duration_seconds')" \
      "$(metric "$WORK/m.txt" 'kafka_lag_exporter_kafka_requests')" \
      "$(metric "$WORK/m.txt" 'kafka_lag_exporter_group_offset_errors')" \
      "$(metric "$WORK/m.txt" 'kafka_lag_exporter_record_reads ')" \
      "$(metric "$WORK/m.txt" 'kafka_lag_exporter_record_reads_queued ')"
    grep '^kafka_lag_exporter_cycle_phase_duration_seconds' "$WORK/m.txt" |
      sed 's/^kafka_lag_exporter_cycle_phase_duration_seconds/       /' >"$WORK/phases.txt"
  fi
  sleep 0.5
done
echo "phases of the last cycle:"
cat "$WORK/phases.txt"
grep '^kafka_lag_exporter_kafka_requests' "$WORK/m.txt" | sed 's/^/       /'
printf 'series on /metrics: %s, bytes: %s, gzip bytes: %s\n' \
  "$(grep -vc '^#' "$WORK/m.txt")" "$(wc -c <"$WORK/m.txt")" \
  "$(curl -s -H 'Accept-Encoding: gzip' "$URL/metrics" | wc -c)"

echo "peak RSS before the scrape loops (VmHWM): $(awk '/VmHWM/ { printf "%.1f MB", $2 / 1024 }' /proc/$EXPORTER_PID/status)"
source "$ROOT/bench/lib/scrape-latency.sh"
echo "scrape latency: $(scrape_latency "$URL/metrics" "$SCRAPES") (plain text)"
echo "                $(scrape_latency "$URL/metrics" "$SCRAPES" -H "Accept-Encoding: gzip") (gzip)"
echo "peak RSS (VmHWM): $(awk '/VmHWM/ { printf "%.1f MB", $2 / 1024 }' /proc/$EXPORTER_PID/status)"
