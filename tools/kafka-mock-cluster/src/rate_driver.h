#pragma once
// Background threads that keep the workload moving: producers tick often
// (smooth rates), group commits tick once a second (each commit is a client
// round trip and may wait for a coordinator that is down).
#include <chrono>
#include <functional>

#include "stoppable_thread.h"
#include "workload.h"

namespace mock_cluster {

/// Runs `tick(elapsed)` every `period` on its own thread until destroyed.
class Ticker {
 public:
  using Tick = std::function<void(std::chrono::duration<double>)>;
  Ticker(std::chrono::milliseconds period, Tick tick);

 private:
  void Run(StoppableThread& thread);

  const std::chrono::milliseconds period_;
  const Tick tick_;
  StoppableThread thread_;
};

class RateDriver {
 public:
  explicit RateDriver(Workload& workload);

 private:
  /// Logs failed records at most every 10 s, so a leader that is down for
  /// minutes does not flood the log.
  void CountFailures(int64_t failed);

  int64_t unreported_failures_ = 0;  // only touched by the producer ticker
  StoppableThread::Clock::time_point last_report_{};
  Ticker producers_;
  Ticker groups_;
};

}  // namespace mock_cluster
