#!/usr/bin/env bash
# make demo: the whole pipeline on loopback, on an embedded scenario.
#
#   kafka-mock-cluster (deploy/demo/scenario.yaml) ─► 4 exporters ─► Prometheus (shipped rules)
#     ─► Alertmanager ─► kafka-webhook-receiver (deploy/demo/receiver.yml) ─► fake PagerDuty
#
# Usage: scripts/demo.sh [BUILD_DIR]. Ctrl-C stops every process it started.
# Environment: DEMO_DATA (default ./demo-data), DEMO_PORT_BASE (default 19000),
# DEMO_HEADLESS=1 (no live summary; for the end-to-end test).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "${1:-$ROOT/build/dev}" && pwd)
DATA=${DEMO_DATA:-$ROOT/demo-data}
BASE=${DEMO_PORT_BASE:-19000}
HEADLESS=${DEMO_HEADLESS:-0}
RULE_FOR=${DEMO_RULE_FOR:-10s}

PROMETHEUS_PORT=$((BASE + 90)) ALERTMANAGER_PORT=$((BASE + 93)) PAGERDUTY_PORT=$((BASE + 94))
BROKER_PORT=$((BASE + 308)) LAG_PORT=$((BASE + 309)) DISK_PORT=$((BASE + 310))
CERT_PORT=$((BASE + 311)) RECEIVER_PORT=$((BASE + 312)) TLS_LISTENER_PORT=$((BASE + 443))

