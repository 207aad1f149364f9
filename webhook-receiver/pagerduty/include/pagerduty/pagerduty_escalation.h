#pragma once
// PagerDuty Events API v2 behind the receiver's Escalation seam.
//
// Every call persists its event in the durable outbox (fsync) before it
// returns; a background thread delivers the outbox (see dispatcher.h).
// Routing keys stay in memory: the outbox on disk names targets only.
#include <yaml-cpp/yaml.h>

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "escalation.h"
#include "pagerduty/delivery_stats.h"
#include "pagerduty/dispatcher.h"
#include "pagerduty/outbox.h"
#include "pagerduty/pagerduty_options.h"
#include "pagerduty/sender.h"

namespace prometheus {
class Registry;
}

namespace webhook_receiver::pagerduty {

/// Replaceable parts, for tests; defaults are the real ones.
struct EscalationSeams {
  std::unique_ptr<EventSender> sender;  ///< default: CurlSender
  Clock clock;                          ///< default: system_clock::now
  std::uint64_t seed = 0;               ///< jitter seed; 0: random
};

class PagerDutyEscalation : public Escalation {
 public:
  /// Opens the outbox in `storage_dir` (replaying what a previous run left)
  /// and starts delivering. Throws std::runtime_error if the outbox cannot
  /// be opened or is in use by another process.
  PagerDutyEscalation(PagerDutyOptions options,
                      const std::filesystem::path& storage_dir,
                      std::shared_ptr<prometheus::Registry> metrics,
                      EscalationSeams seams = {});
  /// Stops the delivery thread (aborting a send in progress); undelivered
  /// events stay in the outbox for the next start.
  ~PagerDutyEscalation() override;
  PagerDutyEscalation(const PagerDutyEscalation&) = delete;
  PagerDutyEscalation& operator=(const PagerDutyEscalation&) = delete;

  // Escalation. Each throws std::invalid_argument for an unknown target or
  // a missing dedup_key, and std::system_error if the event cannot be
  // persisted (the receiver should then answer 503).
  void Trigger(const EscalationEvent& event) override;
  void Acknowledge(const std::string& target,
                   const std::string& dedup_key) override;
  void Resolve(const std::string& target,
               const std::string& dedup_key) override;
  void RecordChange(const ChangeRecord& change) override;
  bool HasTarget(const std::string& target) const override;

  /// For the status page: outbox depth, oldest age, counts, recent failures
  /// (including 400s), target names. Never a routing key.
  nlohmann::json Status() const;
  /// Waits until every event is settled; false on timeout.
  bool WaitUntilDrained(std::chrono::milliseconds timeout) const;
  std::size_t OutboxDepth() const { return outbox_.size(); }

 private:
  void Enqueue(const std::string& target, const std::string& dedup_key,
               Action action, std::string body);
  void EnqueueStateChange(const std::string& target,
                          const std::string& dedup_key, Action action);
  void RequireTarget(const std::string& target) const;
  void Run();

  // Declared first so the registry outlives the families stats_ points to.
  std::shared_ptr<prometheus::Registry> metrics_;
  PagerDutyOptions options_;
  Clock clock_;
  DeliveryStats stats_;
  Outbox outbox_;
  std::atomic<bool> stopping_{false};
  std::unique_ptr<EventSender> sender_;
  std::unique_ptr<Dispatcher> dispatcher_;

  mutable std::mutex mu_;
  std::condition_variable wake_;
  bool wake_requested_ = false;
  std::thread thread_;
};

/// Validates the `pagerduty:` section, resolving routing keys ("file:/path"
/// or "env:NAME"). Throws exporter_kit::ConfigError naming the bad key
/// ("pagerduty.targets.oncall.routing_key: ..."), never a secret.
PagerDutyOptions ParsePagerDutyOptions(const YAML::Node& section);

/// ParsePagerDutyOptions, then a running PagerDutyEscalation.
std::unique_ptr<PagerDutyEscalation> MakePagerDutyEscalation(
    const YAML::Node& section, const std::filesystem::path& storage_dir,
    std::shared_ptr<prometheus::Registry> metrics);

}  // namespace webhook_receiver::pagerduty
