#pragma once
// The canary's bookkeeping, apart from any Kafka I/O: which messages are in
// flight, their produce and end-to-end latencies per leader broker, and
// which failed (not acknowledged, or acknowledged but never consumed back
// within the timeout). Thread-safe: delivery reports and the consumer
// arrive on different threads.
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <vector>

#include "exporter_kit/exposition.h"
#include "latency_histogram.h"

namespace broker_exporter {

class CanaryLedger {
 public:
  using Clock = std::chrono::steady_clock;

  explicit CanaryLedger(std::chrono::milliseconds timeout) : timeout_(timeout) {}

  /// The canary topic's partition leaders; brokers without a partition
  /// report 0 canary partitions so that missing coverage is visible.
  void SetLayout(const std::map<std::int32_t, std::int32_t>& leader_by_partition,
                 const std::vector<std::int32_t>& brokers);
  /// Registers a message about to be produced; returns its sequence number.
  std::uint64_t Sent(std::int32_t leader, Clock::time_point now);
  /// The delivery report of message `seq`.
  void Acknowledged(std::uint64_t seq, bool ok, Clock::time_point now);
  /// Message `seq` was consumed back. Unknown numbers (expired, or from
  /// before a restart) are ignored.
  void Received(std::uint64_t seq, Clock::time_point now);
  /// Fails every message older than the timeout.
  void Expire(Clock::time_point now);
  std::size_t InFlight() const;

  void Write(exporter_kit::MetricWriter& out) const;

 private:
  struct Message {
    std::int32_t leader;
    Clock::time_point sent;
    bool acknowledged = false;
  };
  struct BrokerStats {
    int partitions = 0;
    LatencyHistogram produce_latency;
    LatencyHistogram end_to_end_latency;
    std::uint64_t produced = 0;
    std::uint64_t received = 0;
    std::uint64_t produce_failures = 0;
    std::uint64_t roundtrip_failures = 0;
  };

  std::chrono::milliseconds timeout_;
  mutable std::mutex mutex_;
  std::uint64_t next_seq_ = 1;
  std::map<std::uint64_t, Message> in_flight_;
  std::map<std::int32_t, BrokerStats> brokers_;
};

}  // namespace broker_exporter
