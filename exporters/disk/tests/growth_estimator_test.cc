// The estimator on simulated Kafka usage: a retention sawtooth (segments
// written at a steady rate, whole segments deleted by periodic retention
// checks), with and without a slow drift underneath.
#include "growth_estimator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <span>
#include <utility>
#include <vector>

namespace kafka_disk {
namespace {

constexpr double kMB = 1e6;
constexpr double kCapacity = 1e12;
constexpr double kBase = 100e9;
constexpr double kSegment = 600 * kMB;  // 10 minutes of writes at 1 MB/s
constexpr double kStart = 1.7e9;        // a Unix time
constexpr double kStep = 15;            // the collect interval

// Broker usage with retention at work: 1 MB/s into the active segment,
// segments roll at kSegment, and every retention check (5 minutes, with
// optional jitter) deletes closed segments beyond the 20 kept. `drift` adds
// bytes per second that retention never reclaims (another tenant).
class SawtoothBroker {
 public:
  SawtoothBroker(double drift, unsigned seed, double jitter)
      : drift_(drift), random_(seed), jitter_(0, jitter) {}

  double Advance(double seconds) {
    elapsed_ += seconds;
    active_ += 1 * kMB * seconds;
    while (active_ >= kSegment) {
      active_ -= kSegment;
      ++closed_segments_;
    }
    if (elapsed_ >= next_check_) {
      closed_segments_ = std::min(closed_segments_, 20);
      next_check_ += 300 + jitter_(random_);
    }
    return kBase + closed_segments_ * kSegment + active_ + drift_ * elapsed_;
  }
  double elapsed() const { return elapsed_; }

 private:
  double drift_;
  std::mt19937 random_;
  std::uniform_real_distribution<double> jitter_;
  double elapsed_ = 0;
  double active_ = 0;
  int closed_segments_ = 20;
  double next_check_ = 300;
};

GrowthEstimator MakeEstimator() { return GrowthEstimator(6 * 3600, 15 * 60); }

TEST(GrowthEstimator, NothingUntilHalfTheWindowIsComplete) {
  GrowthEstimator estimator = MakeEstimator();
  SawtoothBroker broker(0, 1, 0);
  // Start on a bucket boundary: the first bucket is never used (it usually
  // starts mid-way), the next twelve (3 of the 6 hours) complete at 3h15m.
  for (double t = 0; t < 195 * 60; t += kStep) {
    estimator.Add(kStart - std::fmod(kStart, 900) + t, broker.Advance(kStep));
    EXPECT_FALSE(estimator.Estimate(kCapacity).has_value()) << t;
  }
  estimator.Add(kStart - std::fmod(kStart, 900) + 195 * 60,
                broker.Advance(kStep));
  EXPECT_TRUE(estimator.Estimate(kCapacity).has_value());
}

TEST(GrowthEstimator, SteadySawtoothIsNotFillingAtAnyPhase) {
  for (unsigned seed : {1u, 2u, 3u}) {
    GrowthEstimator estimator = MakeEstimator();
    SawtoothBroker broker(0, seed, 60);  // retention checks jitter by a minute
    int estimates = 0;
    double worst = 0;
    for (double t = 0; t < 24 * 3600; t += kStep) {
      estimator.Add(kStart + t, broker.Advance(kStep));
      const auto estimate = estimator.Estimate(kCapacity);
      if (!estimate) continue;
      ++estimates;
      // 1 MB/s is written all the time; the trend must still read ~0.
      worst = std::max(worst, std::abs(estimate->bytes_per_second));
      EXPECT_FALSE(estimate->full_unix_seconds.has_value()) << t;
    }
    EXPECT_GT(estimates, 5000);
    EXPECT_LT(worst, 0.02 * kMB);
  }
}

TEST(GrowthEstimator, DriftUnderTheSawtoothIsFoundAndThePredictionHolds) {
  const double drift = 0.5 * kMB;  // 0.5 MB/s that retention never frees
  GrowthEstimator estimator = MakeEstimator();
  SawtoothBroker broker(drift, 7, 60);
  double earliest = INFINITY;
  double latest = -INFINITY;
  for (double t = 0; t < 24 * 3600; t += kStep) {
    estimator.Add(kStart + t, broker.Advance(kStep));
    const auto estimate = estimator.Estimate(kCapacity);
    if (!estimate || t < 6 * 3600) continue;
    EXPECT_NEAR(estimate->bytes_per_second, drift, 0.05 * drift) << t;
    ASSERT_TRUE(estimate->full_unix_seconds.has_value()) << t;
    earliest = std::min(earliest, *estimate->full_unix_seconds);
    latest = std::max(latest, *estimate->full_unix_seconds);
  }
  // The peaks (base + 21 segments + drift) reach capacity at:
  const double truth = kStart + (kCapacity - kBase - 21 * kSegment) / drift;
  const double horizon = truth - kStart;  // ~20 days
  EXPECT_NEAR(earliest, truth, 0.03 * horizon);
  EXPECT_NEAR(latest, truth, 0.03 * horizon);
  // It does not flap with the sawtooth: the spread over 18 hours of
  // predictions is a small fraction of the distance to full.
  EXPECT_LT(latest - earliest, 0.03 * horizon);
}

TEST(GrowthEstimator, NaiveFitWouldFlapWhereTheEstimatorDoesNot) {
  // The same steady series through a least-squares slope over 30 minutes
  // (a short predict_linear) swings between clearly positive and clearly
  // negative values: the failure this estimator exists to avoid.
  SawtoothBroker broker(0, 3, 0);
  std::vector<std::pair<double, double>> samples;
  double min_slope = INFINITY;
  double max_slope = -INFINITY;
  for (double t = 0; t < 6 * 3600; t += kStep) {
    samples.emplace_back(t, broker.Advance(kStep));
    if (samples.size() < 120) continue;
    const auto window = std::span(samples).last(120);
    double mx = 0, my = 0;
    for (auto [x, y] : window) mx += x, my += y;
    mx /= 120, my /= 120;
    double num = 0, den = 0;
    for (auto [x, y] : window)
      num += (x - mx) * (y - my), den += (x - mx) * (x - mx);
    min_slope = std::min(min_slope, num / den);
    max_slope = std::max(max_slope, num / den);
  }
  EXPECT_LT(min_slope, -0.03 * kMB);
  EXPECT_GT(max_slope, 0.03 * kMB);
}

TEST(GrowthEstimator, ShrinkingUsageHasNegativeGrowthAndNoFullTime) {
  GrowthEstimator estimator = MakeEstimator();
  for (double t = 0; t < 4 * 3600; t += kStep) {
    estimator.Add(kStart + t, 500e9 - 1e6 * t);
  }
  const auto estimate = estimator.Estimate(kCapacity);
  ASSERT_TRUE(estimate.has_value());
  EXPECT_NEAR(estimate->bytes_per_second, -1e6, 1);
  EXPECT_FALSE(estimate->full_unix_seconds.has_value());
}

TEST(GrowthEstimator, OutOfOrderSamplesAreIgnored) {
  GrowthEstimator estimator = MakeEstimator();
  for (double t = 0; t < 4 * 3600; t += kStep) {
    estimator.Add(kStart + t, 100e9 + 1e3 * t);
    estimator.Add(kStart + t - 3600, 0);  // a clock step backwards
  }
  const auto estimate = estimator.Estimate(kCapacity);
  ASSERT_TRUE(estimate.has_value());
  EXPECT_NEAR(estimate->bytes_per_second, 1e3, 1);
}

}  // namespace
}  // namespace kafka_disk
