// The canary against an in-process librdkafka mock cluster: messages go to
// every broker's partition and come back; a downed broker's messages fail
// while the others keep flowing.
#include <gtest/gtest.h>

#include "canary.h"
#include "metrics_text.h"
#include "mock_cluster/mock_cluster.h"
#include "test_support/test_support.h"

namespace broker_exporter {
namespace {

using namespace std::chrono_literals;

class CanaryMockTest : public ::testing::Test {
 protected:
  void SetUp() override {
    cluster_ = std::make_unique<mock_cluster::MockCluster>(3);
    cluster_->CreateTopic("canary", 3);
    cluster_->SetLeaders({{"canary", 0, 1}, {"canary", 1, 2}, {"canary", 2, 3}});
    kafka_client::Properties connection;
    connection.Set("bootstrap.servers", cluster_->bootstrap(), "test");
    CanaryOptions options;
    options.enabled = true;
    options.topic = "canary";
    options.create_topic = false;
    options.interval = 100ms;
    options.timeout = 1500ms;
    canary_ = std::make_unique<Canary>(options, connection);
    canary_->Start();
  }
  void TearDown() override {
    canary_.reset();  // clients before the cluster
    cluster_.reset();
  }

  std::optional<double> Value(const std::string& series) const {
    exporter_kit::MetricWriter out;
    canary_->ledger().Write(out);
    return SampleValue(out.Text(), series);
  }
  static std::string Series(const char* name, int broker,
                            const char* stage = nullptr) {
    std::string series = std::string(name) + "{broker=\"" + std::to_string(broker) + "\"";
    if (stage != nullptr) series += std::string(",stage=\"") + stage + "\"";
    return series + "}";
  }

  std::unique_ptr<mock_cluster::MockCluster> cluster_;
  std::unique_ptr<Canary> canary_;
};

TEST_F(CanaryMockTest, MessagesToEveryBrokerComeBackWithoutFailures) {
  EXPECT_TRUE(test_support::WaitFor(
      [&] {
        for (int broker = 1; broker <= 3; ++broker) {
          if (Value(Series("kafka_canary_messages_received_total", broker)).value_or(0) < 3) {
            return false;
          }
        }
        return true;
      },
      15s));
  for (int broker = 1; broker <= 3; ++broker) {
    EXPECT_EQ(Value(Series("kafka_canary_partitions", broker)), 1) << broker;
    EXPECT_EQ(Value(Series("kafka_canary_failures_total", broker, "produce")), 0) << broker;
    EXPECT_EQ(Value(Series("kafka_canary_failures_total", broker, "roundtrip")), 0) << broker;
    EXPECT_GE(Value(Series("kafka_canary_end_to_end_latency_seconds_count", broker)), 3) << broker;
  }
}

TEST_F(CanaryMockTest, DownBrokerFailsItsMessagesOnly) {
  ASSERT_TRUE(test_support::WaitFor(
      [&] { return Value(Series("kafka_canary_messages_received_total", 2)).value_or(0) > 0; },
      15s));
  cluster_->SetBrokerDown(2);
  EXPECT_TRUE(test_support::WaitFor(
      [&] {
        return Value(Series("kafka_canary_failures_total", 2, "produce")).value_or(0) +
                   Value(Series("kafka_canary_failures_total", 2, "roundtrip")).value_or(0) >
               0;
      },
      15s));
  const auto received_1 = Value(Series("kafka_canary_messages_received_total", 1)).value_or(0);
  EXPECT_TRUE(test_support::WaitFor(
      [&] {
        return Value(Series("kafka_canary_messages_received_total", 1)).value_or(0) >
               received_1 + 3;
      },
      10s));
  cluster_->SetBrokerUp(2);
}

}  // namespace
}  // namespace broker_exporter
