#include "broker_collector.h"

#include <gtest/gtest.h>

#include "fakes.h"
#include "metrics_text.h"
#include "sample_cluster.h"

namespace broker_exporter {
namespace {

using namespace std::chrono_literals;

class BrokerCollectorTest : public ::testing::Test {
 protected:
  BrokerCollectorTest() {
    auto source = std::make_unique<FakeClusterSource>();
    source->metadata = sample::Metadata();
    source->watermarks = sample::Watermarks();
    source->statistics = sample::Statistics();
    source_ = source.get();
    source_owner_ = std::move(source);
  }

  void Build(bool include_internal = false,
             std::unique_ptr<TopicConfigCache> configs = nullptr) {
    collector_ = std::make_unique<BrokerCollector>(
        std::move(source_owner_), TopicFilter(".*", "^$", include_internal),
        std::move(configs));
  }

  std::string Collect() {
    exporter_kit::CollectContext context{std::chrono::steady_clock::now() + 5s};
    exporter_kit::MetricWriter out;
    collector_->Collect(context, out);
    return out.Text();
  }

  FakeClusterSource* source_;
  std::unique_ptr<FakeClusterSource> source_owner_;
  std::unique_ptr<BrokerCollector> collector_;
};

TEST_F(BrokerCollectorTest, InternalTopicsAreLeftOutUnlessAsked) {
  Build();
  auto text = Collect();
  EXPECT_EQ(text.find("__consumer_offsets"), std::string::npos);
  EXPECT_EQ(SampleValue(text, R"(kafka_topic_partitions{topic="orders"})"), 3);

  source_owner_ = std::make_unique<FakeClusterSource>(*source_);
  source_ = source_owner_.get();
  Build(/*include_internal=*/true);
  text = Collect();
  EXPECT_EQ(SampleValue(text, PartitionSeries("kafka_topic_partition_current_offset",
                                              "__consumer_offsets", 0)),
            100);
}

TEST_F(BrokerCollectorTest, FailedOffsetsAreCountedByLeader) {
  Build();
  const auto text = Collect();
  // orders/1 is led by broker 2, whose batch failed; orders/2 is offline
  // (counted as offline, not as a failed read).
  EXPECT_EQ(SampleValue(text, R"(kafka_broker_exporter_offsets_failed_partitions{leader="2"})"), 1);
  EXPECT_EQ(SampleValue(text, R"(kafka_broker_exporter_offsets_failed_partitions{leader="1"})"), 0);
  EXPECT_EQ(SampleValue(text, R"(kafka_broker_exporter_kafka_requests_total{broker="1"})"), 40);
  EXPECT_EQ(source_->metadata_calls, 1);
  EXPECT_EQ(source_->watermark_calls, 1);
}

TEST_F(BrokerCollectorTest, UnreachableClusterReportsDownThenRecovers) {
  Build();
  Collect();
  source_->metadata_fails = true;
  auto text = Collect();
  EXPECT_EQ(SampleValue(text, "kafka_up"), 0);
  // The last known brokers still carry their reachability.
  EXPECT_EQ(SampleValue(text, R"(kafka_broker_up{id="1"})"), 1);
  EXPECT_EQ(SampleValue(text, R"(kafka_broker_up{id="2"})"), 0);
  EXPECT_EQ(text.find("kafka_topic_partition"), std::string::npos);
  EXPECT_EQ(source_->watermark_calls, 1);  // no offsets without metadata

  source_->metadata_fails = false;
  text = Collect();
  EXPECT_EQ(SampleValue(text, "kafka_up"), 1);
  EXPECT_EQ(SampleValue(text, "kafka_broker_exporter_cycles_total"), 3);
}

TEST_F(BrokerCollectorTest, TopicConfigsGiveUnderMinIsrAndAreCached) {
  int calls = 0;
  auto source = std::make_unique<FakeTopicConfigSource>(sample::Configs());
  source->calls = &calls;
  Build(false, std::make_unique<TopicConfigCache>(std::move(source), 1h));
  auto text = Collect();
  EXPECT_EQ(SampleValue(text, R"(kafka_topic_under_min_isr_partitions{topic="orders"})"), 2);
  EXPECT_EQ(SampleValue(text, "kafka_broker_exporter_topic_configs_up"), 1);
  EXPECT_EQ(SampleValue(
                text,
                R"(kafka_topic_config_info{topic="payments",cleanup_policy="compact",min_insync_replicas="1",retention_ms="-1",retention_bytes="1073741824"})"),
            1);
  text = Collect();
  EXPECT_EQ(calls, 1);  // within the refresh interval: cached
  EXPECT_EQ(SampleValue(text, R"(kafka_topic_min_insync_replicas{topic="orders"})"), 2);
}

TEST_F(BrokerCollectorTest, FailingTopicConfigsDegradeWithoutRetryingEveryCycle) {
  int calls = 0;
  auto source = std::make_unique<FakeTopicConfigSource>(TopicConfigs{}, true);
  source->calls = &calls;
  Build(false, std::make_unique<TopicConfigCache>(std::move(source), 1h));
  auto text = Collect();
  EXPECT_EQ(SampleValue(text, "kafka_broker_exporter_topic_configs_up"), 0);
  EXPECT_EQ(text.find("kafka_topic_under_min_isr_partitions"), std::string::npos);
  // The rest of the cycle is unaffected.
  EXPECT_EQ(SampleValue(text, R"(kafka_topic_partitions{topic="orders"})"), 3);
  Collect();
  Collect();
  EXPECT_EQ(calls, 1);
}

TEST_F(BrokerCollectorTest, NewTopicsTriggerAnEarlyConfigRefresh) {
  int calls = 0;
  auto source = std::make_unique<FakeTopicConfigSource>(sample::Configs());
  source->calls = &calls;
  Build(false, std::make_unique<TopicConfigCache>(std::move(source), 1h));
  Collect();
  source_->metadata.topics.push_back(
      {"invoices", RD_KAFKA_RESP_ERR_NO_ERROR,
       {{0, 1, {1}, {1}, RD_KAFKA_RESP_ERR_NO_ERROR}}});
  Collect();
  EXPECT_EQ(calls, 2);
}

}  // namespace
}  // namespace broker_exporter
