#pragma once
// The receiver's own metrics, instrumented directly. Names are under the
// kafka_webhook_receiver_ namespace; see the README for the table.
#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <memory>
#include <string>

namespace webhook_receiver {

class ReceiverMetrics {
 public:
  explicit ReceiverMetrics(std::shared_ptr<prometheus::Registry> registry);

  /// result: accepted, bad_request, unsupported_media_type, journal_error.
  void Notification(const std::string& result) { notifications_.Add({{"result", result}}).Increment(); }
  void Alerts(const std::string& status, double n) { alerts_.Add({{"status", status}}).Increment(n); }
  void Action(const std::string& type, const std::string& outcome) {
    actions_.Add({{"type", type}, {"outcome", outcome}}).Increment();
  }
  void Decision(const std::string& decision) { decisions_.Add({{"decision", decision}}).Increment(); }
  void Escalation(const std::string& kind, const std::string& result) {
    escalations_.Add({{"kind", kind}, {"result", result}}).Increment();
  }
  void SetEpisodes(const std::string& state, double n) { episodes_.Add({{"state", state}}).Set(n); }
  void SetBreakerOpen(bool open) { breaker_open_.Set(open ? 1 : 0); }
  void BreakerTripped() { breaker_trips_.Increment(); }
  void FsyncSeconds(double seconds) { fsync_.Observe(seconds); }
  void SetJournalBytes(double bytes) { journal_bytes_.Set(bytes); }
  void JournalError() { journal_errors_.Increment(); }

  const std::shared_ptr<prometheus::Registry>& registry() const { return registry_; }

 private:
  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Family<prometheus::Counter>& notifications_;
  prometheus::Family<prometheus::Counter>& alerts_;
  prometheus::Family<prometheus::Counter>& actions_;
  prometheus::Family<prometheus::Counter>& decisions_;
  prometheus::Family<prometheus::Counter>& escalations_;
  prometheus::Family<prometheus::Gauge>& episodes_;
  prometheus::Gauge& breaker_open_;
  prometheus::Counter& breaker_trips_;
  prometheus::Histogram& fsync_;
  prometheus::Gauge& journal_bytes_;
  prometheus::Counter& journal_errors_;
};

}  // namespace webhook_receiver
