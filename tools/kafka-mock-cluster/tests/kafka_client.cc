#include "kafka_client.h"

#include <stdexcept>

namespace mock_cluster::testing {
namespace {

constexpr int kTimeoutMs = 5000;

void Check(rd_kafka_resp_err_t err, const std::string& what) {
  if (err) throw std::runtime_error(what + ": " + rd_kafka_err2str(err));
}

}  // namespace

KafkaClient::KafkaClient(const std::string& bootstrap,
                         const std::string& group) {
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  char error[512];
  for (const auto& [key, value] :
       std::map<std::string, std::string>{{"bootstrap.servers", bootstrap},
                                          {"group.id", group},
                                          {"enable.auto.commit", "false"},
                                          {"log_level", "0"}}) {
    if (rd_kafka_conf_set(conf, key.c_str(), value.c_str(), error,
                          sizeof(error)) != RD_KAFKA_CONF_OK) {
      throw std::runtime_error(error);
    }
  }
  rk_ = rd_kafka_new(RD_KAFKA_CONSUMER, conf, error, sizeof(error));
  if (rk_ == nullptr) throw std::runtime_error(error);
}

KafkaClient::~KafkaClient() { rd_kafka_destroy(rk_); }

std::vector<int32_t> KafkaClient::Brokers() {
  std::vector<int32_t> ids;
  for (const auto& entry : BrokerAddresses()) ids.push_back(entry.first);
  return ids;
}

std::map<int32_t, std::string> KafkaClient::BrokerAddresses() {
  const rd_kafka_metadata_t* metadata = nullptr;
  Check(rd_kafka_metadata(rk_, 1, nullptr, &metadata, kTimeoutMs), "metadata");
  std::map<int32_t, std::string> addresses;
  for (int i = 0; i < metadata->broker_cnt; ++i) {
    const auto& broker = metadata->brokers[i];
    addresses[broker.id] =
        std::string(broker.host) + ":" + std::to_string(broker.port);
  }
  rd_kafka_metadata_destroy(metadata);
  return addresses;
}

std::map<std::string, TopicInfo> KafkaClient::Topics() {
  const rd_kafka_metadata_t* metadata = nullptr;
  Check(rd_kafka_metadata(rk_, 1, nullptr, &metadata, kTimeoutMs), "metadata");
  std::map<std::string, TopicInfo> topics;
  for (int t = 0; t < metadata->topic_cnt; ++t) {
    const auto& topic = metadata->topics[t];
    TopicInfo& info = topics[topic.topic];
    info.error = topic.err;
    info.partitions.resize(topic.partition_cnt);
    for (int p = 0; p < topic.partition_cnt; ++p) {
      const rd_kafka_metadata_partition_t& part = topic.partitions[p];
      info.partitions.at(part.id).leader = part.leader;
      info.partitions.at(part.id).replicas.assign(
          part.replicas, part.replicas + part.replica_cnt);
    }
  }
  rd_kafka_metadata_destroy(metadata);
  return topics;
}

std::pair<int64_t, int64_t> KafkaClient::Watermarks(const std::string& topic,
                                                    int32_t partition) {
  int64_t result[2];
  const int64_t logical[2] = {RD_KAFKA_OFFSET_BEGINNING, RD_KAFKA_OFFSET_END};
  for (int i = 0; i < 2; ++i) {
    rd_kafka_topic_partition_list_t* list =
        rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(list, topic.c_str(), partition)->offset =
        logical[i];
    rd_kafka_resp_err_t err = rd_kafka_offsets_for_times(rk_, list, kTimeoutMs);
    if (!err) err = list->elems[0].err;
    result[i] = list->elems[0].offset;
    rd_kafka_topic_partition_list_destroy(list);
    Check(err, "watermarks of " + topic);
  }
  return {result[0], result[1]};
}

std::map<int32_t, int64_t> KafkaClient::Committed(
    const std::string& topic, const std::vector<int32_t>& partitions) {
  rd_kafka_topic_partition_list_t* list =
      rd_kafka_topic_partition_list_new(static_cast<int>(partitions.size()));
  for (int32_t p : partitions) {
    rd_kafka_topic_partition_list_add(list, topic.c_str(), p);
  }
  rd_kafka_resp_err_t err = rd_kafka_committed(rk_, list, kTimeoutMs);
  std::map<int32_t, int64_t> offsets;
  for (int i = 0; i < list->cnt; ++i) {
    offsets[list->elems[i].partition] = list->elems[i].offset;
  }
  rd_kafka_topic_partition_list_destroy(list);
  Check(err, "committed offsets");
  return offsets;
}

std::vector<int64_t> KafkaClient::ReadTimestamps(const std::string& topic,
                                                 int32_t partition, int count) {
  rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(1);
  rd_kafka_topic_partition_list_add(list, topic.c_str(), partition)->offset =
      RD_KAFKA_OFFSET_BEGINNING;
  rd_kafka_resp_err_t err = rd_kafka_assign(rk_, list);
  rd_kafka_topic_partition_list_destroy(list);
  Check(err, "assign");
  std::vector<int64_t> timestamps;
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(kTimeoutMs);
  while (static_cast<int>(timestamps.size()) < count &&
         std::chrono::steady_clock::now() < deadline) {
    rd_kafka_message_t* message = rd_kafka_consumer_poll(rk_, 100);
    if (message == nullptr) continue;
    if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      rd_kafka_timestamp_type_t type;
      const int64_t timestamp = rd_kafka_message_timestamp(message, &type);
      timestamps.push_back(type == RD_KAFKA_TIMESTAMP_CREATE_TIME ? timestamp
                                                                  : -1);
    }
    rd_kafka_message_destroy(message);
  }
  rd_kafka_assign(rk_, nullptr);
  return timestamps;
}

}  // namespace mock_cluster::testing
