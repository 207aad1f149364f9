// The collector with the real Kafka source against an in-process librdkafka
// mock cluster: exact partition counts, offsets, leaders, an offline
// partition, and a broker that goes down and comes back.
#include <gtest/gtest.h>

#include "broker_collector.h"
#include "metrics_text.h"
#include "mock_cluster/mock_cluster.h"
#include "test_support/test_support.h"

namespace broker_exporter {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

class BrokerCollectorMockTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    cluster_ = std::make_unique<mock_cluster::MockCluster>(3);
    cluster_->CreateTopic("orders", 3);
    cluster_->CreateTopic("audit", 2);
    cluster_->SetLeader("orders", 0, 1);
    cluster_->SetLeader("orders", 1, 2);
    cluster_->SetLeader("orders", 2, -1);
    cluster_->Produce("orders", 0, {.count = 11});
    cluster_->Produce("orders", 1, {.count = 22});
    kafka_client::Properties properties;
    properties.Set("bootstrap.servers", cluster_->bootstrap(), "test");
    kafka_client::ClientSettings settings;
    settings.statistics_interval = 200ms;
    client_ = kafka_client::Client::Create(properties, std::move(settings));
  }
  static void TearDownTestSuite() {
    client_.reset();
    cluster_.reset();
  }

  // A failed SetUpTestSuite would otherwise skip, not fail, the tests.
  void SetUp() override { ASSERT_TRUE(client_) << "mock cluster setup failed"; }

  BrokerCollectorMockTest()
      : collector_(std::make_unique<KafkaClusterSource>(client_),
                   TopicFilter("orders", "^$", false), nullptr) {}

  std::string Collect(std::chrono::milliseconds budget = 5s) {
    exporter_kit::CollectContext context{Clock::now() + budget};
    exporter_kit::MetricWriter out;
    collector_.Collect(context, out);
    return out.Text();
  }
  static std::optional<double> Partition(const std::string& text,
                                         const char* name, int partition) {
    return SampleValue(text, PartitionSeries(name, "orders", partition));
  }

  static inline std::unique_ptr<mock_cluster::MockCluster> cluster_;
  static inline std::shared_ptr<kafka_client::Client> client_;
  BrokerCollector collector_;
};

TEST_F(BrokerCollectorMockTest, ReportsExactTopicAndPartitionFacts) {
  const auto text = Collect();
  EXPECT_EQ(SampleValue(text, "kafka_up"), 1);
  EXPECT_EQ(SampleValue(text, "kafka_brokers"), 3);
  EXPECT_EQ(SampleValue(text, R"(kafka_topic_partitions{topic="orders"})"), 3);
  EXPECT_EQ(text.find(R"(topic="audit")"), std::string::npos);  // filtered

  EXPECT_EQ(Partition(text, "kafka_topic_partition_current_offset", 0), 11);
  EXPECT_EQ(Partition(text, "kafka_topic_partition_current_offset", 1), 22);
  EXPECT_EQ(Partition(text, "kafka_topic_partition_oldest_offset", 0), 0);
  EXPECT_EQ(Partition(text, "kafka_topic_partition_leader", 0), 1);
  EXPECT_EQ(Partition(text, "kafka_topic_partition_leader", 1), 2);
  EXPECT_EQ(Partition(text, "kafka_topic_partition_replicas", 0), 3);
  EXPECT_EQ(Partition(text, "kafka_topic_partition_in_sync_replica", 0), 3);
  EXPECT_EQ(Partition(text, "kafka_topic_partition_leader_is_preferred", 0), 1);
  EXPECT_EQ(Partition(text, "kafka_topic_partition_leader_is_preferred", 1), 0);
  EXPECT_EQ(Partition(text, "kafka_topic_partition_under_replicated_partition", 0), 0);

  // The offline partition: leader -1, counted, and no offsets.
  EXPECT_EQ(Partition(text, "kafka_topic_partition_leader", 2), -1);
  EXPECT_EQ(Partition(text, "kafka_topic_partition_current_offset", 2), std::nullopt);
  EXPECT_EQ(SampleValue(text, R"(kafka_topic_offline_partitions{topic="orders"})"), 1);
  EXPECT_EQ(test_support::PromtoolCheckMetrics(text), "");
}

TEST_F(BrokerCollectorMockTest, OffsetsFollowNewRecords) {
  Collect();
  const auto high = cluster_->Produce("orders", 0, {.count = 5});
  EXPECT_EQ(Partition(Collect(), "kafka_topic_partition_current_offset", 0), high);
}

TEST_F(BrokerCollectorMockTest, DownBrokerFailsOnlyItsPartitionsWithinTheDeadline) {
  Collect();
  ASSERT_TRUE(test_support::WaitFor(
      [&] { return SampleValue(Collect(), R"(kafka_broker_up{id="2"})") == 1; }, 10s));

  cluster_->SetBrokerDown(2);
  std::string text;
  const bool flipped = test_support::WaitFor(
      [&] {
        const auto start = Clock::now();
        text = Collect(2s);
        // Every cycle finishes within its budget even with a broker down.
        EXPECT_LT(Clock::now() - start, 2s);
        return SampleValue(text, R"(kafka_broker_up{id="2"})") == 0;
      },
      20s);
  EXPECT_TRUE(flipped);
  EXPECT_EQ(SampleValue(text, "kafka_up"), 1);
  EXPECT_EQ(Partition(text, "kafka_topic_partition_current_offset", 1), std::nullopt);
  EXPECT_EQ(SampleValue(text, R"(kafka_broker_exporter_offsets_failed_partitions{leader="2"})"), 1);
  // Broker 1's partition is fresh.
  EXPECT_EQ(Partition(text, "kafka_topic_partition_current_offset", 0),
            cluster_->TrackedHighWatermark("orders", 0));

  cluster_->SetBrokerUp(2);
  EXPECT_TRUE(test_support::WaitFor(
      [&] {
        text = Collect(2s);
        return SampleValue(text, R"(kafka_broker_up{id="2"})") == 1 &&
               Partition(text, "kafka_topic_partition_current_offset", 1) ==
                   cluster_->TrackedHighWatermark("orders", 1);
      },
      30s));
  EXPECT_EQ(SampleValue(text, R"(kafka_broker_exporter_offsets_failed_partitions{leader="2"})"), 0);
}

}  // namespace
}  // namespace broker_exporter
