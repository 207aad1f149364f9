#include "partition_lag.h"

#include <gtest/gtest.h>

namespace lag_exporter {
namespace {

TEST(PartitionLagTest, LagIsEndMinusCommitted) {
  const auto lag = ComputePartitionLag(70, {0, 100});
  ASSERT_TRUE(lag.has_value());
  EXPECT_EQ(lag->committed, 70);
  EXPECT_EQ(lag->lag, 30);
  EXPECT_EQ(lag->lost, 0);
}

TEST(PartitionLagTest, CommitAheadOfSampledEndIsZeroNotNegative) {
  // The commit landed after the end offset was read in the same cycle.
  const auto lag = ComputePartitionLag(105, {0, 100});
  ASSERT_TRUE(lag.has_value());
  EXPECT_EQ(lag->lag, 0);
}

TEST(PartitionLagTest, NoCommitIsNotReported) {
  EXPECT_FALSE(ComputePartitionLag(-1, {0, 100}).has_value());
  EXPECT_FALSE(ComputePartitionLag(-1001, {0, 100}).has_value());
}

TEST(PartitionLagTest, UnknownEndOffsetIsNotReported) {
  EXPECT_FALSE(ComputePartitionLag(5, {-1, -1}).has_value());
}

TEST(PartitionLagTest, CommitBelowLogStartCountsLostRecords) {
  const auto lag = ComputePartitionLag(10, {250, 400});
  ASSERT_TRUE(lag.has_value());
  EXPECT_EQ(lag->lag, 390);
  EXPECT_EQ(lag->lost, 240);
}

TEST(PartitionLagTest, LostNeverExceedsLag) {
  // Log start past the end (everything deleted, nothing new): lost = lag.
  const auto lag = ComputePartitionLag(10, {60, 50});
  ASSERT_TRUE(lag.has_value());
  EXPECT_EQ(lag->lag, 40);
  EXPECT_EQ(lag->lost, 40);
}

TEST(PartitionLagTest, UnknownLogStartMeansNoLoss) {
  const auto lag = ComputePartitionLag(10, {-1, 50});
  ASSERT_TRUE(lag.has_value());
  EXPECT_EQ(lag->lost, 0);
}

}  // namespace
}  // namespace lag_exporter
