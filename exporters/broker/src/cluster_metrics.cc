#include "cluster_metrics.h"

#include <algorithm>
#include <string>

namespace broker_exporter {
namespace {

using exporter_kit::FamilyWriter;
using exporter_kit::MetricWriter;
using kafka_client::PartitionMetadata;
using kafka_client::TopicMetadata;

// The per-partition families, looked up once per cycle.
struct PartitionFamilies {
  explicit PartitionFamilies(MetricWriter& out)
      : current_offset(out.Gauge("kafka_topic_partition_current_offset",
                                 "Current Offset of a Broker at Topic/Partition")),
        oldest_offset(out.Gauge("kafka_topic_partition_oldest_offset",
                                "Oldest Offset of a Broker at Topic/Partition")),
        leader(out.Gauge("kafka_topic_partition_leader",
                         "Leader Broker ID of this Topic/Partition (-1: offline)")),
        replicas(out.Gauge("kafka_topic_partition_replicas",
                           "Number of Replicas for this Topic/Partition")),
        in_sync(out.Gauge("kafka_topic_partition_in_sync_replica",
                          "Number of In-Sync Replicas for this Topic/Partition")),
        preferred(out.Gauge("kafka_topic_partition_leader_is_preferred",
                            "1 if Topic/Partition is using the Preferred Broker")),
        under_replicated(out.Gauge(
            "kafka_topic_partition_under_replicated_partition",
            "1 if Topic/Partition is under Replicated")) {}

