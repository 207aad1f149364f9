#include "broker_collector.h"

#include <spdlog/spdlog.h>

#include <future>
#include <map>

#include "cluster_metrics.h"

namespace broker_exporter {
namespace {

using Clock = std::chrono::steady_clock;

// Keeps only the topics the filter accepts.
void FilterTopics(const TopicFilter& filter,
                  kafka_client::ClusterMetadata& metadata) {
  std::erase_if(metadata.topics, [&](const kafka_client::TopicMetadata& t) {
    return !filter.Matches(t.name);
  });
}

std::vector<kafka_client::PartitionRef> PartitionRefs(
    const kafka_client::ClusterMetadata& metadata) {
  std::vector<kafka_client::PartitionRef> refs;
  for (const auto& topic : metadata.topics) {
    for (const auto& partition : topic.partitions) {
      refs.push_back({topic.name, partition.id, partition.leader});
    }
  }
  return refs;
}

std::vector<std::string> TopicNames(
    const kafka_client::ClusterMetadata& metadata) {
  std::vector<std::string> names;
  for (const auto& topic : metadata.topics) names.push_back(topic.name);
  return names;
}

Deadline Fraction(Deadline deadline, int percent) {
  const auto now = Clock::now();
  if (deadline <= now) return deadline;
  return now + (deadline - now) * percent / 100;
}

// Partitions whose offsets failed this cycle, by leader, so that a slow or
// down broker shows as the reason for missing offset series.
void WriteFailedOffsets(const ClusterSnapshot& snapshot,
                        exporter_kit::MetricWriter& out) {
  std::map<std::int32_t, int> failed_by_leader;
  std::size_t index = 0;
  for (const auto& topic : snapshot.metadata.topics) {
    for (const auto& partition : topic.partitions) {
      const auto& result = snapshot.watermarks.at(index++);
      if (partition.leader >= 0 && !result.ok()) ++failed_by_leader[partition.leader];
    }
  }
  auto& failed = out.Gauge(
      "kafka_broker_exporter_offsets_failed_partitions",
      "Partitions whose offsets could not be read this cycle, by leader "
      "broker (their offset series are left out)");
  for (const auto& broker : snapshot.metadata.brokers) {
    failed.Add({{"leader", std::to_string(broker.id)}},
               failed_by_leader[broker.id]);
  }

}

}  // namespace

Deadline WorkDeadline(const exporter_kit::CollectContext& context) {
  return Fraction(context.deadline, 90);
}

BrokerCollector::BrokerCollector(std::unique_ptr<ClusterSource> source,
                                 TopicFilter filter,
                                 std::unique_ptr<TopicConfigCache> topic_configs)
    : source_(std::move(source)),
      filter_(std::move(filter)),
      topic_configs_(std::move(topic_configs)) {}

void BrokerCollector::Collect(const exporter_kit::CollectContext& context,
                              exporter_kit::MetricWriter& out) {
  ++cycles_;
  const auto start = Clock::now();
  const auto snapshot = Gather(WorkDeadline(context));
  const auto gathered = Clock::now();
  WriteClusterMetrics(snapshot, out);
  WriteExporterMetrics(snapshot, out);
  using Ms = std::chrono::milliseconds;
  spdlog::debug("broker cycle: {} topics, {} partitions; kafka {} ms, metrics {} ms",
                snapshot.metadata.topics.size(), snapshot.watermarks.size(),
                std::chrono::duration_cast<Ms>(gathered - start).count(),
                std::chrono::duration_cast<Ms>(Clock::now() - gathered).count());
}

void BrokerCollector::FetchMetadata(Deadline deadline,
                                    ClusterSnapshot& snapshot) {
  // Half the budget at most: the offsets need the rest. Two tries, because a
  // request that went to a broker that just died times out, and librdkafka
  // then sends the retry to a broker that is still up.
  std::string error;
  for (const int percent : {25, 33}) {
    try {
      snapshot.metadata = source_->Metadata(Fraction(deadline, percent));
      snapshot.up = true;
      break;
    } catch (const std::exception& e) {
      error = e.what();
    }
  }
  if (snapshot.up) {
    if (!kafka_was_up_) spdlog::info("kafka cluster answers again");
    last_brokers_ = snapshot.metadata.brokers;
  } else {
    if (kafka_was_up_) spdlog::warn("kafka cluster unreachable: {}", error);
    snapshot.metadata.brokers = last_brokers_;
  }
  kafka_was_up_ = snapshot.up;
}

ClusterSnapshot BrokerCollector::Gather(Deadline deadline) {
  ClusterSnapshot snapshot;
  FetchMetadata(deadline, snapshot);
  if (snapshot.up) {
    FilterTopics(filter_, snapshot.metadata);
    const auto refs = PartitionRefs(snapshot.metadata);
    std::future<const TopicConfigs*> configs;
    if (topic_configs_) {
      configs = std::async(std::launch::async, [&, names = TopicNames(snapshot.metadata)] {
        return &topic_configs_->Get(names, Fraction(deadline, 80));
      });
    }
    snapshot.watermarks = source_->Watermarks(refs, deadline);
    if (configs.valid()) {
      snapshot.topic_configs = configs.get();
      snapshot.topic_configs_healthy = topic_configs_->healthy();
    }
  }
  snapshot.statistics = source_->Statistics();
  return snapshot;
}

void BrokerCollector::WriteExporterMetrics(
    const ClusterSnapshot& snapshot, exporter_kit::MetricWriter& out) const {
  out.Counter("kafka_broker_exporter_cycles_total",
              "Collection cycles run by the broker collector")
      .Add(std::span<const exporter_kit::Label>{}, static_cast<double>(cycles_));

  if (snapshot.up) WriteFailedOffsets(snapshot, out);
  if (snapshot.statistics) {
    auto& requests = out.Counter(
        "kafka_broker_exporter_kafka_requests_total",
        "Kafka requests sent by the exporter's client, by broker id");
    for (const auto& broker : snapshot.statistics->brokers) {
      requests.Add({{"broker", std::to_string(broker.node_id)}},
                   static_cast<double>(broker.requests_sent));
    }
  }
  if (snapshot.topic_configs_healthy) {
    out.Gauge("kafka_broker_exporter_topic_configs_up",
              "1 if the last DescribeConfigs of topic configs succeeded")
        .Add(std::span<const exporter_kit::Label>{},
             *snapshot.topic_configs_healthy ? 1 : 0);
  }
}

}  // namespace broker_exporter
