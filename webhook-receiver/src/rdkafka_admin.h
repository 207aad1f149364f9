#pragma once
// KafkaAdmin on librdkafka's Admin API (2.0.2): metadata for partition
// counts, CreatePartitions, DescribeConfigs and AlterConfigs. 2.0.2 has no
// IncrementalAlterConfigs, and AlterConfigs resets every key it is not given,
// so SetRetentionMs re-sends the topic's other dynamic settings with it.
#include <memory>

#include "kafka_admin.h"

namespace kafka_client {
class Client;
}

namespace webhook_receiver {

class RdKafkaAdmin : public KafkaAdmin {
 public:
  explicit RdKafkaAdmin(std::shared_ptr<kafka_client::Client> client)
      : client_(std::move(client)) {}

  int PartitionCount(const std::string& topic, std::chrono::milliseconds timeout) override;
  void CreatePartitions(const std::string& topic, int total, bool validate_only,
                        std::chrono::milliseconds timeout) override;
  std::int64_t RetentionMs(const std::string& topic, std::chrono::milliseconds timeout) override;
  void SetRetentionMs(const std::string& topic, std::int64_t retention_ms, bool validate_only,
                      std::chrono::milliseconds timeout) override;

 private:
  std::shared_ptr<kafka_client::Client> client_;
};

}  // namespace webhook_receiver
