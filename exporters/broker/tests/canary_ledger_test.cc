#include "canary_ledger.h"

#include <gtest/gtest.h>

#include "metrics_text.h"
#include "test_support/test_support.h"

namespace broker_exporter {
namespace {

using namespace std::chrono_literals;
using Clock = CanaryLedger::Clock;

class CanaryLedgerTest : public ::testing::Test {
 protected:
  CanaryLedgerTest() : ledger_(10s) { ledger_.SetLayout({{0, 1}, {1, 2}}, {1, 2, 3}); }

  std::string Text() const {
    exporter_kit::MetricWriter out;
    ledger_.Write(out);
    return out.Text();
  }
  std::optional<double> Value(const std::string& series) const {
    return SampleValue(Text(), series);
  }

  CanaryLedger ledger_;
  Clock::time_point t0_ = Clock::now();
};

TEST_F(CanaryLedgerTest, ReportsPartitionsPerBrokerIncludingUncoveredOnes) {
  EXPECT_EQ(Value(R"(kafka_canary_partitions{broker="1"})"), 1);
  EXPECT_EQ(Value(R"(kafka_canary_partitions{broker="3"})"), 0);
  EXPECT_EQ(Value(R"(kafka_canary_messages_produced_total{broker="3"})"), 0);
}

TEST_F(CanaryLedgerTest, AcknowledgedAndReceivedMessagesGiveBothLatencies) {
  const auto seq = ledger_.Sent(1, t0_);
  ledger_.Acknowledged(seq, true, t0_ + 30ms);
  ledger_.Received(seq, t0_ + 70ms);
  EXPECT_EQ(ledger_.InFlight(), 0u);
  EXPECT_EQ(Value(R"(kafka_canary_messages_produced_total{broker="1"})"), 1);
  EXPECT_EQ(Value(R"(kafka_canary_messages_received_total{broker="1"})"), 1);
  // 30 ms lands in the 0.04 bucket, not the 0.02 one.
  EXPECT_EQ(Value(R"(kafka_canary_produce_latency_seconds_bucket{broker="1",le="0.02"})"), 0);
  EXPECT_EQ(Value(R"(kafka_canary_produce_latency_seconds_bucket{broker="1",le="0.04"})"), 1);
  EXPECT_EQ(Value(R"(kafka_canary_end_to_end_latency_seconds_bucket{broker="1",le="0.08"})"), 1);
  EXPECT_NEAR(*Value(R"(kafka_canary_end_to_end_latency_seconds_sum{broker="1"})"), 0.07, 1e-9);
  EXPECT_EQ(test_support::PromtoolCheckMetrics(Text()), "");
}

TEST_F(CanaryLedgerTest, ConsumedBeforeItsDeliveryReportCountsOnce) {
  const auto seq = ledger_.Sent(2, t0_);
  ledger_.Received(seq, t0_ + 5ms);
  ledger_.Acknowledged(seq, true, t0_ + 6ms);  // late report: ignored
  EXPECT_EQ(Value(R"(kafka_canary_messages_produced_total{broker="2"})"), 1);
  EXPECT_EQ(Value(R"(kafka_canary_produce_latency_seconds_count{broker="2"})"), 1);
}

TEST_F(CanaryLedgerTest, FailedDeliveryIsAProduceFailure) {
  const auto seq = ledger_.Sent(2, t0_);
  ledger_.Acknowledged(seq, false, t0_ + 10s);
  ledger_.Received(seq, t0_ + 11s);  // cannot happen, and must not count
  EXPECT_EQ(Value(R"(kafka_canary_failures_total{broker="2",stage="produce"})"), 1);
  EXPECT_EQ(Value(R"(kafka_canary_messages_received_total{broker="2"})"), 0);
}

TEST_F(CanaryLedgerTest, ExpiryFailsOnlyMessagesOlderThanTheTimeout) {
  const auto acked = ledger_.Sent(1, t0_);
  ledger_.Acknowledged(acked, true, t0_ + 1ms);
  ledger_.Sent(2, t0_);            // never acknowledged
  ledger_.Sent(1, t0_ + 5s);       // still young at t0 + 11 s
  ledger_.Expire(t0_ + 11s);
  EXPECT_EQ(ledger_.InFlight(), 1u);
  EXPECT_EQ(Value(R"(kafka_canary_failures_total{broker="1",stage="roundtrip"})"), 1);
  EXPECT_EQ(Value(R"(kafka_canary_failures_total{broker="2",stage="produce"})"), 1);
  EXPECT_EQ(Value(R"(kafka_canary_failures_total{broker="1",stage="produce"})"), 0);
}

TEST_F(CanaryLedgerTest, LatencyBeyondTheLastBucketCountsOnlyInInf) {
  const auto seq = ledger_.Sent(1, t0_);
  ledger_.Acknowledged(seq, true, t0_ + 20s);
  EXPECT_EQ(Value(R"(kafka_canary_produce_latency_seconds_bucket{broker="1",le="10.24"})"), 0);
  EXPECT_EQ(Value(R"(kafka_canary_produce_latency_seconds_bucket{broker="1",le="+Inf"})"), 1);
}

}  // namespace
}  // namespace broker_exporter
