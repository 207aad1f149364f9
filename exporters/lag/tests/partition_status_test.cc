#include "partition_status.h"

#include <gtest/gtest.h>

#include <vector>

namespace lag_exporter {
namespace {

using S = OffsetSample;

PartitionStatus Eval(const std::vector<S>& samples, bool complete = true,
                     Membership m = Membership::kUnknown) {
  return EvaluateWindow(samples, complete, m);
}

TEST(PartitionStatusTest, EmptyWindowIsOk) {
  EXPECT_EQ(Eval({}), PartitionStatus::kOk);
}

TEST(PartitionStatusTest, CaughtUpNowIsOkWhateverHappenedBefore) {
  EXPECT_EQ(Eval({{10, 50}, {10, 60}, {70, 70}}), PartitionStatus::kOk);
}

TEST(PartitionStatusTest, QuietTopicWithCaughtUpConsumerIsNeverStop) {
  // Nothing produced and nothing committed for the whole window: Burrow's
  // false STOP on idle topics. Lag 0, so OK.
  EXPECT_EQ(Eval({{42, 42}, {42, 42}, {42, 42}, {42, 42}}),
            PartitionStatus::kOk);
}

TEST(PartitionStatusTest, KeepingUpWithSmallLagIsOk) {
  // Lag goes up and down: the consumer keeps pace.
  EXPECT_EQ(Eval({{0, 5}, {10, 12}, {20, 27}, {30, 31}}), PartitionStatus::kOk);
}

TEST(PartitionStatusTest, FallingBehindIsWarn) {
  EXPECT_EQ(Eval({{0, 10}, {5, 20}, {10, 30}, {15, 40}}, false),
            PartitionStatus::kWarn);
}

TEST(PartitionStatusTest, ConstantNonZeroLagIsWarnAsInBurrow) {
  EXPECT_EQ(Eval({{0, 10}, {10, 20}, {20, 30}}), PartitionStatus::kWarn);
}

TEST(PartitionStatusTest, OneSampleWithLagIsOkUntilThereIsATrend) {
  EXPECT_EQ(Eval({{0, 10}}, false), PartitionStatus::kOk);
}

TEST(PartitionStatusTest, StoppedForTheWholeWindowIsStop) {
  EXPECT_EQ(Eval({{7, 10}, {7, 20}, {7, 30}, {7, 40}}), PartitionStatus::kStop);
}

TEST(PartitionStatusTest, StoppedWithIdleProducerIsStillStop) {
  // Records are waiting and nobody reads them.
  EXPECT_EQ(Eval({{7, 10}, {7, 10}, {7, 10}}), PartitionStatus::kStop);
}

TEST(PartitionStatusTest, UnmovingOffsetWithLiveMembersIsStall) {
  EXPECT_EQ(Eval({{7, 10}, {7, 20}, {7, 30}}, true, Membership::kActiveMembers),
            PartitionStatus::kStall);
}

TEST(PartitionStatusTest, StopNeedsTheFullWindow) {
  // Not yet a full window: growing lag is WARN, not STOP.
  EXPECT_EQ(Eval({{7, 10}, {7, 20}}, false), PartitionStatus::kWarn);
}

TEST(PartitionStatusTest, StoppedAfterBeingCaughtUpIsNotStop) {
  // The consumer was caught up inside the window (rule 5).
  EXPECT_EQ(Eval({{7, 7}, {7, 9}, {7, 12}}), PartitionStatus::kOk);
}

TEST(PartitionStatusTest, OffsetResetBackwardsIsRewind) {
  EXPECT_EQ(Eval({{100, 120}, {110, 130}, {20, 140}, {30, 150}}),
            PartitionStatus::kRewind);
}

TEST(PartitionStatusTest, RewindThatCaughtUpAgainIsNotRewind) {
  EXPECT_EQ(Eval({{100, 120}, {20, 130}, {115, 140}, {125, 150}}),
            PartitionStatus::kOk);
}

TEST(PartitionStatusTest, GroupStatusIsTheWorstPartition) {
  GroupStatus g = GroupStatus::kNotFound;
  g = Worse(g, PartitionStatus::kOk);
  EXPECT_EQ(g, GroupStatus::kOk);
  g = Worse(g, PartitionStatus::kWarn);
  EXPECT_EQ(g, GroupStatus::kWarn);
  g = Worse(g, PartitionStatus::kStall);
  EXPECT_EQ(g, GroupStatus::kErr);
  g = Worse(g, PartitionStatus::kOk);
  EXPECT_EQ(g, GroupStatus::kErr);
}

TEST(PartitionStatusTest, NamesAreBurrows) {
  EXPECT_EQ(StatusName(PartitionStatus::kRewind), "REWIND");
  EXPECT_EQ(StatusName(GroupStatus::kNotFound), "NOTFOUND");
}

}  // namespace
}  // namespace lag_exporter
