#include "topic_filter.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "exporter_kit/config.h"

namespace broker_exporter {
namespace {

TEST(TopicFilterTest, DefaultsAcceptEverythingButInternalTopics) {
  const TopicFilter filter(".*", "^$", false);
  EXPECT_TRUE(filter.Matches("orders"));
  EXPECT_TRUE(filter.Matches("_schemas"));
  EXPECT_FALSE(filter.Matches("__consumer_offsets"));
  EXPECT_FALSE(filter.Matches("__transaction_state"));
}

TEST(TopicFilterTest, InternalTopicsWhenAsked) {
  EXPECT_TRUE(TopicFilter(".*", "^$", true).Matches("__consumer_offsets"));
}

TEST(TopicFilterTest, FilterAndExcludeMatchWholeNames) {
  const TopicFilter filter("orders.*", "orders-dlq", false);
  EXPECT_TRUE(filter.Matches("orders"));
  EXPECT_TRUE(filter.Matches("orders-v2"));
  EXPECT_FALSE(filter.Matches("orders-dlq"));
  EXPECT_FALSE(filter.Matches("old-orders"));  // no partial match
}

TEST(TopicFilterTest, BadRegexIsAConfigErrorNamingTheFlag) {
  try {
    TopicFilter("orders(", "^$", false);
    FAIL() << "expected ConfigError";
  } catch (const exporter_kit::ConfigError& e) {
    EXPECT_THAT(e.what(), ::testing::HasSubstr("--topic.filter"));
  }
  EXPECT_THROW(TopicFilter(".*", "[", false), exporter_kit::ConfigError);
}

}  // namespace
}  // namespace broker_exporter
