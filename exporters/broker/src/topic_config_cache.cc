#include "topic_config_cache.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "exporter_kit/duration.h"

namespace broker_exporter {

TopicConfigCache::TopicConfigCache(std::unique_ptr<TopicConfigSource> source,
                                   std::chrono::milliseconds refresh_interval)
    : source_(std::move(source)), refresh_interval_(refresh_interval) {}

bool TopicConfigCache::Due(std::span<const std::string> topics,
                           std::chrono::steady_clock::time_point now) const {
  if (now >= next_attempt_) return true;
  // New topics are worth an early refresh, unless the source is failing.
  return healthy_.value_or(false) &&
         std::any_of(topics.begin(), topics.end(), [&](const auto& topic) {
           return !described_.contains(topic);
         });
}

const TopicConfigs& TopicConfigCache::Get(
    std::span<const std::string> topics,
    std::chrono::steady_clock::time_point deadline) {
  const auto now = std::chrono::steady_clock::now();
  if (!Due(topics, now)) return configs_;
  next_attempt_ = now + refresh_interval_;
  try {
    configs_ = source_->Describe(topics, deadline);
    described_ = {topics.begin(), topics.end()};
    if (healthy_ == false) spdlog::info("topic configs readable again");
    healthy_ = true;
  } catch (const std::exception& e) {
    if (healthy_ != false) {
      spdlog::warn(
          "cannot read topic configs ({}); min.insync.replicas and retention "
          "metrics keep their last known values; retrying every {}",
          e.what(), exporter_kit::FormatDuration(refresh_interval_));
    }
    healthy_ = false;
  }
  return configs_;
}

}  // namespace broker_exporter
