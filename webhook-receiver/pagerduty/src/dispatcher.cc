#include "pagerduty/dispatcher.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>

#include "pagerduty/event_builder.h"

namespace webhook_receiver::pagerduty {
namespace {

using std::chrono::milliseconds;

void WakeAt(std::optional<Dispatcher::TimePoint>& wake,
            Dispatcher::TimePoint at) {
  if (!wake || at < *wake) wake = at;
}

// Events that must stay in order share a queue: same target and dedup_key.
// Change events have no key and are each their own queue.
std::string QueueKey(const OutboxEntry& entry) {
  if (entry.dedup_key.empty()) return "#" + std::to_string(entry.seq);
  return entry.target + '\n' + entry.dedup_key;
}

}  // namespace

Dispatcher::Dispatcher(Outbox& outbox, EventSender& sender,
                       std::map<std::string, std::string> routing_keys,
                       DispatchOptions options, DeliveryStats& stats,
                       Clock clock, std::uint64_t seed)
    : outbox_(outbox),
      sender_(sender),
      routing_keys_(std::move(routing_keys)),
      options_(std::move(options)),
      stats_(stats),
      clock_(std::move(clock)),
      backoff_(options_.initial_backoff, options_.max_backoff, seed),
      limiter_(options_.rate_limit_per_minute, std::chrono::minutes(1)) {}

std::optional<Dispatcher::TimePoint> Dispatcher::RunOnce() {
  const auto pending = outbox_.Pending();
  std::set<std::string> seen;
  std::vector<const OutboxEntry*> heads;
  for (const auto& entry : pending) {
    if (seen.insert(QueueKey(*entry)).second) heads.push_back(entry.get());
  }
  // Least recently tried first (never tried counts as oldest).
  std::stable_sort(heads.begin(), heads.end(),
                   [this](const OutboxEntry* a, const OutboxEntry* b) {
                     auto last = [this](const OutboxEntry* e) {
                       auto it = last_attempt_.find(e->seq);
                       return it == last_attempt_.end() ? 0 : it->second;
                     };
                     return last(a) < last(b);
                   });

  std::optional<TimePoint> wake;
  bool settled_any = false;
  for (const OutboxEntry* entry : heads) {
    const auto key = routing_keys_.find(entry->target);
    if (key == routing_keys_.end()) {
      SendResult result{Verdict::kRejected, 0,
                        "target \"" + entry->target + "\" is not configured"};
      spdlog::error("pagerduty: dropping {} for dedup_key {}: {}",
                    ActionName(entry->action), entry->dedup_key, result.message);
      RecordFailure(*entry, result, false);
      Settle(*entry, Settlement::kDropped);
      settled_any = true;
      continue;
    }
    settled_any |= Attempt(*entry, key->second, wake);
  }
  if (settled_any) outbox_.Sync();
  RefreshOutboxStats();
  if (settled_any && outbox_.size() > 0) return clock_();
  return wake;
}

bool Dispatcher::Attempt(const OutboxEntry& entry,
                         const std::string& routing_key,
                         std::optional<TimePoint>& wake) {
  KeyState& state = key_states_[routing_key];
  const TimePoint now = clock_();
  if (state.paused_until > now) {
    WakeAt(wake, state.paused_until);
    return false;
  }
  if (!limiter_.TryAcquire(routing_key, now)) {
    WakeAt(wake, limiter_.NextFree(routing_key, now));
    return false;
  }
  SendResult result = sender_.Send(UrlFor(entry.action),
                                   WithRoutingKey(entry.body, routing_key));
  result.message = Scrub(std::move(result.message));
  last_attempt_[entry.seq] = ++attempts_;

  switch (result.verdict) {
    case Verdict::kAccepted:
      state.failures = 0;
      spdlog::debug("pagerduty: delivered {} for dedup_key {}",
                    ActionName(entry.action), entry.dedup_key);
      Settle(entry, Settlement::kDelivered);
      return true;
    case Verdict::kRejected:
      state.failures = 0;
      spdlog::error(
          "pagerduty: {} for target {} dedup_key {} rejected with HTTP {}: {} "
          "(not retried)",
          ActionName(entry.action), entry.target, entry.dedup_key,
          result.http_status, result.message);
      RecordFailure(entry, result, false);
      Settle(entry, Settlement::kRejected);
      return true;
    case Verdict::kRateLimited:
    case Verdict::kServerError:
    case Verdict::kNetworkError:
      break;
  }
  ++state.failures;
  milliseconds delay = backoff_.Delay(state.failures);
  if (result.verdict == Verdict::kRateLimited) {
    delay = std::max(delay, std::min(options_.rate_limited_pause,
                                     backoff_.max()));
  }
  state.paused_until = clock_() + delay;
  WakeAt(wake, state.paused_until);
  stats_.Retried(result.verdict);
  RecordFailure(entry, result, true);
  spdlog::warn(
      "pagerduty: {} for target {} dedup_key {} failed ({}, HTTP {}: {}); "
      "retrying in {} ms",
      ActionName(entry.action), entry.target, entry.dedup_key,
      RetryReason(result.verdict), result.http_status, result.message,
      delay.count());
  return false;
}

void Dispatcher::Settle(const OutboxEntry& entry, Settlement settlement) {
  outbox_.Settle(entry.seq, settlement);
  last_attempt_.erase(entry.seq);
  stats_.Settled(entry.action, settlement);
}

void Dispatcher::RecordFailure(const OutboxEntry& entry,
                               const SendResult& result, bool will_retry) {
  stats_.RecordFailure({clock_(), entry.target, entry.action, entry.dedup_key,
                        result.http_status, result.message, will_retry});
}

void Dispatcher::RefreshOutboxStats() {
  const auto oldest = outbox_.OldestEnqueuedAt();
  const auto age = oldest ? std::chrono::duration_cast<milliseconds>(
                                clock_() - *oldest)
                          : milliseconds(0);
  stats_.SetOutbox(outbox_.size(), std::max(age, milliseconds(0)));
}

std::string Dispatcher::Scrub(std::string text) const {
  for (const auto& [target, key] : routing_keys_) {
    if (key.empty()) continue;
    for (auto pos = text.find(key); pos != std::string::npos;
         pos = text.find(key, pos)) {
      text.replace(pos, key.size(), "<routing key>");
    }
  }
  return text;
}

std::string Dispatcher::UrlFor(Action action) const {
  return options_.base_url +
         (action == Action::kChange ? "/v2/change/enqueue" : "/v2/enqueue");
}

}  // namespace webhook_receiver::pagerduty
