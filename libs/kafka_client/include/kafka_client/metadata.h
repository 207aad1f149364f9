#pragma once
// Cluster metadata (brokers, topics, partitions, leaders, replicas, ISR) as
// plain values copied out of librdkafka, from one Metadata request.
#include <librdkafka/rdkafka.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace kafka_client {

struct BrokerMetadata {
  std::int32_t id = -1;
  std::string host;
  int port = 0;
  /// "host:port", as kafka_exporter's `address` label.
  std::string Address() const { return host + ":" + std::to_string(port); }
};

struct PartitionMetadata {
  std::int32_t id = 0;
  std::int32_t leader = -1;  ///< -1: offline (no leader)
  std::vector<std::int32_t> replicas;
  std::vector<std::int32_t> in_sync_replicas;
  rd_kafka_resp_err_t error = RD_KAFKA_RESP_ERR_NO_ERROR;
};

struct TopicMetadata {
  std::string name;
  rd_kafka_resp_err_t error = RD_KAFKA_RESP_ERR_NO_ERROR;
  std::vector<PartitionMetadata> partitions;
};

struct ClusterMetadata {
  std::vector<BrokerMetadata> brokers;
  std::vector<TopicMetadata> topics;
  /// The active controller's broker id; -1 when the cluster did not say.
  std::int32_t controller_id = -1;
};

/// \brief Fetches metadata for all topics in one request, waiting at most
/// `timeout`. Throws KafkaError when no broker answers.
ClusterMetadata FetchMetadata(rd_kafka_t* handle,
                              std::chrono::milliseconds timeout);

}  // namespace kafka_client
