#pragma once
// A cumulative latency histogram with KMinion's exponential buckets
// (5 ms doubling to ~10 s), in seconds.
#include <array>
#include <cstdint>
#include <span>

namespace broker_exporter {

class LatencyHistogram {
 public:
  static constexpr std::size_t kBuckets = 12;
  static const std::array<double, kBuckets>& UpperBounds();

  void Observe(double seconds);
  /// Cumulative counts per upper bound (without +Inf).
  std::array<std::uint64_t, kBuckets> Cumulative() const;
  std::uint64_t count() const { return count_; }
  double sum() const { return sum_; }

 private:
  std::array<std::uint64_t, kBuckets> counts_{};  // per bucket, not cumulative
  std::uint64_t count_ = 0;
  double sum_ = 0;
};

}  // namespace broker_exporter
