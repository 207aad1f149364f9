#!/usr/bin/env bash
# Benchmark of kafka-mock-cluster at the scale the exporter benchmarks use:
# setup time per step (from its own stderr timing), time to READY, peak RSS,
# and the round trip of stdin commands (p50/p99 over COMMANDS of each kind)
# while the cluster holds every partition of the shape.
#
#   bench/kafka-mock-cluster/run.sh [build-dir]     (default build/release)
#
# Env: BROKERS (3), TOPICS (200), PARTITIONS (100), MESSAGES (5),
# GROUP_COUNT (2000), COMMANDS (200), SKIP_BUILD=1.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${1:-build/release}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
BROKERS=${BROKERS:-3}
TOPICS=${TOPICS:-200}
PARTITIONS=${PARTITIONS:-100}
MESSAGES=${MESSAGES:-5}
GROUP_COUNT=${GROUP_COUNT:-2000}  # not GROUPS: bash reserves it
COMMANDS=${COMMANDS:-200}

if [[ ${SKIP_BUILD:-0} != 1 ]]; then
  [[ -f $BUILD/build.ninja ]] || cmake --preset release -B "$BUILD" >/dev/null
  cmake --build "$BUILD" --target kafka-mock-cluster >/dev/null
fi
MOCK=$(find "$BUILD" -type f -name kafka-mock-cluster -perm -u+x | head -1)
[[ -n $MOCK ]] || { echo "kafka-mock-cluster not found below $BUILD" >&2; exit 1; }

WORK=$(mktemp -d)
trap 'kill "${MOCK_PID:-}" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"' EXIT

now_ms() { date +%s%3N; }
start=$(now_ms)
coproc MOCK_PROC { exec "$MOCK" --brokers "$BROKERS" --scale.topics "$TOPICS" \
  --scale.partitions "$PARTITIONS" --scale.messages "$MESSAGES" \
  --scale.groups "$GROUP_COUNT" 2>"$WORK/stderr"; }
MOCK_PID=$MOCK_PROC_PID
read -r ready <&"${MOCK_PROC[0]}" || { cat "$WORK/stderr"; exit 1; }
[[ $ready == READY* ]] || { echo "unexpected: $ready" >&2; exit 1; }
ready_ms=$(( $(now_ms) - start ))

echo "shape: $BROKERS brokers, $TOPICS topics x $PARTITIONS partitions," \
  "$MESSAGES records each, $GROUP_COUNT groups"
echo "ready after: $(awk "BEGIN{printf \"%.2f\", $ready_ms/1000}") s"
sed -n 's/.*msg="setup: \(.*\) took \(.*\)"/  \1: \2/p' "$WORK/stderr"

# Round trip of one command kind: send, wait for the reply, COMMANDS times.
measure() {
  local name=$1 command=$2 times=() reply t0
  for ((i = 0; i < COMMANDS; i++)); do
    t0=$(date +%s%N)
    echo "$command" >&"${MOCK_PROC[1]}"
    read -r reply <&"${MOCK_PROC[0]}"
    [[ $reply == OK* ]] || { echo "$name: $reply" >&2; exit 1; }
    times+=($(( ($(date +%s%N) - t0) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v name="$name" \
    '{v[NR]=$1} END {printf "  %-28s p50 %7.2f ms  p99 %7.2f ms\n", name,
      v[int(NR*0.5)+1]/1000, v[int(NR*0.99)]/1000}'
}
echo "command round trip ($COMMANDS each):"
measure "produce 1 record" "produce scale-topic-0000 0 1"
measure "offsets (ListOffsets)" "offsets scale-topic-0199 99"
measure "commit (new handle)" "commit bench scale-topic-0001 3 1"
measure "leader" "leader scale-topic-0002 5 2"

echo "peak RSS: $(awk '/VmHWM/ {printf "%.0f MiB", $2/1024}' /proc/"$MOCK_PID"/status)"
t0=$(now_ms)
echo quit >&"${MOCK_PROC[1]}"
wait "$MOCK_PID" || true
echo "quit to exit: $(( $(now_ms) - t0 )) ms"
