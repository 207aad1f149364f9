#include "scale_scenario.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mock_cluster {
namespace {

using ::testing::HasSubstr;

constexpr int64_t kNow = 1'800'000'000'000;

TEST(MakeScaleScenarioTest, ShapeNamesAndLags) {
  const Scenario s = MakeScaleScenario(
      ScaleOptions{.topics = 3, .partitions = 7, .messages = 5, .groups = 8}, 4,
      kNow);
  EXPECT_EQ(s.brokers, 4);
  ASSERT_EQ(s.topics.size(), 3u);
  EXPECT_EQ(s.topics[2].name, "scale-topic-0002");
  EXPECT_EQ(s.topics[2].partitions, 7);
  ASSERT_EQ(s.topics[0].messages.size(), 1u);
  EXPECT_EQ(s.topics[0].messages[0].records.count, 5);
  EXPECT_EQ(s.topics[0].messages[0].records.timestamp_ms, kNow - 600'000);
  EXPECT_EQ(s.topics[0].messages[0].records.last_timestamp_ms, kNow);
  ASSERT_EQ(s.groups.size(), 8u);
  EXPECT_EQ(s.groups[7].name, "scale-group-0007");
  EXPECT_EQ(s.groups[7].topics[0].topic, "scale-topic-0001");  // 7 % 3
  EXPECT_EQ(s.groups[7].topics[0].lag, 1);                     // 7 % 6
  EXPECT_EQ(s.groups[5].topics[0].lag, 5);
  EXPECT_TRUE(s.producers.empty());
}

TEST(MakeScaleScenarioTest, NoMessagesMeansNoHistory) {
  const Scenario s =
      MakeScaleScenario(ScaleOptions{.topics = 1, .messages = 0}, 3, kNow);
  EXPECT_TRUE(s.topics[0].messages.empty());
}

TEST(MakeScaleScenarioTest, OutOfRangeNamesTheFlag) {
  auto error_of = [](ScaleOptions options, int brokers = 3) {
    try {
      MakeScaleScenario(options, brokers, kNow);
    } catch (const ScenarioError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(error_of({.topics = 1001}),
            "--scale.topics: must be in [1, 1000], got 1001");
  EXPECT_THAT(error_of({.topics = 1, .partitions = 0}),
              HasSubstr("--scale.partitions: must be in"));
  EXPECT_THAT(error_of({.topics = 1, .messages = -1}),
              HasSubstr("--scale.messages: must be in"));
  EXPECT_THAT(error_of({.topics = 1, .groups = -2}),
              HasSubstr("--scale.groups: must be in"));
  EXPECT_THAT(error_of({.topics = 1000, .partitions = 10'000}),
              HasSubstr("--scale.topics x --scale.partitions"));
  EXPECT_THAT(error_of({.topics = 1}, 0), HasSubstr("--brokers: must be in"));
}

}  // namespace
}  // namespace mock_cluster
