#pragma once
// RAII ownership of librdkafka handles and checked configuration.
#include <librdkafka/rdkafka.h>

#include <map>
#include <memory>
#include <string>

namespace mock_cluster {

struct KafkaHandleDeleter {
  void operator()(rd_kafka_t* rk) const { rd_kafka_destroy(rk); }
};
using KafkaHandle = std::unique_ptr<rd_kafka_t, KafkaHandleDeleter>;

struct PartitionListDeleter {
  void operator()(rd_kafka_topic_partition_list_t* list) const {
    rd_kafka_topic_partition_list_destroy(list);
  }
};
using PartitionList =
    std::unique_ptr<rd_kafka_topic_partition_list_t, PartitionListDeleter>;

/// Builds a configuration from key/value pairs; throws MockClusterError
/// naming the key librdkafka rejected. The caller owns the result until it
/// passes it to NewKafkaHandle.
rd_kafka_conf_t* NewKafkaConf(const std::map<std::string, std::string>& kv);

/// Creates a handle from `conf` (consumed even on failure); throws
/// MockClusterError with librdkafka's reason.
KafkaHandle NewKafkaHandle(rd_kafka_type_t type, rd_kafka_conf_t* conf);

}  // namespace mock_cluster
