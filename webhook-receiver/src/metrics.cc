#include "metrics.h"

namespace webhook_receiver {
namespace {

constexpr const char* kPrefix = "kafka_webhook_receiver_";

std::string Name(const char* suffix) { return std::string(kPrefix) + suffix; }

}  // namespace

ReceiverMetrics::ReceiverMetrics(std::shared_ptr<prometheus::Registry> registry)
    : registry_(std::move(registry)),
      notifications_(prometheus::BuildCounter()
                         .Name(Name("notifications_total"))
                         .Help("Webhook notifications received, by result.")
                         .Register(*registry_)),
      alerts_(prometheus::BuildCounter()
                  .Name(Name("alerts_total"))
                  .Help("Alerts in accepted notifications, by alert status.")
                  .Register(*registry_)),
      actions_(prometheus::BuildCounter()
                   .Name(Name("actions_total"))
                   .Help("Remediation actions finished, by type and outcome.")
                   .Register(*registry_)),
      decisions_(prometheus::BuildCounter()
                     .Name(Name("decisions_total"))
                     .Help("Per-alert decisions (opened, duplicate, cooldown, ...).")
                     .Register(*registry_)),
      escalations_(prometheus::BuildCounter()
                       .Name(Name("escalations_total"))
                       .Help("Escalation calls, by kind and result.")
                       .Register(*registry_)),
      episodes_(prometheus::BuildGauge()
                    .Name(Name("episodes"))
                    .Help("Episodes currently kept, by state.")
                    .Register(*registry_)),
      breaker_open_(prometheus::BuildGauge()
                        .Name(Name("breaker_open"))
                        .Help("1 while the blast-radius breaker stops all actions.")
                        .Register(*registry_)
                        .Add({})),
      breaker_trips_(prometheus::BuildCounter()
                         .Name(Name("breaker_trips_total"))
                         .Help("Times the blast-radius breaker tripped.")
                         .Register(*registry_)
                         .Add({})),
      fsync_(prometheus::BuildHistogram()
                 .Name(Name("journal_fsync_duration_seconds"))
                 .Help("Duration of the journal's group-commit fsyncs.")
                 .Register(*registry_)
                 .Add({}, prometheus::Histogram::BucketBoundaries{
                              0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                              0.1, 0.25, 0.5, 1})),
      journal_bytes_(prometheus::BuildGauge()
                         .Name(Name("journal_size_bytes"))
                         .Help("Size of the on-disk journal.")
                         .Register(*registry_)
                         .Add({})),
      journal_errors_(prometheus::BuildCounter()
                          .Name(Name("journal_errors_total"))
                          .Help("Journal writes that failed.")
                          .Register(*registry_)
                          .Add({})) {
  for (const char* result :
       {"accepted", "bad_request", "unsupported_media_type", "journal_error"}) {
    notifications_.Add({{"result", result}});
  }
}

}  // namespace webhook_receiver
