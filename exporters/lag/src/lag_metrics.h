#pragma once
// Writes a cycle's report as Prometheus metrics: kafka_exporter's names for
// offsets, lag and members, kafka-lag-exporter's for lag in seconds, and
// this exporter's own for health status and data loss. The README lists
// every family with its labels.
#include <cstddef>
#include <optional>
#include <string_view>

#include "exporter_kit/exposition.h"
#include "lag_tracker.h"

namespace lag_exporter {

enum class Granularity { kPartition, kTopic };
/// Parses "partition" or "topic"; nothing otherwise.
std::optional<Granularity> ParseGranularity(std::string_view text);

struct RenderOptions {
  Granularity granularity = Granularity::kPartition;
  /// kafka_exporter's *_sum series per group and topic. Off by default:
  /// promtool rejects a gauge named *_sum.
  bool sums = false;
  /// Most group-partition rows written at partition level (0: no limit).
  /// Groups past the limit are written at topic level, in name order.
  std::size_t series_limit = 0;
};

struct RenderStats {
  std::size_t partition_rows = 0;
  std::size_t limited_groups = 0;
};

RenderStats WriteLagMetrics(const CycleInput& input, const CycleReport& report,
                            const RenderOptions& options,
                            exporter_kit::MetricWriter& out);

/// Burrow's numeric partition status codes (burrow_kafka_topic_partition_status).
int BurrowCode(PartitionStatus status);

}  // namespace lag_exporter