  FamilyWriter& current_offset;
  FamilyWriter& oldest_offset;
  FamilyWriter& leader;
  FamilyWriter& replicas;
  FamilyWriter& in_sync;
  FamilyWriter& preferred;
  FamilyWriter& under_replicated;
};

struct TopicCounts {
  int offline = 0;
  int under_min_isr = 0;
  std::size_t replication_factor = 0;
};

constexpr std::span<const exporter_kit::Label> kNoLabels;

double Flag(bool value) { return value ? 1 : 0; }

void WritePartition(const std::string& topic, const PartitionMetadata& p,
                    const kafka_client::WatermarkResult& offsets,
                    PartitionFamilies& f) {
  const std::string partition = std::to_string(p.id);
  const std::initializer_list<exporter_kit::Label> labels = {
      {"topic", topic}, {"partition", partition}};
  if (offsets.ok()) {
    f.current_offset.Add(labels, static_cast<double>(offsets.high));
    f.oldest_offset.Add(labels, static_cast<double>(offsets.low));
  }
  f.leader.Add(labels, p.leader);
  f.replicas.Add(labels, static_cast<double>(p.replicas.size()));
  f.in_sync.Add(labels, static_cast<double>(p.in_sync_replicas.size()));
  f.preferred.Add(labels, Flag(p.leader >= 0 && !p.replicas.empty() &&
                               p.replicas.front() == p.leader));
  f.under_replicated.Add(
      labels, Flag(p.in_sync_replicas.size() < p.replicas.size()));
}

const TopicConfig* ConfigOf(const ClusterSnapshot& snapshot,
                            const std::string& topic) {
  if (snapshot.topic_configs == nullptr) return nullptr;
  const auto it = snapshot.topic_configs->find(topic);
  return it == snapshot.topic_configs->end() ? nullptr : &it->second;
}

std::string OptionalText(const std::optional<std::int64_t>& value) {
  return value ? std::to_string(*value) : std::string();
}

void WriteTopicConfig(const std::string& topic, const TopicConfig& config,
                      const TopicCounts& counts, MetricWriter& out) {
  const std::string min_isr = config.min_insync_replicas
                                  ? std::to_string(*config.min_insync_replicas)
                                  : std::string();
  out.Gauge("kafka_topic_config_info",
            "Topic configuration facts from DescribeConfigs, value 1")
      .Add({{"topic", topic},
            {"cleanup_policy", config.cleanup_policy},
            {"min_insync_replicas", min_isr},
            {"retention_ms", OptionalText(config.retention_ms)},
            {"retention_bytes", OptionalText(config.retention_bytes)}},
           1);
  if (!config.min_insync_replicas) return;
  out.Gauge("kafka_topic_min_insync_replicas",
            "min.insync.replicas of the topic")
      .Add({{"topic", topic}}, *config.min_insync_replicas);
  out.Gauge("kafka_topic_under_min_isr_partitions",
            "Partitions of the topic with fewer in-sync replicas than "
            "min.insync.replicas (acks=all producers fail)")
      .Add({{"topic", topic}}, counts.under_min_isr);
}

void WriteTopics(const ClusterSnapshot& snapshot, MetricWriter& out) {
  auto& partitions = out.Gauge("kafka_topic_partitions",
                               "Number of partitions for this Topic");
  PartitionFamilies families(out);
  auto& replication = out.Gauge(
      "kafka_topic_replication_factor",
      "Replication factor of the topic (largest replica count of its partitions)");
  auto& offline = out.Gauge("kafka_topic_offline_partitions",
                            "Partitions of the topic without a leader");
  std::size_t index = 0;
  for (const TopicMetadata& topic : snapshot.metadata.topics) {
    const TopicConfig* config = ConfigOf(snapshot, topic.name);
    // 0 when unknown: no partition has fewer than 0 in-sync replicas.
    const int min_isr = config ? config->min_insync_replicas.value_or(0) : 0;
    TopicCounts counts;
    for (const auto& p : topic.partitions) {
      WritePartition(topic.name, p, snapshot.watermarks.at(index++), families);
      counts.offline += p.leader < 0 ? 1 : 0;
      counts.replication_factor =
          std::max(counts.replication_factor, p.replicas.size());
      if (static_cast<int>(p.in_sync_replicas.size()) < min_isr) {
        ++counts.under_min_isr;
      }
    }
    const std::initializer_list<exporter_kit::Label> labels = {
        {"topic", topic.name}};
    partitions.Add(labels, static_cast<double>(topic.partitions.size()));
    replication.Add(labels, static_cast<double>(counts.replication_factor));
    offline.Add(labels, counts.offline);
    if (config != nullptr) WriteTopicConfig(topic.name, *config, counts, out);
  }
}

void WriteBrokers(const ClusterSnapshot& snapshot, MetricWriter& out) {
  const auto& brokers = snapshot.metadata.brokers;
  if (snapshot.up) {
    out.Gauge("kafka_brokers", "Number of Brokers in the Kafka Cluster.")
        .Add(kNoLabels, static_cast<double>(brokers.size()));
    out.Gauge("kafka_cluster_controller_id",
              "Broker id of the active controller (-1: unknown)")
        .Add(kNoLabels, snapshot.metadata.controller_id);
  }
  auto& info = out.Gauge("kafka_broker_info", "Information about the Kafka Broker.");
  auto& up = out.Gauge("kafka_broker_up",
                       "1 if the exporter's connection to the broker is up");
  auto& rtt_avg = out.Gauge(
      "kafka_broker_rtt_average_seconds",
      "Average request round-trip time to the broker over the last statistics "
      "interval");
  auto& rtt_p99 = out.Gauge(
      "kafka_broker_rtt_p99_seconds",
      "99th percentile request round-trip time to the broker over the last "
      "statistics interval");
  for (const auto& broker : brokers) {
    const std::string id = std::to_string(broker.id);
    info.Add({{"id", id}, {"address", broker.Address()}}, 1);
    const auto* stats =
        snapshot.statistics ? snapshot.statistics->Broker(broker.id) : nullptr;
    up.Add({{"id", id}}, Flag(stats != nullptr && stats->Up()));
    if (stats != nullptr && stats->rtt_samples > 0) {
      rtt_avg.Add({{"id", id}}, stats->rtt_average_seconds);
      rtt_p99.Add({{"id", id}}, stats->rtt_p99_seconds);
    }
  }
}

}  // namespace

void WriteClusterMetrics(const ClusterSnapshot& snapshot, MetricWriter& out) {
  out.Gauge("kafka_up", "1 if the Kafka cluster answered the metadata request")
      .Add(kNoLabels, Flag(snapshot.up));
  // Without fresh metadata the brokers are the last known ones, so their
  // reachability still shows; topics are left out rather than stale.
  WriteBrokers(snapshot, out);
  if (snapshot.up) WriteTopics(snapshot, out);
}

}  // namespace broker_exporter
