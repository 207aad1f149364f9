// Discovery and describe policy, through the GroupDirectory interface with
// a fake: the librdkafka mock implements neither ListConsumerGroups nor a
// safe DescribeConsumerGroups, so a real peer cannot answer these cases.
#include "group_source.h"

#include <gtest/gtest.h>

#include <memory>

namespace lag_exporter {
namespace {

using kafka_client::GroupDescription;
using kafka_client::GroupDiscovery;
using Outcome = kafka_client::GroupDiscovery::Outcome;
using namespace std::chrono_literals;

// FakeGroupDirectory: answers as configured and counts calls.
class FakeGroupDirectory : public kafka_client::GroupDirectory {
 public:
  struct Calls {
    int list = 0;
    int describe = 0;
  };
  FakeGroupDirectory(GroupDiscovery answer, std::shared_ptr<Calls> calls)
      : answer_(std::move(answer)), calls_(std::move(calls)) {}

  GroupDiscovery ListGroups(kafka_client::Deadline) override {
    ++calls_->list;
    return answer_;
  }
  std::vector<GroupDescription> DescribeGroups(
      std::span<const std::string> groups, kafka_client::Deadline) override {
    ++calls_->describe;
    std::vector<GroupDescription> out;
    for (const auto& g : groups) {
      out.push_back({g, RD_KAFKA_RESP_ERR_NO_ERROR, "Stable",
                     g == "idle" ? 0 : 3});
    }
    return out;
  }

 private:
  GroupDiscovery answer_;
  std::shared_ptr<Calls> calls_;
};

struct Harness {
  explicit Harness(GroupDiscovery answer, GroupSourceOptions options = {})
      : calls(std::make_shared<FakeGroupDirectory::Calls>()),
        source(std::make_unique<FakeGroupDirectory>(std::move(answer), calls),
               options) {}
  std::shared_ptr<FakeGroupDirectory::Calls> calls;
  GroupSource source;
};

const auto kNow = std::chrono::steady_clock::time_point(100h);
const auto kDeadline = kNow + 5s;

GroupDiscovery Listed(Outcome outcome) {
  GroupDiscovery d;
  d.outcome = outcome;
  d.groups = {{"app", "Stable", false}, {"idle", "Empty", false}};
  return d;
}

TEST(GroupSourceTest, UnsupportedDiscoveryNeverDescribesAndRetriesLater) {
  GroupDiscovery unsupported;
  unsupported.outcome = Outcome::kUnsupported;
  unsupported.error = "Broker: Unsupported feature";
  GroupSourceOptions options;
  options.describe = DescribeMode::kAlways;  // even when forced
  options.discovery_retry = 10min;
  Harness h(unsupported, options);

  EXPECT_TRUE(h.source.Discover(kNow, kDeadline).empty());
  EXPECT_EQ(h.source.discovery_supported(), false);
  const auto facts = h.source.Facts({"billing"}, kDeadline);
  EXPECT_EQ(h.calls->describe, 0);
  EXPECT_FALSE(facts.count("billing") && facts.at("billing").members);
  EXPECT_FALSE(h.source.describe_ran());

  // No error loop: not asked again before the retry interval.
  h.source.Discover(kNow + 1min, kDeadline);
  EXPECT_EQ(h.calls->list, 1);
  EXPECT_EQ(h.source.requests(), 0);
  h.source.Discover(kNow + 11min, kDeadline);
  EXPECT_EQ(h.calls->list, 2);
}

TEST(GroupSourceTest, AutoDescribesOnlyAfterDiscoveryWorked) {
  Harness h(Listed(Outcome::kOk));
  EXPECT_FALSE(h.source.discovery_supported().has_value());
  const auto groups = h.source.Discover(kNow, kDeadline);
  EXPECT_EQ(groups, (std::vector<std::string>{"app", "idle"}));
  const auto facts = h.source.Facts(groups, kDeadline);
  EXPECT_EQ(h.calls->describe, 1);
  EXPECT_EQ(facts.at("app").members, 3);
  EXPECT_EQ(facts.at("app").membership, Membership::kActiveMembers);
  EXPECT_EQ(facts.at("idle").membership, Membership::kNoMembers);
  EXPECT_TRUE(h.source.describe_ran());
}

TEST(GroupSourceTest, NeverModeUsesListingStateOnly) {
  GroupSourceOptions options;
  options.describe = DescribeMode::kNever;
  Harness h(Listed(Outcome::kOk), options);
  const auto groups = h.source.Discover(kNow, kDeadline);
  const auto facts = h.source.Facts(groups, kDeadline);
  EXPECT_EQ(h.calls->describe, 0);
  EXPECT_EQ(facts.at("app").membership, Membership::kActiveMembers);
  EXPECT_FALSE(facts.at("app").members.has_value());
}

TEST(GroupSourceTest, FailedDiscoveryIsRetriedNextCycleWithoutDescribe) {
  GroupDiscovery failed;
  failed.outcome = Outcome::kFailed;
  failed.error = "timed out";
  Harness h(failed);
  EXPECT_TRUE(h.source.Discover(kNow, kDeadline).empty());
  h.source.Facts({"billing"}, kDeadline);
  EXPECT_EQ(h.calls->describe, 0);
  h.source.Discover(kNow + 15s, kDeadline);
  EXPECT_EQ(h.calls->list, 2);
}

TEST(GroupSourceTest, PartialDiscoveryStillReportsWhatItGot) {
  Harness h(Listed(Outcome::kPartial));
  EXPECT_EQ(h.source.Discover(kNow, kDeadline).size(), 2u);
  EXPECT_EQ(h.source.discovery_supported(), true);
}

TEST(GroupSourceTest, DiscoveryOffAsksNothing) {
  GroupSourceOptions options;
  options.discover = false;
  Harness h(Listed(Outcome::kOk), options);
  EXPECT_TRUE(h.source.Discover(kNow, kDeadline).empty());
  h.source.Facts({"billing"}, kDeadline);
  EXPECT_EQ(h.calls->list, 0);
  EXPECT_EQ(h.calls->describe, 0);
}

TEST(GroupSourceTest, ParsesDescribeModes) {
  EXPECT_EQ(ParseDescribeMode("auto"), DescribeMode::kAuto);
  EXPECT_EQ(ParseDescribeMode("true"), DescribeMode::kAlways);
  EXPECT_EQ(ParseDescribeMode("false"), DescribeMode::kNever);
  EXPECT_FALSE(ParseDescribeMode("yes").has_value());
}

}  // namespace
}  // namespace lag_exporter
