#pragma once
// Writes a cluster snapshot as Prometheus metrics: kafka_exporter's names,
// labels and meanings, then what kafka_exporter lacks (kafka_up, offline and
// under-min-ISR partitions, controller, broker reachability and latency,
// topic config facts). The README lists every family.
#include "cluster_snapshot.h"
#include "exporter_kit/exposition.h"

namespace broker_exporter {

void WriteClusterMetrics(const ClusterSnapshot& snapshot,
                         exporter_kit::MetricWriter& out);

}  // namespace broker_exporter
