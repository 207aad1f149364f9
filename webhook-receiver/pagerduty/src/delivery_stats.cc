#include "pagerduty/delivery_stats.h"

#include "pagerduty/event_builder.h"

namespace webhook_receiver::pagerduty {
namespace {

constexpr Verdict kRetryVerdicts[] = {
    Verdict::kRateLimited, Verdict::kServerError, Verdict::kNetworkError};

std::string Str(std::string_view s) { return std::string(s); }

}  // namespace

std::string_view RetryReason(Verdict verdict) {
  switch (verdict) {
    case Verdict::kRateLimited:
      return "rate_limited";
    case Verdict::kServerError:
      return "server_error";
    case Verdict::kNetworkError:
      return "network_error";
    case Verdict::kAccepted:
    case Verdict::kRejected:
      break;
  }
  return "none";
}

DeliveryStats::DeliveryStats(prometheus::Registry* registry) {
  for (Action action : kAllActions) {
    for (Settlement settlement : kAllSettlements) {
      settled_[Str(ActionName(action))][Str(SettlementName(settlement))] = 0;
    }
  }
  for (Verdict verdict : kRetryVerdicts) retries_[Str(RetryReason(verdict))] = 0;
  if (registry == nullptr) return;

  events_ = &prometheus::BuildCounter()
                 .Name("kafka_webhook_receiver_pagerduty_events_total")
                 .Help("PagerDuty events that left the outbox, by action "
                       "(trigger, acknowledge, resolve, change) and outcome "
                       "(delivered, rejected: a 400 never retried, dropped: "
                       "target no longer configured).")
                 .Register(*registry);
  retries_family_ =
      &prometheus::BuildCounter()
           .Name("kafka_webhook_receiver_pagerduty_retries_total")
           .Help("Failed PagerDuty sends that will be retried, by reason "
                 "(rate_limited: 429, server_error: 5xx, network_error).")
           .Register(*registry);
  depth_gauge_ = &prometheus::BuildGauge()
                      .Name("kafka_webhook_receiver_pagerduty_outbox_events")
                      .Help("PagerDuty events persisted but not yet settled.")
                      .Register(*registry)
                      .Add({});
  age_gauge_ =
      &prometheus::BuildGauge()
           .Name("kafka_webhook_receiver_pagerduty_outbox_oldest_event_age_"
                 "seconds")
           .Help("Age of the oldest undelivered PagerDuty event (0 when the "
                 "outbox is empty).")
           .Register(*registry)
           .Add({});
  // Pre-create every series so rates work from the first scrape.
  for (Action action : kAllActions) {
    for (Settlement settlement : kAllSettlements) {
      events_->Add({{"action", Str(ActionName(action))},
                    {"outcome", Str(SettlementName(settlement))}});
    }
  }
  for (Verdict verdict : kRetryVerdicts) {
    retries_family_->Add({{"reason", Str(RetryReason(verdict))}});
  }
}

void DeliveryStats::Settled(Action action, Settlement settlement) {
  std::lock_guard lock(mu_);
  settled_[Str(ActionName(action))][Str(SettlementName(settlement))] += 1;
  if (events_ != nullptr) {
    events_
        ->Add({{"action", Str(ActionName(action))},
               {"outcome", Str(SettlementName(settlement))}})
        .Increment();
  }
}

void DeliveryStats::Retried(Verdict verdict) {
  std::lock_guard lock(mu_);
  retries_[Str(RetryReason(verdict))] += 1;
  if (retries_family_ != nullptr) {
    retries_family_->Add({{"reason", Str(RetryReason(verdict))}}).Increment();
  }
}

void DeliveryStats::SetOutbox(std::size_t depth,
                              std::chrono::milliseconds oldest_age) {
  std::lock_guard lock(mu_);
  depth_ = depth;
  oldest_age_ = oldest_age;
  if (depth_gauge_ != nullptr) {
    depth_gauge_->Set(static_cast<double>(depth));
    age_gauge_->Set(static_cast<double>(oldest_age.count()) / 1000.0);
  }
}

void DeliveryStats::RecordFailure(FailureRecord failure) {
  std::lock_guard lock(mu_);
  recent_failures_.push_front(std::move(failure));
  if (recent_failures_.size() > kRecentFailures) recent_failures_.pop_back();
}

nlohmann::json DeliveryStats::Status() const {
  std::lock_guard lock(mu_);
  nlohmann::json failures = nlohmann::json::array();
  for (const auto& f : recent_failures_) {
    failures.push_back({{"time", FormatTimestamp(f.time)},
                        {"target", f.target},
                        {"action", ActionName(f.action)},
                        {"dedup_key", f.dedup_key},
                        {"http_status", f.http_status},
                        {"message", f.message},
                        {"will_retry", f.will_retry}});
  }
  return {{"outbox",
           {{"depth", depth_},
            {"oldest_event_age_seconds",
             static_cast<double>(oldest_age_.count()) / 1000.0}}},
          {"events", settled_},
          {"retries", retries_},
          {"recent_failures", std::move(failures)}};
}

}  // namespace webhook_receiver::pagerduty
