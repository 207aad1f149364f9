#include "rate_driver.h"

#include <spdlog/spdlog.h>

namespace mock_cluster {

Ticker::Ticker(std::chrono::milliseconds period, Tick tick)
    : period_(period),
      tick_(std::move(tick)),
      thread_([this](StoppableThread& thread) { Run(thread); }) {}

void Ticker::Run(StoppableThread& thread) {
  auto last = StoppableThread::Clock::now();
  while (thread.SleepUntil(last + period_)) {
    const auto now = StoppableThread::Clock::now();
    try {
      tick_(now - last);
    } catch (const std::exception& e) {
      spdlog::warn("rate driver: {}", e.what());
    }
    last = now;
  }
}

RateDriver::RateDriver(Workload& workload)
    : producers_(
          std::chrono::milliseconds(100),
          [&workload](auto elapsed) { workload.TickProducers(elapsed); }),
      groups_(std::chrono::seconds(1), [&workload](auto elapsed) {
        for (const std::string& failure : workload.TickGroups(elapsed)) {
          spdlog::warn("rate driver: {}", failure);
        }
      }) {}

void RateDriver::CountFailures(int64_t failed) {
  unreported_failures_ += failed;
  const auto now = StoppableThread::Clock::now();
  if (unreported_failures_ == 0 ||
      now - last_report_ < std::chrono::seconds(10)) {
    return;
  }
  spdlog::warn(
      "rate driver: {} records failed to be delivered (leader down or "
      "offline?)",
      unreported_failures_);
  unreported_failures_ = 0;
  last_report_ = now;
}

}  // namespace mock_cluster
