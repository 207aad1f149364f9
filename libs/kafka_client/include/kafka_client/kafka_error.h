#pragma once
#include <librdkafka/rdkafka.h>

#include <stdexcept>
#include <string>

namespace kafka_client {

/// \brief A failed Kafka request; the message names the request and the
/// librdkafka error, code() gives the error for metrics and retries.
class KafkaError : public std::runtime_error {
 public:
  KafkaError(const std::string& what, rd_kafka_resp_err_t code)
      : std::runtime_error(what + ": " + rd_kafka_err2str(code)), code_(code) {}
  rd_kafka_resp_err_t code() const { return code_; }

 private:
  rd_kafka_resp_err_t code_;
};

}  // namespace kafka_client
