#pragma once
// The Kafka admin operations the kafka actions need, behind an interface:
// librdkafka's mock cluster implements none of them, so tests use a
// FakeKafkaAdmin and production uses RdKafkaAdmin.
#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace webhook_receiver {

class KafkaAdminError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class KafkaAdmin {
 public:
  virtual ~KafkaAdmin() = default;
  /// All calls throw KafkaAdminError (unknown topic, broker error, timeout).
  virtual int PartitionCount(const std::string& topic,
                             std::chrono::milliseconds timeout) = 0;
  /// Raises the topic's partition count to `total`; with validate_only the
  /// broker checks the request without applying it.
  virtual void CreatePartitions(const std::string& topic, int total,
                                bool validate_only,
                                std::chrono::milliseconds timeout) = 0;
  virtual std::int64_t RetentionMs(const std::string& topic,
                                   std::chrono::milliseconds timeout) = 0;
  virtual void SetRetentionMs(const std::string& topic, std::int64_t retention_ms,
                              bool validate_only,
                              std::chrono::milliseconds timeout) = 0;
};

}  // namespace webhook_receiver
