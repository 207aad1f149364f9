#include "pagerduty/pagerduty_escalation.h"

#include <prometheus/registry.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <random>
#include <stdexcept>

#include "pagerduty/curl_sender.h"
#include "pagerduty/event_builder.h"

namespace webhook_receiver::pagerduty {
namespace {

// While events wait, the age gauge is refreshed at least this often.
constexpr auto kStatsRefresh = std::chrono::seconds(1);

std::uint64_t SeedOrRandom(std::uint64_t seed) {
  return seed != 0 ? seed : std::random_device{}();
}

}  // namespace

PagerDutyEscalation::PagerDutyEscalation(
    PagerDutyOptions options, const std::filesystem::path& storage_dir,
    std::shared_ptr<prometheus::Registry> metrics, EscalationSeams seams)
    : metrics_(std::move(metrics)),
      options_(std::move(options)),
      clock_(seams.clock ? std::move(seams.clock)
                         : Clock([] { return std::chrono::system_clock::now(); })),
      stats_(metrics_.get()),
      outbox_(storage_dir),
      sender_(seams.sender ? std::move(seams.sender)
                           : std::make_unique<CurlSender>(
                                 options_.request_timeout, &stopping_)) {
  dispatcher_ = std::make_unique<Dispatcher>(
      outbox_, *sender_, options_.routing_keys, options_.dispatch, stats_,
      clock_, SeedOrRandom(seams.seed));
  dispatcher_->RefreshOutboxStats();
  if (outbox_.size() > 0) {
    spdlog::info("pagerduty: {} undelivered events from the previous run",
                 outbox_.size());
  }
  thread_ = std::thread([this] { Run(); });
}

PagerDutyEscalation::~PagerDutyEscalation() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void PagerDutyEscalation::Run() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    wake_requested_ = false;
    lock.unlock();
    std::optional<Dispatcher::TimePoint> next;
    try {
      next = dispatcher_->RunOnce();
    } catch (const std::exception& e) {
      // e.g. the disk is full and settle markers cannot be written: the
      // events stay pending and are tried again.
      spdlog::error("pagerduty: delivery loop: {}", e.what());
      next = clock_() + kStatsRefresh;
    }
    lock.lock();
    while (!stopping_ && !wake_requested_) {
      const auto now = clock_();
      if (next && *next <= now) break;
      auto wait = next ? std::chrono::duration_cast<std::chrono::milliseconds>(
                             *next - now)
                       : std::chrono::milliseconds(kStatsRefresh);
      wake_.wait_for(lock, std::min<std::chrono::milliseconds>(wait, kStatsRefresh));
      lock.unlock();
      dispatcher_->RefreshOutboxStats();
      lock.lock();
    }
  }
}

void PagerDutyEscalation::RequireTarget(const std::string& target) const {
  if (!HasTarget(target)) {
    throw std::invalid_argument("unknown PagerDuty target \"" + target + "\"");
  }
}

void PagerDutyEscalation::Enqueue(const std::string& target,
                                  const std::string& dedup_key, Action action,
                                  std::string body) {
  outbox_.Add(target, dedup_key, action, std::move(body), clock_());
  {
    std::lock_guard lock(mu_);
    wake_requested_ = true;
  }
  wake_.notify_all();
}

void PagerDutyEscalation::Trigger(const EscalationEvent& event) {
  RequireTarget(event.target);
  EscalationEvent keyed = event;
  if (keyed.dedup_key.empty()) {
    // Without a key PagerDuty opens a new alert per event and a resolve can
    // never find it; derive a stable one instead.
    keyed.dedup_key = "kwr-" + Sha256Hex(event.target + '\n' + event.source +
                                         '\n' + event.summary);
    spdlog::warn("pagerduty: trigger without dedup_key; using {}",
                 keyed.dedup_key);
  }
  keyed.dedup_key = NormalizeDedupKey(keyed.dedup_key);
  Enqueue(keyed.target, keyed.dedup_key, Action::kTrigger,
          BuildTriggerBody(keyed, options_.style));
}

void PagerDutyEscalation::Acknowledge(const std::string& target,
                                      const std::string& dedup_key) {
  EnqueueStateChange(target, dedup_key, Action::kAcknowledge);
}

void PagerDutyEscalation::Resolve(const std::string& target,
                                  const std::string& dedup_key) {
  EnqueueStateChange(target, dedup_key, Action::kResolve);
}

void PagerDutyEscalation::EnqueueStateChange(const std::string& target,
                                             const std::string& dedup_key,
                                             Action action) {
  RequireTarget(target);
  if (dedup_key.empty()) {
    throw std::invalid_argument(std::string(ActionName(action)) +
                                " needs a dedup_key");
  }
  Enqueue(target, NormalizeDedupKey(dedup_key), action,
          BuildStateChangeBody(ActionName(action), dedup_key));
}

void PagerDutyEscalation::RecordChange(const ChangeRecord& change) {
  if (!options_.change_events) return;
  RequireTarget(change.target);
  Enqueue(change.target, "", Action::kChange, BuildChangeBody(change));
}

bool PagerDutyEscalation::HasTarget(const std::string& target) const {
  return options_.routing_keys.contains(target);
}

nlohmann::json PagerDutyEscalation::Status() const {
  nlohmann::json status = stats_.Status();
  // Live values: the gauges are refreshed only once a second.
  const auto oldest = outbox_.OldestEnqueuedAt();
  const double age =
      oldest ? std::max(0.0, std::chrono::duration<double>(clock_() - *oldest).count())
             : 0.0;
  status["outbox"] = {{"depth", outbox_.size()}, {"oldest_event_age_seconds", age}};
  nlohmann::json targets = nlohmann::json::array();
  for (const auto& [name, key] : options_.routing_keys) targets.push_back(name);
  status["targets"] = std::move(targets);
  status["base_url"] = options_.dispatch.base_url;
  status["change_events"] = options_.change_events;
  return status;
}

bool PagerDutyEscalation::WaitUntilDrained(
    std::chrono::milliseconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (outbox_.size() > 0) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

}  // namespace webhook_receiver::pagerduty
