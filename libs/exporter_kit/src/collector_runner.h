#pragma once
// Runs each collector on its own thread every interval, with a deadline, and
// keeps its last complete output for the scrape.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "exporter_kit/body_part.h"
#include "exporter_kit/collector.h"

namespace exporter_kit {

class CollectorRunner {
 public:
  CollectorRunner(std::vector<std::unique_ptr<Collector>> collectors,
                  std::chrono::milliseconds interval, std::chrono::milliseconds timeout);
  ~CollectorRunner();
  CollectorRunner(const CollectorRunner&) = delete;
  CollectorRunner& operator=(const CollectorRunner&) = delete;

  void Start();
  /// Signals every collector to stop and waits up to `grace` for them; a
  /// collector stuck in a call is left behind (its state is shared, so it
  /// can finish safely) rather than holding up shutdown.
  void Stop(std::chrono::milliseconds grace);

  struct Output {
    /// Every collector's last complete output, in collector order; shared
    /// with the runner, so a scrape sends them without copying.
    std::vector<std::shared_ptr<const BodyPart>> collected;
    /// The <ns>_scrape_collector_* self-metrics, fresh.
    std::string self_metrics;
  };
  Output Scrape(const std::string& metric_namespace) const;
  /// True once every collector has finished (or overrun) its first run.
  bool AllAttemptedOnce() const;

 private:
  struct Slot;
  void Loop(const std::shared_ptr<Slot>& slot);

  std::vector<std::shared_ptr<Slot>> slots_;
  std::chrono::milliseconds interval_;
  std::chrono::milliseconds timeout_;
  std::shared_ptr<std::atomic<bool>> stopping_;
  std::shared_ptr<std::mutex> wake_mutex_;
  std::shared_ptr<std::condition_variable> wake_;
};

}  // namespace exporter_kit
