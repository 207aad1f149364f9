#include "cluster_metrics.h"

#include <gtest/gtest.h>

#include "metrics_text.h"
#include "sample_cluster.h"
#include "test_support/test_support.h"

namespace broker_exporter {
namespace {

// The snapshot as the collector builds it: internal topics filtered out,
// one watermark result per remaining partition.
ClusterSnapshot SampleSnapshot(const TopicConfigs* configs) {
  ClusterSnapshot snapshot;
  snapshot.up = true;
  snapshot.metadata = sample::Metadata();
  std::erase_if(snapshot.metadata.topics,
                [](const auto& t) { return t.name.starts_with("__"); });
  const auto offsets = sample::Watermarks();
  for (const auto& topic : snapshot.metadata.topics) {
    for (const auto& p : topic.partitions) {
      const auto it = offsets.find(topic.name + "/" + std::to_string(p.id));
      kafka_client::WatermarkResult failed;
      failed.error = RD_KAFKA_RESP_ERR__TIMED_OUT;
      snapshot.watermarks.push_back(it == offsets.end() ? failed : it->second);
    }
  }
  snapshot.statistics = sample::Statistics();
  snapshot.topic_configs = configs;
  return snapshot;
}

std::string Write(const ClusterSnapshot& snapshot) {
  exporter_kit::MetricWriter out;
  WriteClusterMetrics(snapshot, out);
  return out.Text();
}

TEST(ClusterMetricsTest, MatchesGoldenAndPassesPromtool) {
  const auto configs = sample::Configs();
  const auto text = Write(SampleSnapshot(&configs));
  EXPECT_EQ(test_support::CompareGolden(
                test_support::SourceDir() /
                    "exporters/broker/tests/golden/cluster_metrics.prom",
                text),
            "");
  EXPECT_EQ(test_support::PromtoolCheckMetrics(text), "");
}

TEST(ClusterMetricsTest, KafkaExporterPartitionFacts) {
  const auto text = Write(SampleSnapshot(nullptr));
  auto value = [&](const char* name, const char* topic, int partition) {
    return SampleValue(text, PartitionSeries(name, topic, partition));
  };
  EXPECT_EQ(value("kafka_topic_partition_current_offset", "orders", 0), 42);
  EXPECT_EQ(value("kafka_topic_partition_oldest_offset", "orders", 0), 5);
  // Offsets that failed this cycle are left out, not reported as stale.
  EXPECT_EQ(value("kafka_topic_partition_current_offset", "orders", 1),
            std::nullopt);
  EXPECT_EQ(value("kafka_topic_partition_leader", "orders", 2), -1);
  EXPECT_EQ(value("kafka_topic_partition_replicas", "orders", 1), 3);
  EXPECT_EQ(value("kafka_topic_partition_in_sync_replica", "orders", 1), 1);
  EXPECT_EQ(value("kafka_topic_partition_under_replicated_partition", "orders", 1), 1);
  EXPECT_EQ(value("kafka_topic_partition_under_replicated_partition", "orders", 0), 0);
  EXPECT_EQ(value("kafka_topic_partition_leader_is_preferred", "orders", 1), 1);
  EXPECT_EQ(value("kafka_topic_partition_leader_is_preferred", "payments", 0), 0);
  EXPECT_EQ(value("kafka_topic_partition_leader_is_preferred", "orders", 2), 0);
  EXPECT_EQ(SampleValue(text, R"(kafka_topic_partitions{topic="orders"})"), 3);
  EXPECT_EQ(SampleValue(text, "kafka_brokers"), 3);
  EXPECT_EQ(SampleValue(text, R"(kafka_broker_info{id="2",address="kafka-2:9092"})"), 1);
}

TEST(ClusterMetricsTest, HealthBeyondKafkaExporter) {
  const auto configs = sample::Configs();
  const auto text = Write(SampleSnapshot(&configs));
  EXPECT_EQ(SampleValue(text, "kafka_up"), 1);
  EXPECT_EQ(SampleValue(text, "kafka_cluster_controller_id"), 2);
  EXPECT_EQ(SampleValue(text, R"(kafka_topic_offline_partitions{topic="orders"})"), 1);
  EXPECT_EQ(SampleValue(text, R"(kafka_topic_offline_partitions{topic="payments"})"), 0);
  // orders: min.insync.replicas 2; partition 1 has 1 in sync, partition 2 none.
  EXPECT_EQ(SampleValue(text, R"(kafka_topic_under_min_isr_partitions{topic="orders"})"), 2);
  EXPECT_EQ(SampleValue(text, R"(kafka_topic_under_min_isr_partitions{topic="payments"})"), 0);
  EXPECT_EQ(SampleValue(text, R"(kafka_topic_min_insync_replicas{topic="orders"})"), 2);
  EXPECT_EQ(SampleValue(text, R"(kafka_topic_replication_factor{topic="payments"})"), 2);
  EXPECT_EQ(SampleValue(text, R"(kafka_broker_up{id="1"})"), 1);
  EXPECT_EQ(SampleValue(text, R"(kafka_broker_up{id="2"})"), 0);
  EXPECT_EQ(SampleValue(text, R"(kafka_broker_rtt_p99_seconds{id="1"})"), 0.008);
  // No round trip in the window: no latency sample rather than a fake 0.
  EXPECT_EQ(SampleValue(text, R"(kafka_broker_rtt_p99_seconds{id="3"})"), std::nullopt);
}

TEST(ClusterMetricsTest, WithoutTopicConfigsNoConfigFamilies) {
  const auto text = Write(SampleSnapshot(nullptr));
  EXPECT_EQ(text.find("kafka_topic_config_info"), std::string::npos);
  EXPECT_EQ(text.find("kafka_topic_under_min_isr_partitions"), std::string::npos);
}

TEST(ClusterMetricsTest, ClusterDownKeepsBrokerReachabilityOnly) {
  ClusterSnapshot snapshot;
  snapshot.metadata.brokers = sample::Metadata().brokers;  // last known
  snapshot.statistics = sample::Statistics();
  const auto text = Write(snapshot);
  EXPECT_EQ(SampleValue(text, "kafka_up"), 0);
  EXPECT_EQ(SampleValue(text, R"(kafka_broker_up{id="2"})"), 0);
  EXPECT_EQ(SampleValue(text, "kafka_brokers"), std::nullopt);
  EXPECT_EQ(text.find("kafka_topic_"), std::string::npos);
  EXPECT_EQ(test_support::PromtoolCheckMetrics(text), "");
}

}  // namespace
}  // namespace broker_exporter
