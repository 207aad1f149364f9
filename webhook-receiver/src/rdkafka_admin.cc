#include "rdkafka_admin.h"

#include <librdkafka/rdkafka.h>

#include <map>

#include "kafka_client/client.h"

namespace webhook_receiver {
namespace {

template <typename T, void (*Destroy)(T*)>
struct Deleter {
  void operator()(T* p) const {
    if (p != nullptr) Destroy(p);
  }
};
using Queue = std::unique_ptr<rd_kafka_queue_t, Deleter<rd_kafka_queue_t, rd_kafka_queue_destroy>>;
using Event = std::unique_ptr<rd_kafka_event_t, Deleter<rd_kafka_event_t, rd_kafka_event_destroy>>;
using Options = std::unique_ptr<rd_kafka_AdminOptions_t,
                                Deleter<rd_kafka_AdminOptions_t, rd_kafka_AdminOptions_destroy>>;
using Resource = std::unique_ptr<rd_kafka_ConfigResource_t,
                                 Deleter<rd_kafka_ConfigResource_t, rd_kafka_ConfigResource_destroy>>;

Options MakeOptions(rd_kafka_t* rk, rd_kafka_admin_op_t op, std::chrono::milliseconds timeout,
                    bool validate_only) {
  Options options(rd_kafka_AdminOptions_new(rk, op));
  char errstr[256];
  rd_kafka_AdminOptions_set_request_timeout(options.get(), static_cast<int>(timeout.count()),
                                            errstr, sizeof errstr);
  if (validate_only &&
      rd_kafka_AdminOptions_set_validate_only(options.get(), 1, errstr, sizeof errstr) != 0) {
    throw KafkaAdminError(errstr);
  }
  return options;
}

// Waits for the admin result; the request timeout bounds the broker side,
// the extra second covers librdkafka's own bookkeeping.
Event Await(rd_kafka_queue_t* queue, std::chrono::milliseconds timeout) {
  Event event(rd_kafka_queue_poll(queue, static_cast<int>(timeout.count()) + 1000));
  if (!event) throw KafkaAdminError("no answer within " + std::to_string(timeout.count()) + " ms");
  if (rd_kafka_event_error(event.get()) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    throw KafkaAdminError(rd_kafka_event_error_string(event.get()));
  }
  return event;
}

void CheckTopicResult(const rd_kafka_topic_result_t* result) {
  if (rd_kafka_topic_result_error(result) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    const char* message = rd_kafka_topic_result_error_string(result);
    throw KafkaAdminError(message ? message : rd_kafka_err2str(rd_kafka_topic_result_error(result)));
  }
}

void CheckResource(const rd_kafka_ConfigResource_t* resource) {
  if (rd_kafka_ConfigResource_error(resource) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    const char* message = rd_kafka_ConfigResource_error_string(resource);
    throw KafkaAdminError(message ? message
                                  : rd_kafka_err2str(rd_kafka_ConfigResource_error(resource)));
  }
}

// The topic's dynamic (per-topic, non-default) settings: what AlterConfigs
// must be given again so that it does not reset them.
std::map<std::string, std::string> DynamicConfigs(rd_kafka_t* rk, const std::string& topic,
                                                  std::chrono::milliseconds timeout) {
  Queue queue(rd_kafka_queue_new(rk));
  Resource resource(rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, topic.c_str()));
  rd_kafka_ConfigResource_t* resources[] = {resource.get()};
  Options options = MakeOptions(rk, RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS, timeout, false);
  rd_kafka_DescribeConfigs(rk, resources, 1, options.get(), queue.get());
  Event event = Await(queue.get(), timeout);
  const auto* result = rd_kafka_event_DescribeConfigs_result(event.get());
  size_t count = 0;
  const rd_kafka_ConfigResource_t** described =
      rd_kafka_DescribeConfigs_result_resources(result, &count);
  if (count != 1) throw KafkaAdminError("DescribeConfigs returned no result for " + topic);
  CheckResource(described[0]);
  size_t entries = 0;
  const rd_kafka_ConfigEntry_t** configs = rd_kafka_ConfigResource_configs(described[0], &entries);
  std::map<std::string, std::string> out;
  for (size_t i = 0; i < entries; ++i) {
    const char* value = rd_kafka_ConfigEntry_value(configs[i]);
    if (rd_kafka_ConfigEntry_source(configs[i]) == RD_KAFKA_CONFIG_SOURCE_DYNAMIC_TOPIC_CONFIG &&
        value != nullptr) {
      out[rd_kafka_ConfigEntry_name(configs[i])] = value;
    }
    // retention.ms is wanted whatever its source.
    if (std::string(rd_kafka_ConfigEntry_name(configs[i])) == "retention.ms" && value != nullptr) {
      out.emplace("retention.ms", value);
    }
  }
  return out;
}

}  // namespace

