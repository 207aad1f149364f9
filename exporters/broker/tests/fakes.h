#pragma once
// Fakes for what the librdkafka mock cluster cannot show: ISR shrink (its ISR
// always equals the replicas), a known controller id, topic configs
// (DescribeConfigs times out against it) and statistics of our choosing.
#include <stdexcept>

#include "cluster_source.h"
#include "kafka_client/kafka_error.h"
#include "topic_config_source.h"

namespace broker_exporter {

class FakeClusterSource : public ClusterSource {
 public:
  kafka_client::ClusterMetadata metadata;
  bool metadata_fails = false;
  /// Watermarks by (topic, partition) key "topic/partition"; missing keys
  /// answer _TIMED_OUT, like a leader that did not answer.
  std::map<std::string, kafka_client::WatermarkResult> watermarks;
  std::optional<kafka_client::ClientStatistics> statistics;
  int metadata_calls = 0;
  int watermark_calls = 0;

  kafka_client::ClusterMetadata Metadata(Deadline) override {
    ++metadata_calls;
    if (metadata_fails) {
      throw kafka_client::KafkaError("metadata request",
                                     RD_KAFKA_RESP_ERR__TRANSPORT);
    }
    return metadata;
  }
  std::vector<kafka_client::WatermarkResult> Watermarks(
      std::span<const kafka_client::PartitionRef> partitions,
      Deadline) override {
    ++watermark_calls;
    std::vector<kafka_client::WatermarkResult> out;
    for (const auto& p : partitions) {
      const auto it =
          watermarks.find(p.topic + "/" + std::to_string(p.partition));
      kafka_client::WatermarkResult timed_out;
      timed_out.error = RD_KAFKA_RESP_ERR__TIMED_OUT;
      out.push_back(it == watermarks.end() ? timed_out : it->second);
    }
    return out;
  }
  std::optional<kafka_client::ClientStatistics> Statistics() override {
    return statistics;
  }
};

class FakeTopicConfigSource : public TopicConfigSource {
 public:
  explicit FakeTopicConfigSource(TopicConfigs configs, bool fails = false)
      : configs_(std::move(configs)), fails_(fails) {}
  int* calls = nullptr;  ///< counts Describe calls when set

  TopicConfigs Describe(std::span<const std::string> topics,
                        std::chrono::steady_clock::time_point) override {
    if (calls != nullptr) ++*calls;
    if (fails_) {
      throw kafka_client::KafkaError("DescribeConfigs",
                                     RD_KAFKA_RESP_ERR__TIMED_OUT);
    }
    TopicConfigs out;
    for (const auto& topic : topics) {
      if (const auto it = configs_.find(topic); it != configs_.end()) {
        out.emplace(topic, it->second);
      }
    }
    return out;
  }

 private:
  TopicConfigs configs_;
  bool fails_;
};

}  // namespace broker_exporter
