#pragma once
// Where the collector gets the cluster's state from. The real source talks
// Kafka through kafka_client; tests of what the librdkafka mock cannot show
// (ISR shrink, a known controller) use a fake behind this interface.
#include <chrono>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "kafka_client/client.h"
#include "kafka_client/metadata.h"
#include "kafka_client/watermarks.h"

namespace broker_exporter {

using Deadline = std::chrono::steady_clock::time_point;

class ClusterSource {
 public:
  virtual ~ClusterSource() = default;
  /// One Metadata request; throws kafka_client::KafkaError if no broker
  /// answers by `deadline`.
  virtual kafka_client::ClusterMetadata Metadata(Deadline deadline) = 0;
  /// Watermarks in input order; failures are per partition, never thrown.
  virtual std::vector<kafka_client::WatermarkResult> Watermarks(
      std::span<const kafka_client::PartitionRef> partitions,
      Deadline deadline) = 0;
  /// The client's latest view of broker connections, if any yet.
  virtual std::optional<kafka_client::ClientStatistics> Statistics() = 0;
};

/// \brief The real source over a long-lived kafka_client::Client.
class KafkaClusterSource : public ClusterSource {
 public:
  explicit KafkaClusterSource(std::shared_ptr<kafka_client::Client> client)
      : client_(std::move(client)) {}
  kafka_client::ClusterMetadata Metadata(Deadline deadline) override;
  std::vector<kafka_client::WatermarkResult> Watermarks(
      std::span<const kafka_client::PartitionRef> partitions,
      Deadline deadline) override;
  std::optional<kafka_client::ClientStatistics> Statistics() override;

 private:
  std::shared_ptr<kafka_client::Client> client_;
};

}  // namespace broker_exporter
