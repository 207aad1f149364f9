#include "time_lag.h"

#include <gtest/gtest.h>

#include <cmath>

namespace lag_exporter {
namespace {

constexpr int64_t kNow = 1'700'000'000'000;

TEST(TimeLagTest, CaughtUpIsExactlyZero) {
  const auto lag = EstimateTimeLag(kNow, 100, 100, std::nullopt, nullptr);
  ASSERT_TRUE(lag.has_value());
  EXPECT_EQ(lag->seconds, 0);
  EXPECT_EQ(lag->method, TimeLagMethod::kCaughtUp);
}

TEST(TimeLagTest, RecordTimestampGivesItsAge) {
  const auto lag = EstimateTimeLag(kNow, 10, 100, kNow - 42'500, nullptr);
  ASSERT_TRUE(lag.has_value());
  EXPECT_DOUBLE_EQ(lag->seconds, 42.5);
  EXPECT_EQ(lag->method, TimeLagMethod::kRecordTimestamp);
}

TEST(TimeLagTest, ProducerClockAheadReadsAsZeroNotNegative) {
  const auto lag = EstimateTimeLag(kNow, 10, 100, kNow + 5'000, nullptr);
  ASSERT_TRUE(lag.has_value());
  EXPECT_EQ(lag->seconds, 0);
}

TEST(TimeLagTest, NoSourceGivesNothingRatherThanNaN) {
  EXPECT_FALSE(EstimateTimeLag(kNow, 10, 100, std::nullopt, nullptr));
  EndOffsetHistory empty;
  EXPECT_FALSE(EstimateTimeLag(kNow, 10, 100, std::nullopt, &empty));
  EndOffsetHistory one;
  one.Add(5, kNow);  // never got past offset 10
  EXPECT_FALSE(EstimateTimeLag(kNow, 10, 100, std::nullopt, &one));
}

TEST(TimeLagTest, MissingRecordTimestampFallsBackToHistory) {
  EndOffsetHistory history;
  history.Add(100, kNow - 30'000);
  history.Add(200, kNow);
  // Offset 149 was the 50th of 100 records written in (now-30s, now].
  const auto lag = EstimateTimeLag(kNow, 149, 200, -1, &history);
  ASSERT_TRUE(lag.has_value());
  EXPECT_EQ(lag->method, TimeLagMethod::kInterpolated);
  EXPECT_DOUBLE_EQ(lag->seconds, 15.0);
}

TEST(TimeLagTest, OlderThanHistoryIsALowerBoundNotAnExtrapolation) {
  EndOffsetHistory history;
  history.Add(1000, kNow - 60'000);
  history.Add(1010, kNow);
  const auto lag = EstimateTimeLag(kNow, 0, 1010, std::nullopt, &history);
  ASSERT_TRUE(lag.has_value());
  EXPECT_EQ(lag->method, TimeLagMethod::kLowerBound);
  EXPECT_DOUBLE_EQ(lag->seconds, 60.0);
}

TEST(TimeLagTest, IdleProducerKeepsValuesFiniteAndGrowing) {
  EndOffsetHistory history;
  history.Add(100, kNow - 90'000);
  history.Add(200, kNow - 60'000);
  history.Add(200, kNow - 30'000);  // producer went idle
  history.Add(200, kNow);
  const auto lag = EstimateTimeLag(kNow, 150, 200, std::nullopt, &history);
  ASSERT_TRUE(lag.has_value());
  EXPECT_TRUE(std::isfinite(lag->seconds));
  EXPECT_NEAR(lag->seconds, 75.0, 0.5);
  const auto later =
      EstimateTimeLag(kNow + 30'000, 150, 200, std::nullopt, &history);
  EXPECT_NEAR(later->seconds, 105.0, 0.5);
}

TEST(EndOffsetHistoryTest, FlatRunKeepsFirstAndLatestPoint) {
  EndOffsetHistory history(4);
  history.Add(100, 1000);
  history.Add(200, 2000);
  history.Add(200, 3000);
  history.Add(200, 4000);
  history.Add(200, 5000);
  ASSERT_EQ(history.points().size(), 3u);
  EXPECT_EQ(history.points()[1].time_ms, 2000);
  EXPECT_EQ(history.points()[2].time_ms, 5000);
}

TEST(EndOffsetHistoryTest, EvictsOldestAndIgnoresTimeGoingBack) {
  EndOffsetHistory history(3);
  for (int64_t i = 1; i <= 5; ++i) history.Add(i * 10, i * 1000);
  history.Add(60, 4500);  // earlier than the last sample
  ASSERT_EQ(history.points().size(), 3u);
  EXPECT_EQ(history.points().front().offset, 30);
  EXPECT_EQ(history.points().back().offset, 50);
}

TEST(EndOffsetHistoryTest, OffsetGoingBackResets) {
  EndOffsetHistory history;
  history.Add(500, 1000);
  history.Add(10, 2000);  // topic recreated
  ASSERT_EQ(history.points().size(), 1u);
  EXPECT_EQ(history.points()[0].offset, 10);
}

}  // namespace
}  // namespace lag_exporter
