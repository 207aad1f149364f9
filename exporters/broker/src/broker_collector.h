#pragma once
// The collector behind kafka-broker-exporter. Each cycle: one Metadata
// request, watermarks batched per leader broker (in parallel with the topic
// config refresh when enabled), the client's broker statistics; then the
// metrics. Every call is bounded by the cycle's deadline, with a margin so
// that a down broker fails its own partitions and the cycle still completes.
#include <cstdint>
#include <memory>
#include <vector>

#include "cluster_snapshot.h"
#include "cluster_source.h"
#include "exporter_kit/collector.h"
#include "topic_config_cache.h"
#include "topic_filter.h"

namespace broker_exporter {

class BrokerCollector : public exporter_kit::Collector {
 public:
  /// `topic_configs` may be null (topic config collection disabled).
  BrokerCollector(std::unique_ptr<ClusterSource> source, TopicFilter filter,
                  std::unique_ptr<TopicConfigCache> topic_configs);
  std::string Name() const override { return "broker"; }
  void Collect(const exporter_kit::CollectContext& context,
               exporter_kit::MetricWriter& out) override;

 private:
  ClusterSnapshot Gather(Deadline deadline);
  void FetchMetadata(Deadline deadline, ClusterSnapshot& snapshot);
  void WriteExporterMetrics(const ClusterSnapshot& snapshot,
                            exporter_kit::MetricWriter& out) const;

  std::unique_ptr<ClusterSource> source_;
  TopicFilter filter_;
  std::unique_ptr<TopicConfigCache> topic_configs_;
  std::vector<kafka_client::BrokerMetadata> last_brokers_;
  bool kafka_was_up_ = true;
  std::uint64_t cycles_ = 0;
};

/// \brief The part of a cycle's time budget the work may use: 90%, so
/// that results arrive before the runtime stops waiting.
Deadline WorkDeadline(const exporter_kit::CollectContext& context);

}  // namespace broker_exporter
