#pragma once
// The opt-in end-to-end canary, like KMinion's: every interval it produces
// one message (acks=all) to each partition of a canary topic whose
// partitions are spread over the brokers, consumes them back, and records
// acknowledgement and end-to-end latency per leader broker, and failures.
// It runs on its own thread; CanaryCollector serves its numbers.
#include <atomic>
#include <memory>
#include <set>
#include <string>
#include <thread>

#include "canary_ledger.h"
#include "canary_options.h"
#include "exporter_kit/collector.h"
#include "kafka_client/client.h"
#include "kafka_client/properties.h"

namespace broker_exporter {

class Canary {
 public:
  /// Creates the producer and consumer handles from `connection` (the
  /// shared --kafka.* properties); throws ConfigError like Client::Create.
  Canary(CanaryOptions options, const kafka_client::Properties& connection);
  ~Canary();
  Canary(const Canary&) = delete;
  Canary& operator=(const Canary&) = delete;

  void Start();
  void Stop();
  const CanaryLedger& ledger() const { return ledger_; }

 private:
  void Run();
  void Reconcile();
  void CreateTopic(int brokers);
  void Assign(const std::map<std::int32_t, std::int32_t>& leaders);
  void ProduceRound();
  void ConsumeUntil(std::chrono::steady_clock::time_point until);

  CanaryOptions options_;
  std::string instance_;  ///< tells our messages from other instances'
  CanaryLedger ledger_;
  std::unique_ptr<kafka_client::Client> producer_;
  std::unique_ptr<kafka_client::Client> consumer_;
  std::map<std::int32_t, std::int32_t> leaders_;  ///< partition -> leader
  std::set<std::int32_t> assigned_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

class CanaryCollector : public exporter_kit::Collector {
 public:
  explicit CanaryCollector(std::unique_ptr<Canary> canary)
      : canary_(std::move(canary)) {}
  std::string Name() const override { return "canary"; }
  void Collect(const exporter_kit::CollectContext&,
               exporter_kit::MetricWriter& out) override {
    canary_->ledger().Write(out);
  }

 private:
  std::unique_ptr<Canary> canary_;
};

}  // namespace broker_exporter
