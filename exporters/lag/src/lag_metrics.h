#pragma once
// Writes a cycle's report as Prometheus metrics: kafka_exporter's names for
// offsets, lag and members, kafka-lag-exporter's for lag in seconds, and
// this exporter's own for health status and data loss. The README lists
// every family with its labels.
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>
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

/// \brief Writes a cycle's groups one at a time, as the tracker evaluates
/// them (see LagTracker::Observe), so that no whole report is held.
class LagMetricsWriter {
 public:
  /// `input` and `out` must outlive the writer.
  LagMetricsWriter(const CycleInput& input, const RenderOptions& options,
                   exporter_kit::MetricWriter& out);
  ~LagMetricsWriter();
  void Write(const GroupReport& group);
  const RenderStats& stats() const { return stats_; }
  struct Families;  ///< the metric families, defined with the writer

 private:
  const CycleInput& input_;
  RenderOptions options_;
  std::unique_ptr<Families> families_;
  std::vector<std::string> partition_ids_;  ///< by CycleInput partition index
  RenderStats stats_;
};

/// Burrow's numeric partition status codes (burrow_kafka_topic_partition_status).
int BurrowCode(PartitionStatus status);

}  // namespace lag_exporter
