#include "topic_config_source.h"

#include <gtest/gtest.h>

namespace broker_exporter {
namespace {

TEST(ApplyConfigEntryTest, ReadsTheFactsAlertsNeed) {
  TopicConfig config;
  ApplyConfigEntry("min.insync.replicas", "2", config);
  ApplyConfigEntry("retention.ms", "-1", config);
  ApplyConfigEntry("retention.bytes", "1073741824", config);
  ApplyConfigEntry("cleanup.policy", "compact,delete", config);
  ApplyConfigEntry("segment.bytes", "1024", config);  // not needed: ignored
  EXPECT_EQ(config.min_insync_replicas, 2);
  EXPECT_EQ(config.retention_ms, -1);
  EXPECT_EQ(config.retention_bytes, 1073741824);
  EXPECT_EQ(config.cleanup_policy, "compact,delete");
}

TEST(ApplyConfigEntryTest, UnparsableOrMissingValuesStayUnknown) {
  TopicConfig config;
  ApplyConfigEntry("min.insync.replicas", "two", config);
  ApplyConfigEntry("retention.ms", "", config);
  ApplyConfigEntry("retention.bytes", nullptr, config);
  ApplyConfigEntry("cleanup.policy", nullptr, config);
  ApplyConfigEntry("min.insync.replicas", "2x", config);
  EXPECT_EQ(config.min_insync_replicas, std::nullopt);
  EXPECT_EQ(config.retention_ms, std::nullopt);
  EXPECT_EQ(config.retention_bytes, std::nullopt);
  EXPECT_EQ(config.cleanup_policy, "");
}

}  // namespace
}  // namespace broker_exporter
