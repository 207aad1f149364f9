#include "kafka_client/metadata.h"

#include <algorithm>
#include <memory>

#include "kafka_client/kafka_error.h"

namespace kafka_client {
namespace {

struct MetadataDeleter {
  void operator()(const rd_kafka_metadata_t* metadata) const {
    rd_kafka_metadata_destroy(metadata);
  }
};

PartitionMetadata CopyPartition(const rd_kafka_metadata_partition_t& p) {
  PartitionMetadata out;
  out.id = p.id;
  out.leader = p.leader;
  out.error = p.err;
  out.replicas.assign(p.replicas, p.replicas + p.replica_cnt);
  out.in_sync_replicas.assign(p.isrs, p.isrs + p.isr_cnt);
  return out;
}

std::int32_t KnownController(rd_kafka_t* handle,
                             const std::vector<BrokerMetadata>& brokers) {
  // The answer to the request just made is cached: no wait.
  const std::int32_t id = rd_kafka_controllerid(handle, 0);
  const bool known = std::any_of(brokers.begin(), brokers.end(),
                                 [&](const auto& b) { return b.id == id; });
  return known ? id : -1;
}

}  // namespace

ClusterMetadata FetchMetadata(rd_kafka_t* handle,
                              std::chrono::milliseconds timeout) {
  const rd_kafka_metadata_t* raw = nullptr;
  const auto timeout_ms =
      static_cast<int>(std::max<std::int64_t>(1, timeout.count()));
  const auto err = rd_kafka_metadata(handle, /*all_topics=*/1, nullptr, &raw,
                                     timeout_ms);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    throw KafkaError("metadata request", err);
  }
  std::unique_ptr<const rd_kafka_metadata_t, MetadataDeleter> metadata(raw);

  ClusterMetadata out;
  out.brokers.reserve(static_cast<std::size_t>(metadata->broker_cnt));
  for (int i = 0; i < metadata->broker_cnt; ++i) {
    const auto& b = metadata->brokers[i];
    out.brokers.push_back({b.id, b.host, b.port});
  }
  std::sort(out.brokers.begin(), out.brokers.end(),
            [](const auto& a, const auto& b) { return a.id < b.id; });
  out.topics.reserve(static_cast<std::size_t>(metadata->topic_cnt));
  for (int i = 0; i < metadata->topic_cnt; ++i) {
    const auto& t = metadata->topics[i];
    TopicMetadata topic{t.topic, t.err, {}};
    topic.partitions.reserve(static_cast<std::size_t>(t.partition_cnt));
    for (int j = 0; j < t.partition_cnt; ++j) {
      topic.partitions.push_back(CopyPartition(t.partitions[j]));
    }
    std::sort(topic.partitions.begin(), topic.partitions.end(),
              [](const auto& a, const auto& b) { return a.id < b.id; });
    out.topics.push_back(std::move(topic));
  }
  std::sort(out.topics.begin(), out.topics.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  out.controller_id = KnownController(handle, out.brokers);
  return out;
}

}  // namespace kafka_client
