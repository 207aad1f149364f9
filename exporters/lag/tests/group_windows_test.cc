#include "group_windows.h"

#include <gtest/gtest.h>

#include <limits>
#include <stdexcept>

namespace lag_exporter {
namespace {

constexpr auto kUnknown = Membership::kUnknown;

TEST(GroupWindowsTest, RingKeepsTheNewestSamples) {
  GroupWindows windows(3);
  for (int64_t i = 0; i < 5; ++i) {
    windows.Add(7, {i, i + 10}, kUnknown);
    windows.EndCycle();
  }
  const auto samples = windows.Samples(7);
  ASSERT_EQ(samples.size(), 3u);
  EXPECT_EQ(samples[0].committed, 2);
  EXPECT_EQ(samples[1].committed, 3);
  EXPECT_EQ(samples[2].committed, 4);
  EXPECT_EQ(samples[2].Lag(), 10);
}

TEST(GroupWindowsTest, EvaluatesStopOnlyWhenFull) {
  GroupWindows windows(3);
  EXPECT_EQ(windows.Add(1, {7, 10}, kUnknown), PartitionStatus::kOk);
  windows.EndCycle();
  EXPECT_EQ(windows.Add(1, {7, 20}, kUnknown), PartitionStatus::kWarn);
  windows.EndCycle();
  EXPECT_EQ(windows.Add(1, {7, 30}, kUnknown), PartitionStatus::kStop);
  windows.EndCycle();
  EXPECT_EQ(windows.Add(1, {7, 40}, Membership::kActiveMembers),
            PartitionStatus::kStall);
}

TEST(GroupWindowsTest, PartitionsKeepTheirOwnWindows) {
  GroupWindows windows(2);
  for (int64_t i = 0; i < 3; ++i) {
    windows.Add(10, {100 + i, 200}, kUnknown);  // catching up
    windows.Add(20, {5, 50 + i}, kUnknown);     // stuck
    windows.Add(30, {9, 9}, kUnknown);          // caught up
    windows.EndCycle();
  }
  EXPECT_EQ(windows.size(), 3u);
  EXPECT_EQ(windows.Samples(10).back().committed, 102);
  EXPECT_EQ(windows.Samples(20).back().Lag(), 47);
  EXPECT_EQ(windows.Add(10, {103, 200}, kUnknown), PartitionStatus::kOk);
  EXPECT_EQ(windows.Add(20, {5, 60}, kUnknown), PartitionStatus::kStop);
  EXPECT_EQ(windows.Add(30, {9, 9}, kUnknown), PartitionStatus::kOk);
}

TEST(GroupWindowsTest, PartitionsNotAddedInACycleAreDropped) {
  GroupWindows windows(3);
  windows.Add(1, {0, 5}, kUnknown);
  windows.Add(2, {0, 5}, kUnknown);
  windows.Add(3, {0, 5}, kUnknown);
  windows.EndCycle();
  windows.Add(2, {1, 5}, kUnknown);
  windows.Add(4, {1, 5}, kUnknown);  // new: starts a window of its own
  windows.EndCycle();
  EXPECT_EQ(windows.size(), 2u);
  EXPECT_TRUE(windows.Samples(1).empty());
  EXPECT_TRUE(windows.Samples(3).empty());
  EXPECT_EQ(windows.Samples(2).size(), 2u);
  EXPECT_EQ(windows.Samples(4).size(), 1u);
}

TEST(GroupWindowsTest, ACycleWithoutEndCycleKeepsTheWindows) {
  // The tracker skips a group whose offset fetch failed: no Add, no End.
  GroupWindows windows(3);
  windows.Add(1, {4, 9}, kUnknown);
  windows.EndCycle();
  windows.EndCycle();  // an empty cycle drops everything...
  EXPECT_EQ(windows.size(), 0u);
  windows.Add(1, {4, 9}, kUnknown);
  windows.EndCycle();
  EXPECT_EQ(windows.size(), 1u);  // ...a skipped one nothing
}

TEST(GroupWindowsTest, HugeLagsSaturateWithoutChangingTheVerdict) {
  GroupWindows windows(2);
  const int64_t huge = int64_t{1} << 40;
  windows.Add(1, {0, huge}, kUnknown);
  windows.EndCycle();
  EXPECT_EQ(windows.Samples(1).back().Lag(), std::numeric_limits<uint32_t>::max());
  // Offset unmoved for the whole window with lag: STOP, as unsaturated.
  EXPECT_EQ(windows.Add(1, {0, huge + 1}, kUnknown), PartitionStatus::kStop);
}

TEST(GroupWindowsTest, CapacityIsBounded) {
  EXPECT_THROW(GroupWindows(0), std::invalid_argument);
  EXPECT_THROW(GroupWindows(GroupWindows::kMaxCapacity + 1), std::invalid_argument);
  EXPECT_NO_THROW(GroupWindows(GroupWindows::kMaxCapacity));
}

}  // namespace
}  // namespace lag_exporter
