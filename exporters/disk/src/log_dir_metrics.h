#pragma once
// Turns snapshots into the kafka_logdir_* series. Pure: no filesystem, no
// clock, so golden tests can pin the output.
#include "disk_options.h"
#include "exporter_kit/exposition.h"
#include "log_dir_snapshot.h"

namespace kafka_disk {

struct LogDirView {
  std::string log_dir;
  /// The last published snapshot; null before the first walk ends.
  const LogDirSnapshot* snapshot = nullptr;
  /// True when the current cycle did not finish by the collect deadline, so
  /// the values are from an earlier cycle.
  bool stale = false;
};

void WriteLogDirMetrics(const LogDirView& view, Granularity granularity,
                        exporter_kit::MetricWriter& out);

}  // namespace kafka_disk
