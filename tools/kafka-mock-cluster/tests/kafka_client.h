#pragma once
// A plain librdkafka client that inspects a mock cluster from the outside,
// through the bootstrap string only, as the exporters do.
#include <librdkafka/rdkafka.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace mock_cluster::testing {

struct PartitionInfo {
  int32_t leader = -1;
  std::vector<int32_t> replicas;
};
struct TopicInfo {
  int error = 0;
  std::vector<PartitionInfo> partitions;
};

class KafkaClient {
 public:
  /// A consumer handle; `group` is its group.id (it never subscribes).
  explicit KafkaClient(const std::string& bootstrap,
                       const std::string& group = "inspector");
  ~KafkaClient();
  KafkaClient(const KafkaClient&) = delete;
  KafkaClient& operator=(const KafkaClient&) = delete;

  /// Broker ids and topics from a fresh metadata request; throws on error.
  std::vector<int32_t> Brokers();
  /// Broker id -> "host:port" as metadata advertises it.
  std::map<int32_t, std::string> BrokerAddresses();
  std::map<std::string, TopicInfo> Topics();
  /// Low and high watermark via offsets_for_times; throws with the error.
  std::pair<int64_t, int64_t> Watermarks(const std::string& topic,
                                         int32_t partition);
  /// The group's committed offsets for the given partitions (-1001: none).
  std::map<int32_t, int64_t> Committed(const std::string& topic,
                                       const std::vector<int32_t>& partitions);
  /// CreateTime timestamps of the first `count` records of a partition.
  std::vector<int64_t> ReadTimestamps(const std::string& topic,
                                      int32_t partition, int count);

 private:
  rd_kafka_t* rk_;
};

}  // namespace mock_cluster::testing
