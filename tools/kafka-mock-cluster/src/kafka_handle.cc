#include "kafka_handle.h"

#include "mock_cluster/mock_cluster.h"

namespace mock_cluster {

rd_kafka_conf_t* NewKafkaConf(const std::map<std::string, std::string>& kv) {
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  char error[512];
  for (const auto& [key, value] : kv) {
    if (rd_kafka_conf_set(conf, key.c_str(), value.c_str(), error,
                          sizeof(error)) != RD_KAFKA_CONF_OK) {
      rd_kafka_conf_destroy(conf);
      throw MockClusterError("librdkafka config " + key + ": " + error);
    }
  }
  return conf;
}

KafkaHandle NewKafkaHandle(rd_kafka_type_t type, rd_kafka_conf_t* conf) {
  char error[512];
  // rd_kafka_new takes ownership of conf only on success.
  rd_kafka_t* rk = rd_kafka_new(type, conf, error, sizeof(error));
  if (rk == nullptr) {
    rd_kafka_conf_destroy(conf);
    throw MockClusterError(std::string("creating librdkafka handle: ") + error);
  }
  return KafkaHandle(rk);
}

}  // namespace mock_cluster
