#pragma once
// Moves events from the outbox to PagerDuty, one RunOnce() at a time:
//  - per (target, dedup_key) strictly in order, so a resolve never overtakes
//    its trigger, while other keys go ahead;
//  - at most N sends per routing key per minute;
//  - 429, 5xx and network errors pause that routing key with bounded
//    exponential backoff and jitter (at least 30 s after a 429); the event
//    stays in the outbox, and the next attempt starts with the events tried
//    least recently, so one poisoned event cannot starve the others;
//  - 400 settles the event as rejected: logged, counted, shown on the
//    status page, never retried.
// Time comes from an injected clock, so tests drive minutes of outage in
// simulated time against a real HTTP endpoint.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "pagerduty/backoff.h"
#include "pagerduty/delivery_stats.h"
#include "pagerduty/outbox.h"
#include "pagerduty/rate_limiter.h"
#include "pagerduty/sender.h"

namespace webhook_receiver::pagerduty {

using Clock = std::function<std::chrono::system_clock::time_point()>;

struct DispatchOptions {
  std::string base_url = "https://events.pagerduty.com";
  int rate_limit_per_minute = 120;
  std::chrono::milliseconds initial_backoff{std::chrono::seconds(5)};
  std::chrono::milliseconds max_backoff{std::chrono::minutes(5)};
  /// The shortest pause after a 429 (PagerDuty suggests tries 30 s apart),
  /// itself capped by max_backoff.
  std::chrono::milliseconds rate_limited_pause{std::chrono::seconds(30)};
};

class Dispatcher {
 public:
  using TimePoint = std::chrono::system_clock::time_point;

  /// `routing_keys` maps target names to their secrets.
  Dispatcher(Outbox& outbox, EventSender& sender,
             std::map<std::string, std::string> routing_keys,
             DispatchOptions options, DeliveryStats& stats, Clock clock,
             std::uint64_t seed);

  /// Sends every event that is due. Returns when to run again: now if more
  /// became ready, a later time while waiting on backoff or the rate limit,
  /// nullopt when the outbox is empty.
  std::optional<TimePoint> RunOnce();
  /// Updates the outbox depth and oldest-age statistics.
  void RefreshOutboxStats();

 private:
  struct KeyState {
    int failures = 0;
    TimePoint paused_until;
  };

  /// Returns true if the event left the outbox.
  bool Attempt(const OutboxEntry& entry, const std::string& routing_key,
               std::optional<TimePoint>& wake);
  void Settle(const OutboxEntry& entry, Settlement settlement);
  void RecordFailure(const OutboxEntry& entry, const SendResult& result,
                     bool will_retry);
  std::string Scrub(std::string text) const;
  std::string UrlFor(Action action) const;

  Outbox& outbox_;
  EventSender& sender_;
  std::map<std::string, std::string> routing_keys_;
  DispatchOptions options_;
  DeliveryStats& stats_;
  Clock clock_;
  Backoff backoff_;
  SlidingWindowLimiter limiter_;
  std::map<std::string, KeyState> key_states_;  ///< by routing key
  std::map<std::uint64_t, std::uint64_t> last_attempt_;  ///< seq -> attempt no.
  std::uint64_t attempts_ = 0;
};

}  // namespace webhook_receiver::pagerduty
