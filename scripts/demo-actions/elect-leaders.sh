#!/usr/bin/env bash
# Demo remediation for KafkaOfflinePartitions that fails, as it would when
# the controller is unreachable: the receiver must then escalate to PagerDuty.
set -euo pipefail
topic=$1
echo "electing leaders for $topic: controller unreachable" >&2
exit 1
