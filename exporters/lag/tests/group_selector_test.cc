#include "group_selector.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace lag_exporter {
namespace {

using ::testing::ElementsAre;

TEST(ShardTest, ParsesValidSpecs) {
  const auto shard = ParseShard("2/5");
  ASSERT_TRUE(shard.has_value());
  EXPECT_EQ(shard->index, 2u);
  EXPECT_EQ(shard->count, 5u);
}

TEST(ShardTest, RejectsBadSpecs) {
  for (const char* bad : {"", "1", "5/5", "1/0", "a/2", "1/2x", "-1/2", "/2",
                          "1/", "1/2/3"}) {
    EXPECT_FALSE(ParseShard(bad).has_value()) << bad;
  }
}

TEST(ShardTest, HashIsStableAcrossBuilds) {
  // FNV-1a 64 reference values: replicas of any build must agree.
  EXPECT_EQ(StableHash(""), 14695981039346656037ULL);
  EXPECT_EQ(StableHash("a"), 0xaf63dc4c8601ec8cULL);
}

TEST(ShardTest, EveryGroupHasExactlyOneOwner) {
  for (int g = 0; g < 500; ++g) {
    const std::string group = "group-" + std::to_string(g);
    int owners = 0;
    for (uint32_t i = 0; i < 4; ++i) owners += Shard{i, 4}.Owns(group) ? 1 : 0;
    EXPECT_EQ(owners, 1) << group;
  }
}

TEST(ShardTest, SplitIsRoughlyEven) {
  int counts[4] = {0, 0, 0, 0};
  for (int g = 0; g < 4000; ++g) {
    for (uint32_t i = 0; i < 4; ++i) {
      if (Shard{i, 4}.Owns("consumer-" + std::to_string(g))) ++counts[i];
    }
  }
  for (int c : counts) EXPECT_NEAR(c, 1000, 150);
}

TEST(GroupSelectorTest, FiltersDiscoveredGroupsAndKeepsExplicitOnes) {
  GroupSelector selector({"billing", "audit"}, "app-.*", "app-test-.*", {});
  EXPECT_THAT(selector.Select({"app-orders", "app-test-1", "other", "billing"}),
              ElementsAre("app-orders", "audit", "billing"));
}

TEST(GroupSelectorTest, RegexMustMatchTheWholeName) {
  GroupSelector selector({}, "app", "^$", {});
  EXPECT_THAT(selector.Select({"app", "myapp", "app2"}), ElementsAre("app"));
}

TEST(GroupSelectorTest, ShardAppliesToExplicitGroupsToo) {
  std::vector<std::string> all;
  for (int g = 0; g < 50; ++g) all.push_back("g" + std::to_string(g));
  std::size_t total = 0;
  for (uint32_t i = 0; i < 3; ++i) {
    GroupSelector selector(all, ".*", "^$", Shard{i, 3});
    total += selector.Select({}).size();
  }
  EXPECT_EQ(total, all.size());
}

}  // namespace
}  // namespace lag_exporter
