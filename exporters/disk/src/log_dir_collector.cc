#include "log_dir_collector.h"

#include "log_dir_metrics.h"

namespace kafka_disk {
namespace {

using Clock = std::chrono::steady_clock;

// Returns a little before the runtime's deadline so that writing the
// metrics still fits in it.
Clock::time_point WaitDeadline(const exporter_kit::CollectContext& context) {
  const auto remaining = context.deadline - Clock::now();
  const auto margin =
      std::min<Clock::duration>(remaining / 10, std::chrono::milliseconds(250));
  return context.deadline - margin;
}

}  // namespace

LogDirCollector::LogDirCollector(const DiskOptions& options,
                                 std::shared_ptr<FileSystem> fs)
    : granularity_(options.granularity) {
  for (const auto& dir : options.log_dirs) {
    workers_.push_back(std::make_unique<LogDirWorker>(dir, fs, options.walk));
  }
}

void LogDirCollector::Collect(const exporter_kit::CollectContext& context,
                              exporter_kit::MetricWriter& out) {
  // A walker still busy from an earlier collection (a hung mount) is stale
  // already: waiting for it would only delay the healthy ones.
  std::vector<bool> stale;
  for (auto& worker : workers_) stale.push_back(!worker->Trigger());
  const auto deadline = WaitDeadline(context);
  for (std::size_t i = 0; i < workers_.size(); ++i) {
    if (stale[i]) continue;
    stale[i] = context.Stopping() || !workers_[i]->WaitIdle(deadline);
  }
  for (std::size_t i = 0; i < workers_.size(); ++i) {
    const auto snapshot = workers_[i]->Latest();
    WriteLogDirMetrics({workers_[i]->log_dir(), snapshot.get(), stale[i]},
                       granularity_, out);
  }
}

bool LogDirCollector::AllWalkedOnce() const {
  for (const auto& worker : workers_) {
    if (worker->Latest() == nullptr) return false;
  }
  return true;
}

}  // namespace kafka_disk
