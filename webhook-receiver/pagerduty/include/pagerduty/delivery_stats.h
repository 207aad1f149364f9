#pragma once
// What the delivery path has done, for Prometheus and for the receiver's
// status page. Nothing in here ever holds a routing key.
#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

#include <chrono>
#include <cstddef>
#include <deque>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

#include "pagerduty/outbox.h"
#include "pagerduty/sender.h"

namespace webhook_receiver::pagerduty {

/// One failed attempt, as shown on the status page.
struct FailureRecord {
  std::chrono::system_clock::time_point time;
  std::string target;
  Action action = Action::kTrigger;
  std::string dedup_key;
  long http_status = 0;
  std::string message;  ///< already scrubbed of routing keys
  bool will_retry = false;
};

class DeliveryStats {
 public:
  /// Registers the metric families on `registry` (may be null: status only).
  explicit DeliveryStats(prometheus::Registry* registry);

  void Settled(Action action, Settlement settlement);
  void Retried(Verdict verdict);
  void SetOutbox(std::size_t depth, std::chrono::milliseconds oldest_age);
  void RecordFailure(FailureRecord failure);

  /// {"outbox": {...}, "events": {...}, "retries": {...},
  ///  "recent_failures": [...]}
  nlohmann::json Status() const;

 private:
  static constexpr std::size_t kRecentFailures = 20;

  mutable std::mutex mu_;
  std::map<std::string, std::map<std::string, double>> settled_;
  std::map<std::string, double> retries_;
  std::size_t depth_ = 0;
  std::chrono::milliseconds oldest_age_{0};
  std::deque<FailureRecord> recent_failures_;

  prometheus::Family<prometheus::Counter>* events_ = nullptr;
  prometheus::Family<prometheus::Counter>* retries_family_ = nullptr;
  prometheus::Gauge* depth_gauge_ = nullptr;
  prometheus::Gauge* age_gauge_ = nullptr;
};

/// Name of the retry reason label for a retryable verdict.
std::string_view RetryReason(Verdict verdict);

}  // namespace webhook_receiver::pagerduty
