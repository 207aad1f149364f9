#pragma once
#include <chrono>
#include <string>

namespace broker_exporter {

/// \brief The opt-in end-to-end canary (--canary.*).
struct CanaryOptions {
  bool enabled = false;
  std::string topic = "kafka-broker-exporter-canary";
  /// Create the topic (one partition per broker) when it is missing.
  bool create_topic = true;
  /// One message per canary partition every interval.
  std::chrono::milliseconds interval{std::chrono::seconds(1)};
  /// A message not acknowledged, or not consumed back, within this fails.
  std::chrono::milliseconds timeout{std::chrono::seconds(10)};
  /// How often the topic's partitions and leaders are re-read.
  std::chrono::milliseconds metadata_refresh{std::chrono::minutes(1)};
};

}  // namespace broker_exporter
