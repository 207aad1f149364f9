#pragma once
// The exporter_kit collector: starts a walk cycle on every log directory's
// worker, waits for them until just before the collect deadline, and writes
// the latest snapshots, flagging as stale those whose cycle is still running.
#include <memory>
#include <vector>

#include "disk_options.h"
#include "exporter_kit/collector.h"
#include "file_system.h"
#include "log_dir_worker.h"

namespace kafka_disk {

class LogDirCollector final : public exporter_kit::Collector {
 public:
  LogDirCollector(const DiskOptions& options, std::shared_ptr<FileSystem> fs);

  std::string Name() const override { return "logdir"; }
  void Collect(const exporter_kit::CollectContext& context,
               exporter_kit::MetricWriter& out) override;

  /// True once every log directory has finished a walk (for /-/ready).
  bool AllWalkedOnce() const;

 private:
  Granularity granularity_;
  std::vector<std::unique_ptr<LogDirWorker>> workers_;
};

}  // namespace kafka_disk
