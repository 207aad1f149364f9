// The rate limiter and the backoff schedule.
#include <gtest/gtest.h>

#include <set>

#include "pagerduty/backoff.h"
#include "pagerduty/rate_limiter.h"

namespace webhook_receiver::pagerduty {
namespace {

using namespace std::chrono_literals;
const std::chrono::system_clock::time_point kT0{std::chrono::seconds(1000)};

TEST(SlidingWindowLimiterTest, AllowsAtMostNPerWindowPerKey) {
  SlidingWindowLimiter limiter(120, 1min);
  for (int i = 0; i < 120; ++i) {
    ASSERT_TRUE(limiter.TryAcquire("a", kT0 + std::chrono::milliseconds(i * 10)));
  }
  EXPECT_FALSE(limiter.TryAcquire("a", kT0 + 30s));
  EXPECT_TRUE(limiter.TryAcquire("b", kT0 + 30s)) << "keys are independent";
  EXPECT_EQ(limiter.NextFree("a", kT0 + 30s), kT0 + 1min);
  EXPECT_TRUE(limiter.TryAcquire("a", kT0 + 1min));
  EXPECT_FALSE(limiter.TryAcquire("a", kT0 + 1min + 5ms));
  EXPECT_TRUE(limiter.TryAcquire("a", kT0 + 1min + 10ms));
}

TEST(BackoffTest, GrowsExponentiallyWithJitterAndStaysBounded) {
  Backoff backoff(5s, 5min, 42);
  for (int failures = 1; failures <= 30; ++failures) {
    const auto ceiling = std::min<std::chrono::milliseconds>(
        5s * (1LL << std::min(failures - 1, 20)), 5min);
    const auto delay = backoff.Delay(failures);
    EXPECT_GE(delay, ceiling / 2) << failures;
    EXPECT_LE(delay, ceiling) << failures;
  }
}

TEST(BackoffTest, JitterSpreadsDelays) {
  Backoff backoff(10s, 10s, 7);
  std::set<long> seen;
  for (int i = 0; i < 20; ++i) seen.insert(backoff.Delay(1).count());
  EXPECT_GT(seen.size(), 10u);
}

}  // namespace
}  // namespace webhook_receiver::pagerduty
