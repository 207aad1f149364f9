#include "canary_ledger.h"

#include <string>

namespace broker_exporter {
namespace {

double Seconds(CanaryLedger::Clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

void AddHistogram(exporter_kit::FamilyWriter& family, const std::string& broker,
                  const LatencyHistogram& histogram) {
  const exporter_kit::Label labels[] = {{"broker", broker}};
  const auto cumulative = histogram.Cumulative();
  family.AddHistogram(labels, LatencyHistogram::UpperBounds(), cumulative,
                      histogram.count(), histogram.sum());
}

}  // namespace

void CanaryLedger::SetLayout(
    const std::map<std::int32_t, std::int32_t>& leader_by_partition,
    const std::vector<std::int32_t>& brokers) {
  std::lock_guard lock(mutex_);
  for (auto& [id, stats] : brokers_) stats.partitions = 0;
  for (const auto id : brokers) brokers_[id];  // zero series for each broker
  for (const auto& [partition, leader] : leader_by_partition) {
    if (leader >= 0) ++brokers_[leader].partitions;
  }
}

std::uint64_t CanaryLedger::Sent(std::int32_t leader, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  const auto seq = next_seq_++;
  in_flight_.emplace(seq, Message{leader, now});
  return seq;
}

void CanaryLedger::Acknowledged(std::uint64_t seq, bool ok,
                                Clock::time_point now) {
  std::lock_guard lock(mutex_);
  const auto it = in_flight_.find(seq);
  if (it == in_flight_.end() || it->second.acknowledged) return;
  auto& stats = brokers_[it->second.leader];
  if (!ok) {
    ++stats.produce_failures;
    in_flight_.erase(it);
    return;
  }
  ++stats.produced;
  stats.produce_latency.Observe(Seconds(now - it->second.sent));
  it->second.acknowledged = true;
}

void CanaryLedger::Received(std::uint64_t seq, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  const auto it = in_flight_.find(seq);
  if (it == in_flight_.end()) return;
  auto& stats = brokers_[it->second.leader];
  if (!it->second.acknowledged) {
    // Consumed before its delivery report: it was acknowledged.
    ++stats.produced;
    stats.produce_latency.Observe(Seconds(now - it->second.sent));
  }
  ++stats.received;
  stats.end_to_end_latency.Observe(Seconds(now - it->second.sent));
  in_flight_.erase(it);
}

void CanaryLedger::Expire(Clock::time_point now) {
  std::lock_guard lock(mutex_);
  for (auto it = in_flight_.begin(); it != in_flight_.end();) {
    if (now - it->second.sent <= timeout_) {
      ++it;
      continue;
    }
    auto& stats = brokers_[it->second.leader];
    ++(it->second.acknowledged ? stats.roundtrip_failures : stats.produce_failures);
    it = in_flight_.erase(it);
  }
}

std::size_t CanaryLedger::InFlight() const {
  std::lock_guard lock(mutex_);
  return in_flight_.size();
}

void CanaryLedger::Write(exporter_kit::MetricWriter& out) const {
  std::lock_guard lock(mutex_);
  auto& partitions = out.Gauge("kafka_canary_partitions",
                               "Canary topic partitions led by the broker");
  auto& produce = out.Family(
      "kafka_canary_produce_latency_seconds",
      "Time from producing a canary message until its acks=all acknowledgement",
      exporter_kit::MetricType::kHistogram);
  auto& end_to_end = out.Family(
      "kafka_canary_end_to_end_latency_seconds",
      "Time from producing a canary message until it is consumed back",
      exporter_kit::MetricType::kHistogram);
  auto& produced = out.Counter("kafka_canary_messages_produced_total",
                               "Canary messages acknowledged by the broker");
  auto& received = out.Counter("kafka_canary_messages_received_total",
                               "Canary messages consumed back");
  auto& failures = out.Counter(
      "kafka_canary_failures_total",
      "Canary messages that failed: stage=produce (not acknowledged within "
      "the timeout) or stage=roundtrip (acknowledged, never consumed back)");
  for (const auto& [id, stats] : brokers_) {
    const std::string broker = std::to_string(id);
    partitions.Add({{"broker", broker}}, stats.partitions);
    AddHistogram(produce, broker, stats.produce_latency);
    AddHistogram(end_to_end, broker, stats.end_to_end_latency);
    produced.Add({{"broker", broker}}, static_cast<double>(stats.produced));
    received.Add({{"broker", broker}}, static_cast<double>(stats.received));
    failures.Add({{"broker", broker}, {"stage", "produce"}},
                 static_cast<double>(stats.produce_failures));
    failures.Add({{"broker", broker}, {"stage", "roundtrip"}},
                 static_cast<double>(stats.roundtrip_failures));
  }
}

}  // namespace broker_exporter
