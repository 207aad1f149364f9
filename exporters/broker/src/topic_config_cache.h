#pragma once
// Topic configs change rarely and DescribeConfigs is not free, so they are
// re-read every refresh interval (or when new topics appear) and reused in
// between. A failure (an old broker, ACLs, the librdkafka mock, which never
// answers) is logged once, keeps the last good configs, and is retried only
// after the refresh interval, so it never stalls every cycle.
#include <chrono>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>

#include "topic_config_source.h"

namespace broker_exporter {

class TopicConfigCache {
 public:
  TopicConfigCache(std::unique_ptr<TopicConfigSource> source,
                   std::chrono::milliseconds refresh_interval);

  /// Refreshes if due; returns the configs to report this cycle.
  const TopicConfigs& Get(std::span<const std::string> topics,
                          std::chrono::steady_clock::time_point deadline);
  /// Whether the last attempt succeeded (nullopt before the first).
  std::optional<bool> healthy() const { return healthy_; }

 private:
  bool Due(std::span<const std::string> topics,
           std::chrono::steady_clock::time_point now) const;

  std::unique_ptr<TopicConfigSource> source_;
  std::chrono::milliseconds refresh_interval_;
  std::chrono::steady_clock::time_point next_attempt_{};
  std::optional<bool> healthy_;
  TopicConfigs configs_;
  /// Topics asked for in the last successful refresh (some may have no
  /// config: they are not asked for again until the next refresh).
  std::set<std::string, std::less<>> described_;
};

}  // namespace broker_exporter
