#!/usr/bin/env bash
# Demo remediation for KafkaConsumerGroupLagHigh: "scale the consumer" of a
# group. In the demo that means telling the mock cluster the group keeps up
# again; in production this would call your deployment's scaler.
# The receiver passes the group as an argument (checked against a regex in
# the rule) and never through a shell.
set -euo pipefail
control=$1 group=$2
echo "group $group track 0" >"$control"
echo "scaled consumer group $group"
