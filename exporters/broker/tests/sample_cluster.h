#pragma once
// A small cluster in states the librdkafka mock cannot produce: a shrunk ISR,
// an offline partition, a non-preferred leader, a known controller, a broker
// whose connection is down, and topic configs.
#include "kafka_client/metadata.h"
#include "kafka_client/statistics.h"
#include "kafka_client/watermarks.h"
#include "topic_config_source.h"

namespace broker_exporter::sample {

inline kafka_client::ClusterMetadata Metadata() {
  kafka_client::ClusterMetadata m;
  m.brokers = {{1, "kafka-1", 9092}, {2, "kafka-2", 9092}, {3, "kafka-3", 9092}};
  m.controller_id = 2;
  m.topics = {
      {"__consumer_offsets", RD_KAFKA_RESP_ERR_NO_ERROR,
       {{0, 1, {1, 2, 3}, {1, 2, 3}, RD_KAFKA_RESP_ERR_NO_ERROR}}},
      {"orders", RD_KAFKA_RESP_ERR_NO_ERROR,
       {{0, 1, {1, 2, 3}, {1, 2, 3}, RD_KAFKA_RESP_ERR_NO_ERROR},
        {1, 2, {2, 3, 1}, {2}, RD_KAFKA_RESP_ERR_NO_ERROR},  // ISR shrunk
        {2, -1, {3, 1, 2}, {}, RD_KAFKA_RESP_ERR_NO_ERROR}}},  // offline
      {"payments", RD_KAFKA_RESP_ERR_NO_ERROR,
       {{0, 3, {1, 3}, {1, 3}, RD_KAFKA_RESP_ERR_NO_ERROR}}},  // not preferred
  };
  return m;
}

inline kafka_client::WatermarkResult Offsets(std::int64_t low,
                                             std::int64_t high) {
  return {low, high, RD_KAFKA_RESP_ERR_NO_ERROR};
}

/// Offsets by "topic/partition"; orders/1 (led by the down broker 2) and
/// the offline orders/2 have none.
inline std::map<std::string, kafka_client::WatermarkResult> Watermarks() {
  return {{"__consumer_offsets/0", Offsets(0, 100)},
          {"orders/0", Offsets(5, 42)},
          {"payments/0", Offsets(0, 7)}};
}

inline kafka_client::ClientStatistics Statistics() {
  kafka_client::ClientStatistics s;
  kafka_client::BrokerStatistics one;
  one.node_id = 1;
  one.state = "UP";
  one.requests_sent = 40;
  one.rtt_samples = 10;
  one.rtt_average_seconds = 0.002;
  one.rtt_p99_seconds = 0.008;
  kafka_client::BrokerStatistics two;
  two.node_id = 2;
  two.state = "TRY_CONNECT";
  two.requests_sent = 12;
  kafka_client::BrokerStatistics three;
  three.node_id = 3;
  three.state = "UP";
  three.requests_sent = 30;
  s.brokers = {one, two, three};
  return s;
}

inline TopicConfigs Configs() {
  TopicConfigs configs;
  configs["orders"] = {2, 604800000, -1, "delete"};
  configs["payments"] = {1, -1, 1073741824, "compact"};
  return configs;
}

}  // namespace broker_exporter::sample
