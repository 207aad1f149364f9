#include "topic_config_source.h"

#include <array>
#include <vector>

#include "kafka_client/kafka_error.h"
#include "parse_number.h"

namespace broker_exporter {
namespace {

using kafka_client::KafkaError;

template <typename T>
std::optional<T> ParseConfigNumber(const char* value) {
  if (value == nullptr) return std::nullopt;
  return ParseNumber<T>(value);
}

struct ResourceDeleter {
  void operator()(rd_kafka_ConfigResource_t* r) const {
    rd_kafka_ConfigResource_destroy(r);
  }
};
struct OptionsDeleter {
  void operator()(rd_kafka_AdminOptions_t* o) const {
    rd_kafka_AdminOptions_destroy(o);
  }
};
struct QueueDeleter {
  void operator()(rd_kafka_queue_t* q) const { rd_kafka_queue_destroy(q); }
};
struct EventDeleter {
  void operator()(rd_kafka_event_t* e) const { rd_kafka_event_destroy(e); }
};

TopicConfigs ReadResult(rd_kafka_event_t* event) {
  const auto* result = rd_kafka_event_DescribeConfigs_result(event);
  std::size_t count = 0;
  const auto** resources =
      rd_kafka_DescribeConfigs_result_resources(result, &count);
  TopicConfigs configs;
  for (std::size_t i = 0; i < count; ++i) {
    if (rd_kafka_ConfigResource_error(resources[i]) !=
        RD_KAFKA_RESP_ERR_NO_ERROR) {
      continue;
    }
    TopicConfig config;
    std::size_t entries = 0;
    const auto** entry = rd_kafka_ConfigResource_configs(resources[i], &entries);
    for (std::size_t j = 0; j < entries; ++j) {
      ApplyConfigEntry(rd_kafka_ConfigEntry_name(entry[j]),
                       rd_kafka_ConfigEntry_value(entry[j]), config);
    }
    configs.emplace(rd_kafka_ConfigResource_name(resources[i]),
                    std::move(config));
  }
  return configs;
}

}  // namespace

void ApplyConfigEntry(std::string_view name, const char* value,
                      TopicConfig& config) {
  if (name == "min.insync.replicas") {
    config.min_insync_replicas = ParseConfigNumber<int>(value);
  } else if (name == "retention.ms") {
    config.retention_ms = ParseConfigNumber<std::int64_t>(value);
  } else if (name == "retention.bytes") {
    config.retention_bytes = ParseConfigNumber<std::int64_t>(value);
  } else if (name == "cleanup.policy" && value != nullptr) {
    config.cleanup_policy = value;
  }
}

TopicConfigs KafkaTopicConfigSource::Describe(
    std::span<const std::string> topics,
    std::chrono::steady_clock::time_point deadline) {
  const auto remaining = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
  if (remaining.count() <= 0) {
    throw KafkaError("DescribeConfigs", RD_KAFKA_RESP_ERR__TIMED_OUT);
  }
  if (topics.empty()) return {};
  rd_kafka_t* handle = client_->get();
  std::vector<std::unique_ptr<rd_kafka_ConfigResource_t, ResourceDeleter>> owned;
  std::vector<rd_kafka_ConfigResource_t*> resources;
  for (const auto& topic : topics) {
    owned.emplace_back(
        rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, topic.c_str()));
    resources.push_back(owned.back().get());
  }
  std::unique_ptr<rd_kafka_AdminOptions_t, OptionsDeleter> options(
      rd_kafka_AdminOptions_new(handle, RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS));
  std::array<char, 256> error{};
  const int timeout_ms = static_cast<int>(remaining.count());
  rd_kafka_AdminOptions_set_request_timeout(options.get(), timeout_ms,
                                            error.data(), error.size());
  std::unique_ptr<rd_kafka_queue_t, QueueDeleter> queue(
      rd_kafka_queue_new(handle));
  rd_kafka_DescribeConfigs(handle, resources.data(), resources.size(),
                           options.get(), queue.get());
  std::unique_ptr<rd_kafka_event_t, EventDeleter> event(
      rd_kafka_queue_poll(queue.get(), timeout_ms));
  if (!event) throw KafkaError("DescribeConfigs", RD_KAFKA_RESP_ERR__TIMED_OUT);
  if (const auto err = rd_kafka_event_error(event.get());
      err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    throw KafkaError("DescribeConfigs", err);
  }
  return ReadResult(event.get());
}

}  // namespace broker_exporter
