#pragma once
// FakeKafkaAdmin: an in-memory cluster for the kafka actions. The librdkafka
// mock cluster implements neither CreatePartitions nor (Describe|Alter)Configs.
#include <map>
#include <string>
#include <vector>

#include "kafka_admin.h"

namespace webhook_receiver::testing {

class FakeKafkaAdmin : public KafkaAdmin {
 public:
  struct Topic {
    int partitions = 1;
    std::int64_t retention_ms = 604800000;
  };
  std::map<std::string, Topic> topics;
  std::vector<std::string> calls;  ///< "create_partitions orders 12 validate_only"

  int PartitionCount(const std::string& topic, std::chrono::milliseconds) override {
    return Find(topic).partitions;
  }
  void CreatePartitions(const std::string& topic, int total, bool validate_only,
                        std::chrono::milliseconds) override {
    Topic& t = Find(topic);
    if (total <= t.partitions) throw KafkaAdminError("INVALID_PARTITIONS");
    calls.push_back("create_partitions " + topic + " " + std::to_string(total) +
                    (validate_only ? " validate_only" : ""));
    if (!validate_only) t.partitions = total;
  }
  std::int64_t RetentionMs(const std::string& topic, std::chrono::milliseconds) override {
    return Find(topic).retention_ms;
  }
  void SetRetentionMs(const std::string& topic, std::int64_t ms, bool validate_only,
                      std::chrono::milliseconds) override {
    Topic& t = Find(topic);
    calls.push_back("set_retention " + topic + " " + std::to_string(ms) +
                    (validate_only ? " validate_only" : ""));
    if (!validate_only) t.retention_ms = ms;
  }

 private:
  Topic& Find(const std::string& topic) {
    auto it = topics.find(topic);
    if (it == topics.end()) throw KafkaAdminError("UNKNOWN_TOPIC_OR_PART: " + topic);
    return it->second;
  }
};

}  // namespace webhook_receiver::testing