int RdKafkaAdmin::PartitionCount(const std::string& topic, std::chrono::milliseconds timeout) {
  rd_kafka_t* rk = client_->get();
  std::unique_ptr<rd_kafka_topic_t, Deleter<rd_kafka_topic_t, rd_kafka_topic_destroy>> handle(
      rd_kafka_topic_new(rk, topic.c_str(), nullptr));
  const rd_kafka_metadata_t* metadata = nullptr;
  rd_kafka_resp_err_t err =
      rd_kafka_metadata(rk, 0, handle.get(), &metadata, static_cast<int>(timeout.count()));
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) throw KafkaAdminError(rd_kafka_err2str(err));
  std::unique_ptr<const rd_kafka_metadata_t, decltype(&rd_kafka_metadata_destroy)> owned(
      metadata, &rd_kafka_metadata_destroy);
  if (metadata->topic_cnt != 1) throw KafkaAdminError("no metadata for topic " + topic);
  const rd_kafka_metadata_topic_t& t = metadata->topics[0];
  if (t.err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    throw KafkaAdminError(std::string(rd_kafka_err2str(t.err)) + ": " + topic);
  }
  return t.partition_cnt;
}

void RdKafkaAdmin::CreatePartitions(const std::string& topic, int total, bool validate_only,
                                    std::chrono::milliseconds timeout) {
  rd_kafka_t* rk = client_->get();
  char errstr[256];
  rd_kafka_NewPartitions_t* request =
      rd_kafka_NewPartitions_new(topic.c_str(), static_cast<size_t>(total), errstr, sizeof errstr);
  if (request == nullptr) throw KafkaAdminError(errstr);
  std::unique_ptr<rd_kafka_NewPartitions_t, Deleter<rd_kafka_NewPartitions_t, rd_kafka_NewPartitions_destroy>>
      owned(request);
  Queue queue(rd_kafka_queue_new(rk));
  Options options = MakeOptions(rk, RD_KAFKA_ADMIN_OP_CREATEPARTITIONS, timeout, validate_only);
  rd_kafka_CreatePartitions(rk, &request, 1, options.get(), queue.get());
  Event event = Await(queue.get(), timeout);
  size_t count = 0;
  const rd_kafka_topic_result_t** topics = rd_kafka_CreatePartitions_result_topics(
      rd_kafka_event_CreatePartitions_result(event.get()), &count);
  if (count != 1) throw KafkaAdminError("CreatePartitions returned no result for " + topic);
  CheckTopicResult(topics[0]);
}

std::int64_t RdKafkaAdmin::RetentionMs(const std::string& topic, std::chrono::milliseconds timeout) {
  auto configs = DynamicConfigs(client_->get(), topic, timeout);
  auto it = configs.find("retention.ms");
  if (it == configs.end()) throw KafkaAdminError("topic " + topic + " reports no retention.ms");
  return std::stoll(it->second);
}

void RdKafkaAdmin::SetRetentionMs(const std::string& topic, std::int64_t retention_ms,
                                  bool validate_only, std::chrono::milliseconds timeout) {
  rd_kafka_t* rk = client_->get();
  auto configs = DynamicConfigs(rk, topic, timeout);
  configs["retention.ms"] = std::to_string(retention_ms);
  Resource resource(rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, topic.c_str()));
  for (const auto& [name, value] : configs) {
    rd_kafka_ConfigResource_set_config(resource.get(), name.c_str(), value.c_str());
  }
  rd_kafka_ConfigResource_t* resources[] = {resource.get()};
  Queue queue(rd_kafka_queue_new(rk));
  Options options = MakeOptions(rk, RD_KAFKA_ADMIN_OP_ALTERCONFIGS, timeout, validate_only);
  rd_kafka_AlterConfigs(rk, resources, 1, options.get(), queue.get());
  Event event = Await(queue.get(), timeout);
  size_t count = 0;
  const rd_kafka_ConfigResource_t** altered = rd_kafka_AlterConfigs_result_resources(
      rd_kafka_event_AlterConfigs_result(event.get()), &count);
  if (count != 1) throw KafkaAdminError("AlterConfigs returned no result for " + topic);
  CheckResource(altered[0]);
}

}  // namespace webhook_receiver
