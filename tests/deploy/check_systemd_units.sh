#!/usr/bin/env bash
# Each unit has the sections systemd needs and points at an installed binary.
set -euo pipefail
dir=$1
status=0
for unit in "$dir"/*.service; do
  for section in '[Unit]' '[Service]' '[Install]'; do
    grep -qF "$section" "$unit" || { echo "$unit: no $section"; status=1; }
  done
  grep -qE '^ExecStart=/usr/local/bin/kafka-[a-z-]+ ' "$unit" || { echo "$unit: bad ExecStart"; status=1; }
done
if command -v systemd-analyze >/dev/null && [[ -d /run/systemd/system ]]; then
  systemd-analyze verify "$dir"/*.service || status=1
fi
exit $status
