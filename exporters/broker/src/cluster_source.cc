#include "cluster_source.h"

#include "kafka_client/kafka_error.h"

namespace broker_exporter {

kafka_client::ClusterMetadata KafkaClusterSource::Metadata(Deadline deadline) {
  const auto remaining = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
  if (remaining.count() <= 0) {
    throw kafka_client::KafkaError("metadata request",
                                   RD_KAFKA_RESP_ERR__TIMED_OUT);
  }
  return kafka_client::FetchMetadata(client_->get(), remaining);
}

std::vector<kafka_client::WatermarkResult> KafkaClusterSource::Watermarks(
    std::span<const kafka_client::PartitionRef> partitions, Deadline deadline) {
  return kafka_client::FetchWatermarks(client_->get(), partitions, deadline);
}

std::optional<kafka_client::ClientStatistics> KafkaClusterSource::Statistics() {
  auto snapshot = client_->Statistics();
  if (!snapshot) return std::nullopt;
  return std::move(snapshot->statistics);
}

}  // namespace broker_exporter
