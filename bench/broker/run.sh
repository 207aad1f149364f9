#!/usr/bin/env bash
# Benchmark of kafka-broker-exporter at scale: the release build against
# kafka-mock-cluster with 200 topics x 100 partitions (20,000 partitions) on
# 3 brokers. Prints collection cycle time, /metrics scrape latency (p50/p99
# over SCRAPES scrapes), peak RSS, /metrics size and Kafka requests per cycle.
#
#   bench/broker/run.sh [build-dir]     (default build/release)
#
# Env: TOPICS (200), PARTITIONS (100), BROKERS (3), SCRAPES (50),
# INTERVAL (1s, the exporter's --collect.interval), SKIP_BUILD=1.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${1:-build/release}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
TOPICS=${TOPICS:-200}
PARTITIONS=${PARTITIONS:-100}
BROKERS=${BROKERS:-3}
SCRAPES=${SCRAPES:-50}
INTERVAL=${INTERVAL:-1s}

if [[ ${SKIP_BUILD:-0} != 1 ]]; then
  [[ -f $BUILD/build.ninja ]] || cmake --preset release -B "$BUILD" >/dev/null
  cmake --build "$BUILD" --target kafka-broker-exporter kafka-mock-cluster >/dev/null
fi
EXPORTER=$(find "$BUILD" -type f -name kafka-broker-exporter -perm -u+x | head -1)
MOCK=$(find "$BUILD" -type f -name kafka-mock-cluster -perm -u+x | head -1)

WORK=$(mktemp -d)
MOCK_PID= EXPORTER_PID=
cleanup() {
  [[ -n $EXPORTER_PID ]] && kill "$EXPORTER_PID" 2>/dev/null
  [[ -n $MOCK_PID ]] && kill "$MOCK_PID" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

# The mock reads commands on stdin and exits at EOF: keep a FIFO open.
mkfifo "$WORK/mock.in"
exec 3<>"$WORK/mock.in"
"$MOCK" --brokers "$BROKERS" --scale.topics "$TOPICS" \
  --scale.partitions "$PARTITIONS" --log.level=warn \
  <&3 >"$WORK/mock.out" 2>"$WORK/mock.err" &
MOCK_PID=$!
setup_start=$(date +%s)
until grep -q '^READY ' "$WORK/mock.out"; do
  kill -0 "$MOCK_PID" 2>/dev/null || { cat "$WORK/mock.err"; exit 1; }
  sleep 0.2
done
BOOTSTRAP=$(sed -n 's/^READY //p' "$WORK/mock.out")
echo "mock cluster: $BROKERS brokers, $TOPICS topics x $PARTITIONS partitions, ready in $(( $(date +%s) - setup_start ))s"

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 19308)
URL=http://127.0.0.1:$PORT/metrics
"$EXPORTER" --kafka.server="$BOOTSTRAP" --web.listen-address=127.0.0.1:$PORT \
  --collect.interval="$INTERVAL" --collect.timeout=10s \
  2>"$WORK/exporter.err" &
EXPORTER_PID=$!

value() {  # value <metrics-file> <exact series>
  awk -v s="$2" 'index($0, s " ") == 1 { print $2; exit }' "$1"
}
sum_of() {  # sum of every sample of a family
  awk -v n="$2" '$1 ~ "^" n "({|$)" { t += $2 } END { printf "%d\n", t }' "$1"
}
scrape() { curl -sf --max-time 10 "$URL" -o "$1"; }

# Wait for a cycle with every partition's offsets.
for _ in $(seq 1 300); do
  if scrape "$WORK/m" && [[ $(value "$WORK/m" kafka_up) == 1 ]] &&
     [[ $(grep -c '^kafka_topic_partition_current_offset{' "$WORK/m") -ge $((TOPICS * PARTITIONS)) ]]; then
    break
  fi
  sleep 0.5
done
[[ $(value "$WORK/m" kafka_up) == 1 ]] || { echo "exporter never got a full cycle"; cat "$WORK/exporter.err"; exit 1; }

# Requests per cycle over a window of several cycles.
scrape "$WORK/a"
sleep 10
scrape "$WORK/b"
cycles=$(( $(sum_of "$WORK/b" kafka_broker_exporter_cycles_total) - $(sum_of "$WORK/a" kafka_broker_exporter_cycles_total) ))
requests=$(( $(sum_of "$WORK/b" kafka_broker_exporter_kafka_requests_total) - $(sum_of "$WORK/a" kafka_broker_exporter_kafka_requests_total) ))

# Scrape latency, plain and with gzip as Prometheus asks.
source "$ROOT/bench/lib/scrape-latency.sh"
latency_plain=$(scrape_latency "$URL" "$SCRAPES")
latency_gzip=$(scrape_latency "$URL" "$SCRAPES" -H "Accept-Encoding: gzip")

scrape "$WORK/m"
cycle=$(value "$WORK/m" 'kafka_broker_exporter_scrape_collector_duration_seconds{collector="broker"}')
success=$(value "$WORK/m" 'kafka_broker_exporter_scrape_collector_success{collector="broker"}')
rss_kb=$(awk '/^VmHWM:/ { print $2 }' /proc/$EXPORTER_PID/status)

echo "partitions reported:        $(grep -c '^kafka_topic_partition_current_offset{' "$WORK/m")"
echo "collection cycle time:      $(awk -v c="$cycle" 'BEGIN { printf "%.3f s", c }') (last cycle, success=$success)"
echo "scrape time /metrics:       $latency_plain (plain text)"
echo "                            $latency_gzip (gzip)"
echo "/metrics size:              $(wc -c <"$WORK/m") bytes"
echo "peak RSS (VmHWM):           $((rss_kb / 1024)) MB"
if (( cycles > 0 )); then
  echo "Kafka requests per cycle:   $(awk -v r="$requests" -v c="$cycles" 'BEGIN { printf "%.1f", r / c }') ($requests requests over $cycles cycles, all brokers)"
fi
