#pragma once
// Topic configuration facts that alerts need (min.insync.replicas, retention,
// cleanup policy), read with DescribeConfigs. An interface because the
// librdkafka mock cannot answer DescribeConfigs (it times out), so tests of
// the metrics built on it use a fake.
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "kafka_client/client.h"

namespace broker_exporter {

struct TopicConfig {
  std::optional<int> min_insync_replicas;
  std::optional<std::int64_t> retention_ms;     ///< -1: unlimited
  std::optional<std::int64_t> retention_bytes;  ///< -1: unlimited
  std::string cleanup_policy;                   ///< "delete", "compact", ...
};

using TopicConfigs = std::map<std::string, TopicConfig, std::less<>>;

class TopicConfigSource {
 public:
  virtual ~TopicConfigSource() = default;
  /// Configs of `topics` (a topic the cluster could not describe is left
  /// out); throws kafka_client::KafkaError when the request as a whole fails
  /// or is not answered by `deadline`.
  virtual TopicConfigs Describe(std::span<const std::string> topics,
                                std::chrono::steady_clock::time_point deadline) = 0;
};

/// \brief DescribeConfigs over a librdkafka handle, all topics in one request.
class KafkaTopicConfigSource : public TopicConfigSource {
 public:
  explicit KafkaTopicConfigSource(std::shared_ptr<kafka_client::Client> client)
      : client_(std::move(client)) {}
  TopicConfigs Describe(std::span<const std::string> topics,
                        std::chrono::steady_clock::time_point deadline) override;

 private:
  std::shared_ptr<kafka_client::Client> client_;
};

/// \brief Parses one config entry into `config`; unknown names are ignored,
/// unparsable numbers leave the field unset.
void ApplyConfigEntry(std::string_view name, const char* value,
                      TopicConfig& config);

}  // namespace broker_exporter