log() { printf '%s demo: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

binary() {
  local path
  path=$(find "$BUILD" -type f -name "$1" -perm -u+x -print -quit)
  [[ -n $path ]] || die "$1 is not built in $BUILD (run make build)"
  echo "$path"
}

# --- processes ---------------------------------------------------------------
PIDS=()
start() {  # start NAME COMMAND...: background, logs in $DATA/logs/NAME.log
  local name=$1; shift
  # A background command's stdin is /dev/null unless it is redirected on the
  # command itself, so STDIN (a path) is applied here.
  "$@" <"${STDIN:-/dev/null}" >"$DATA/logs/$name.log" 2>&1 &
  PIDS+=($!)
  echo "$!" >"$DATA/pids/$name"
}
stop_all() {
  trap - INT TERM EXIT
  ((${#PIDS[@]})) || return 0
  log "stopping ${#PIDS[@]} processes"
  kill "${PIDS[@]}" 2>/dev/null || true
  for _ in $(seq 50); do
    local alive=0
    for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    ((alive)) || break
    sleep 0.1
  done
  kill -9 "${PIDS[@]}" 2>/dev/null || true
  exec 3>&- 2>/dev/null || true
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

wait_http() {  # wait_http URL NAME
  for _ in $(seq 300); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  die "$2 did not come up at $1 (see $DATA/logs/$2.log)"
}

port_free() { ! (exec 9<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# --- set-up ------------------------------------------------------------------
for port in $PROMETHEUS_PORT $ALERTMANAGER_PORT $PAGERDUTY_PORT $BROKER_PORT $LAG_PORT \
            $DISK_PORT $CERT_PORT $RECEIVER_PORT $TLS_LISTENER_PORT; do
  port_free "$port" || die "port $port is in use (another demo running? set DEMO_PORT_BASE)"
done
command -v prometheus >/dev/null || die "prometheus is not installed (run scripts/install-deps.sh)"
command -v prometheus-alertmanager >/dev/null || die "prometheus-alertmanager is not installed"

rm -rf "$DATA"
mkdir -p "$DATA"/{logs,pids,rules,certs,broker-1,kafka-logs,receiver,prometheus,alertmanager,pagerduty}
log "data under $DATA"

# Rules as shipped, with `for` and `keep_firing_for` shortened so the story
# plays out in a couple of minutes.
for rules in "$ROOT"/alert-rules/*.rules.yml; do
  sed -E "s/^(\s+)for: .*/\1for: $RULE_FOR/; s/^(\s+)keep_firing_for: .*/\1keep_firing_for: $RULE_FOR/" \
    "$rules" >"$DATA/rules/$(basename "$rules")"
done

# Certificates: broker 1's expires in 5 days; it sits in a PKCS#12 keystore
# named by a server.properties, and a TLS listener (openssl s_server) serves
# it, so the certificate exporter can compare served and on-disk copies.
# Broker 2's PEM is healthy.
openssl req -x509 -newkey rsa:2048 -nodes -days 5 -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
  -keyout "$DATA/broker-1/broker.key" -out "$DATA/broker-1/broker.pem" 2>/dev/null
openssl pkcs12 -export -in "$DATA/broker-1/broker.pem" -inkey "$DATA/broker-1/broker.key" \
  -name broker -out "$DATA/broker-1/keystore.p12" -passout pass:changeit
cat >"$DATA/broker-1/server.properties" <<EOT
listeners=SSL://127.0.0.1:$TLS_LISTENER_PORT
ssl.keystore.type=PKCS12
ssl.keystore.location=$DATA/broker-1/keystore.p12
ssl.keystore.password=changeit
EOT
openssl req -x509 -newkey rsa:2048 -nodes -days 300 -subj "/CN=broker-2.demo" \
  -keyout "$DATA/broker-2.key" -out "$DATA/certs/broker-2.pem" 2>/dev/null
start tls-listener openssl s_server -quiet -www -accept "127.0.0.1:$TLS_LISTENER_PORT" \
  -cert "$DATA/broker-1/broker.pem" -key "$DATA/broker-1/broker.key"

# A broker log directory that fills: scripts/demo-actions/fill-log-dir.sh
# appends to the active segment and lets "retention" delete old segments.
start log-filler "$ROOT/scripts/demo-actions/fill-log-dir.sh" "$DATA/kafka-logs"

# --- the cluster -------------------------------------------------------------
mkfifo "$DATA/mock-cluster.ctl"
exec 3<>"$DATA/mock-cluster.ctl"  # held open: the cluster never sees EOF
STDIN="$DATA/mock-cluster.ctl" start mock-cluster "$(binary kafka-mock-cluster)" \
  --scenario "$ROOT/deploy/demo/scenario.yaml"
for _ in $(seq 600); do
  BOOTSTRAP=$(sed -n 's/^READY //p' "$DATA/logs/mock-cluster.log" | head -1)
  [[ -n $BOOTSTRAP ]] && break
  kill -0 "$(cat "$DATA/pids/mock-cluster")" 2>/dev/null || die "mock cluster exited (see $DATA/logs/mock-cluster.log)"
  sleep 0.1
done
[[ -n ${BOOTSTRAP:-} ]] || die "mock cluster did not become ready"
log "mock cluster ready at $BOOTSTRAP"
KAFKA_FLAGS=()
IFS=, read -ra servers <<<"$BOOTSTRAP"
for server in "${servers[@]}"; do KAFKA_FLAGS+=("--kafka.server=$server"); done

# --- exporters ---------------------------------------------------------------
start broker-exporter "$(binary kafka-broker-exporter)" "${KAFKA_FLAGS[@]}" \
  --canary.enabled --canary.create-topic=false \
  --web.listen-address="127.0.0.1:$BROKER_PORT" --collect.interval=2s --collect.timeout=5s
start lag-exporter "$(binary kafka-lag-exporter)" "${KAFKA_FLAGS[@]}" \
  --kafka.groups=shipping --kafka.groups=billing \
  --web.listen-address="127.0.0.1:$LAG_PORT" --collect.interval=2s --collect.timeout=5s
# Growth buckets of seconds, not the default 15 minutes, so a prediction
# appears within the demo's first minutes.
start disk-exporter "$(binary kafka-disk-exporter)" --kafka.log-dirs="$DATA/kafka-logs" \
  --growth.window=1m --growth.bucket=5s \
  --web.listen-address="127.0.0.1:$DISK_PORT" --collect.interval=2s
start cert-exporter "$(binary kafka-cert-exporter)" --source.path="$DATA/certs" \
  --kafka.server-properties="$DATA/broker-1/server.properties" \
  --web.listen-address="127.0.0.1:$CERT_PORT" --collect.interval=5s

# --- paging and remediation --------------------------------------------------
start pagerduty "$(binary fake-pagerduty)" --port "$PAGERDUTY_PORT" \
  --events-file "$DATA/pagerduty/events.jsonl"
sed -e "s#@ROOT@#$ROOT#g" -e "s#@DATA@#$DATA#g" -e "s#@PAGERDUTY_PORT@#$PAGERDUTY_PORT#g" \
  -e "s#@RECEIVER_PORT@#$RECEIVER_PORT#g" "$ROOT/deploy/demo/receiver.yml" >"$DATA/receiver.yml"
printf '%s' "demoroutingkey0123456789abcdef01" >"$DATA/pagerduty/routing-key"
start receiver "$(binary kafka-webhook-receiver)" --config.file="$DATA/receiver.yml" \
  --storage.path="$DATA/receiver" --web.listen-address="127.0.0.1:$RECEIVER_PORT"

# --- Prometheus and Alertmanager ---------------------------------------------
sed -e "s#@RECEIVER_PORT@#$RECEIVER_PORT#g" "$ROOT/deploy/demo/alertmanager.yml" \
  >"$DATA/alertmanager.yml"
sed -e "s#@DATA@#$DATA#g" -e "s#@ALERTMANAGER_PORT@#$ALERTMANAGER_PORT#g" \
  -e "s#@BROKER_PORT@#$BROKER_PORT#g" -e "s#@LAG_PORT@#$LAG_PORT#g" \
  -e "s#@DISK_PORT@#$DISK_PORT#g" -e "s#@CERT_PORT@#$CERT_PORT#g" \
  -e "s#@RECEIVER_PORT@#$RECEIVER_PORT#g" "$ROOT/deploy/demo/prometheus.yml" \
  >"$DATA/prometheus.yml"
start alertmanager prometheus-alertmanager --config.file="$DATA/alertmanager.yml" \
  --storage.path="$DATA/alertmanager" --web.listen-address="127.0.0.1:$ALERTMANAGER_PORT" \
  --cluster.listen-address= --web.external-url="http://127.0.0.1:$ALERTMANAGER_PORT/"
start prometheus prometheus --config.file="$DATA/prometheus.yml" \
  --storage.tsdb.path="$DATA/prometheus" --web.listen-address="127.0.0.1:$PROMETHEUS_PORT" \
  --web.external-url="http://127.0.0.1:$PROMETHEUS_PORT/" --rules.alert.resend-delay=1s

wait_http "http://127.0.0.1:$BROKER_PORT/-/healthy" broker-exporter
wait_http "http://127.0.0.1:$LAG_PORT/-/healthy" lag-exporter
wait_http "http://127.0.0.1:$DISK_PORT/-/healthy" disk-exporter
wait_http "http://127.0.0.1:$CERT_PORT/-/healthy" cert-exporter
wait_http "http://127.0.0.1:$RECEIVER_PORT/-/healthy" receiver
wait_http "http://127.0.0.1:$ALERTMANAGER_PORT/-/ready" alertmanager
wait_http "http://127.0.0.1:$PROMETHEUS_PORT/-/ready" prometheus

cat >"$DATA/urls.env" <<EOT
PROMETHEUS=http://127.0.0.1:$PROMETHEUS_PORT
ALERTMANAGER=http://127.0.0.1:$ALERTMANAGER_PORT
RECEIVER=http://127.0.0.1:$RECEIVER_PORT
PAGERDUTY=http://127.0.0.1:$PAGERDUTY_PORT
PAGERDUTY_EVENTS=$DATA/pagerduty/events.jsonl
BROKER_EXPORTER=http://127.0.0.1:$BROKER_PORT
LAG_EXPORTER=http://127.0.0.1:$LAG_PORT
DISK_EXPORTER=http://127.0.0.1:$DISK_PORT
CERT_EXPORTER=http://127.0.0.1:$CERT_PORT
EOT
echo "READY" >"$DATA/ready"

cat <<EOT

  Kafka monitoring suite demo is running.

  Prometheus      http://127.0.0.1:$PROMETHEUS_PORT/alerts
  Alertmanager    http://127.0.0.1:$ALERTMANAGER_PORT/
  Receiver        http://127.0.0.1:$RECEIVER_PORT/   (episodes and actions)
  Exporters       :$BROKER_PORT broker  :$LAG_PORT lag  :$DISK_PORT disk  :$CERT_PORT certificates
  Pages sent      $DATA/pagerduty/events.jsonl
  Logs            $DATA/logs/

  Story: +15s the 'shipping' consumers stop; +20s orders/2 goes offline; a log
  directory fills; a certificate expires in 5 days. Ctrl-C stops everything.

EOT

if [[ $HEADLESS == 1 ]]; then
  while true; do sleep 1; done
fi
while true; do
  sleep 5
  "$ROOT/scripts/demo-summary.py" "$DATA/urls.env" || true
done
