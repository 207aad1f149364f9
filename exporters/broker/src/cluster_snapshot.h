#pragma once
// Everything one collection cycle learned about the cluster, before it is
// written out as metrics.
#include <cstdint>
#include <optional>
#include <vector>

#include "kafka_client/metadata.h"
#include "kafka_client/statistics.h"
#include "kafka_client/watermarks.h"
#include "topic_config_source.h"

namespace broker_exporter {

struct ClusterSnapshot {
  /// The Metadata request was answered this cycle.
  bool up = false;
  /// Brokers, and only the topics that pass the topic filter.
  kafka_client::ClusterMetadata metadata;
  /// One result per partition of `metadata.topics`, topic by topic in order.
  std::vector<kafka_client::WatermarkResult> watermarks;
  /// The client's latest broker connection view.
  std::optional<kafka_client::ClientStatistics> statistics;
  /// Topic configs; null when their collection is disabled.
  const TopicConfigs* topic_configs = nullptr;
  /// Whether the last DescribeConfigs attempt worked (when enabled).
  std::optional<bool> topic_configs_healthy;
};

}  // namespace broker_exporter
