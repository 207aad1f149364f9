#include "lag_tracker.h"

#include <gtest/gtest.h>

#include <map>

namespace lag_exporter {
namespace {

constexpr int64_t kStart = 1'700'000'000'000;

// Two partitions of "orders"; watermarks set per cycle.
CycleInput Cycle(int64_t now_ms, Watermarks p0, Watermarks p1) {
  CycleInput input;
  input.now_ms = now_ms;
  input.partitions = {{"orders", 0, p0}, {"orders", 1, p1}};
  return input;
}

GroupInput Group(std::string name,
                 std::vector<std::pair<uint32_t, int64_t>> committed) {
  GroupInput g;
  g.group = std::move(name);
  g.committed = std::move(committed);
  return g;
}

TEST(LagTrackerTest, ReportsLagSumsAndMaxPerGroup) {
  LagTracker tracker;
  auto input = Cycle(kStart, {0, 100}, {0, 50});
  input.groups = {Group("billing", {{0, 90}, {1, 20}})};
  const auto report = tracker.Observe(input, nullptr);
  ASSERT_EQ(report.groups.size(), 1u);
  const auto& g = report.groups[0];
  ASSERT_EQ(g.partitions.size(), 2u);
  EXPECT_EQ(g.partitions[0].lag.lag, 10);
  EXPECT_EQ(g.partitions[1].lag.lag, 30);
  EXPECT_EQ(g.sum_lag, 40);
  EXPECT_EQ(g.max_lag, 30);
  EXPECT_EQ(g.status, GroupStatus::kOk);
}

TEST(LagTrackerTest, CommitsInAnyOrderKeepTheirWindowsAndGroupsGoToTheSinkInOrder) {
  LagTracker tracker({.status_window = 3, .history = 8});
  std::vector<std::string> order;
  GroupReport b;
  using Commits = std::vector<std::pair<uint32_t, int64_t>>;
  for (int i = 0; i < 3; ++i) {
    auto input = Cycle(kStart + i * 1000, {0, 50 + 10 * i}, {0, 100});
    // Partition 0 stuck at 20 while its end offset grows, partition 1
    // caught up; they come in another order every cycle.
    const auto commits = i % 2 == 0 ? Commits{{1, 100}, {0, 20}} : Commits{{0, 20}, {1, 100}};
    input.groups = {Group("b", commits), Group("a", {{1, 100}})};
    order.clear();
    const auto report = tracker.Observe(input, nullptr, [&](const GroupReport& g) {
      order.push_back(g.group);
      if (g.group == "b") b = g;
    });
    EXPECT_TRUE(report.groups.empty());
  }
  EXPECT_EQ(order, (std::vector<std::string>{"b", "a"}));
  ASSERT_EQ(b.partitions.size(), 2u);
  EXPECT_EQ(b.partitions[0].partition_index, 0u);
  EXPECT_EQ(b.partitions[0].status, PartitionStatus::kStop);
  EXPECT_EQ(b.partitions[1].status, PartitionStatus::kOk);
  EXPECT_EQ(b.status, GroupStatus::kErr);
  EXPECT_EQ(tracker.tracked_windows(), 3u);
}

TEST(LagTrackerTest, GroupWithoutCommitsIsNotFound) {
  LagTracker tracker;
  auto input = Cycle(kStart, {0, 100}, {0, 50});
  input.groups = {Group("ghost", {})};
  const auto report = tracker.Observe(input, nullptr);
  EXPECT_EQ(report.groups[0].status, GroupStatus::kNotFound);
  EXPECT_TRUE(report.groups[0].partitions.empty());
}

TEST(LagTrackerTest, RecordsToReadAreDeduplicatedAndSkipCaughtUp) {
  auto input = Cycle(kStart, {0, 100}, {30, 50});
  input.groups = {Group("a", {{0, 90}, {1, 50}}), Group("b", {{0, 90}}),
                  Group("c", {{1, 10}})};  // c: below log start 30
  const auto refs = LagTracker::RecordsToRead(input);
  ASSERT_EQ(refs.size(), 2u);
  EXPECT_EQ(refs[0], (RecordRef{0, 90}));
  EXPECT_EQ(refs[1], (RecordRef{1, 30}));
}

TEST(LagTrackerTest, TimeLagUsesRecordTimestampsFromTheFirstCycle) {
  LagTracker tracker;
  auto input = Cycle(kStart, {0, 100}, {0, 50});
  input.groups = {Group("billing", {{0, 90}, {1, 50}})};
  std::map<std::pair<uint32_t, int64_t>, int64_t> written = {
      {{0, 90}, kStart - 12'000}};
  const auto report = tracker.Observe(input, [&](const RecordRef& r) {
    auto it = written.find({r.partition_index, r.offset});
    return it == written.end() ? std::nullopt
                               : std::optional<int64_t>(it->second);
  });
  const auto& g = report.groups[0];
  ASSERT_TRUE(g.partitions[0].time_lag.has_value());
  EXPECT_DOUBLE_EQ(g.partitions[0].time_lag->seconds, 12.0);
  EXPECT_DOUBLE_EQ(g.partitions[1].time_lag->seconds, 0.0);
  EXPECT_DOUBLE_EQ(*g.max_lag_seconds, 12.0);
  EXPECT_EQ(report.time_lag_methods.at(TimeLagMethod::kRecordTimestamp), 1);
}

TEST(LagTrackerTest, StoppedConsumerGoesWarnThenStop) {
  LagTracker tracker({.status_window = 3, .history = 8});
  std::vector<GroupStatus> seen;
  for (int i = 0; i < 3; ++i) {
    auto input = Cycle(kStart + i * 1000, {0, 100 + 10 * i}, {0, 0});
    input.groups = {Group("stuck", {{0, 95}})};
    seen.push_back(tracker.Observe(input, nullptr).groups[0].status);
  }
  EXPECT_EQ(seen[0], GroupStatus::kOk);
  EXPECT_EQ(seen[1], GroupStatus::kWarn);
  EXPECT_EQ(seen[2], GroupStatus::kErr);
}

TEST(LagTrackerTest, FailedFetchKeepsTheWindowAndReportsNothing) {
  LagTracker tracker({.status_window = 3, .history = 8});
  auto cycle = [&](int i, bool ok) {
    auto input = Cycle(kStart + i * 1000, {0, 100 + 10 * i}, {0, 0});
    auto g = Group("stuck", {{0, 95}});
    g.offsets_ok = ok;
    input.groups = {g};
    return tracker.Observe(input, nullptr).groups[0];
  };
  cycle(0, true);
  cycle(1, true);
  const auto failed = cycle(2, false);
  EXPECT_FALSE(failed.offsets_ok);
  EXPECT_TRUE(failed.partitions.empty());
  EXPECT_EQ(tracker.tracked_windows(), 1u);
  EXPECT_EQ(cycle(3, true).status, GroupStatus::kErr);
}

TEST(LagTrackerTest, VanishedGroupsLoseTheirState) {
  LagTracker tracker;
  auto input = Cycle(kStart, {0, 100}, {0, 50});
  input.groups = {Group("a", {{0, 90}}), Group("b", {{1, 10}})};
  tracker.Observe(input, nullptr);
  EXPECT_EQ(tracker.tracked_windows(), 2u);
  input.now_ms += 1000;
  input.groups = {Group("a", {{0, 90}})};
  tracker.Observe(input, nullptr);
  EXPECT_EQ(tracker.tracked_windows(), 1u);
}

TEST(LagTrackerTest, DataLossIsCountedPerGroup) {
  LagTracker tracker;
  auto input = Cycle(kStart, {400, 1000}, {0, 50});
  input.groups = {Group("slow", {{0, 100}, {1, 40}})};
  const auto g = tracker.Observe(input, nullptr).groups[0];
  EXPECT_EQ(g.partitions[0].lag.lost, 300);
  EXPECT_EQ(g.lost, 300);
}

}  // namespace
}  // namespace lag_exporter
