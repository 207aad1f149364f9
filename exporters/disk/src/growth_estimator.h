#pragma once
// Growth and time to full that survive Kafka's retention sawtooth.
//
// Usage under retention is a sawtooth: it climbs while segments are written
// and drops when retention deletes whole segments. A straight-line fit over
// the raw series (predict_linear) takes the sawtooth's phase for a trend.
// This estimator fits the *lower envelope* instead:
//  1. time is cut into fixed buckets (--growth.bucket, 15m by default); each
//     bucket keeps its lowest sample (the trough after retention ran) and its
//     highest one;
//  2. over the complete buckets of the window (--growth.window, 6h), the
//     growth rate is the Theil-Sen slope of the troughs: the median of the
//     slopes between every pair, which ignores a minority of odd buckets
//     (a topic deleted by hand, a bucket without a retention run);
//  3. the filesystem is predicted full when the trough line plus the typical
//     sawtooth height (median of max - min per bucket) reaches the capacity
//     (used + available), so the peaks, not the troughs, fill the disk.
// Only complete buckets count (not the open one, nor the first, which began
// mid-bucket), so the estimate changes once per bucket and does not flap with
// the sawtooth. It needs half a window of such buckets (3h by default), and
// it assumes retention runs at least once per bucket (Kafka checks every 5m).
#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include "log_dir_snapshot.h"

namespace kafka_disk {

class GrowthEstimator {
 public:
  /// `window_seconds` >= 3 * `bucket_seconds` > 0.
  GrowthEstimator(double window_seconds, double bucket_seconds);

  /// Records the used bytes of the filesystem at a Unix time; samples must
  /// come in time order (older ones are ignored).
  void Add(double unix_seconds, double used_bytes);

  /// The estimate given the latest capacity (used + available bytes);
  /// nullopt until half the window's buckets are complete.
  std::optional<GrowthEstimate> Estimate(double capacity_bytes) const;

  /// Predictions further out than this are reported as "not filling".
  static constexpr double kHorizonSeconds = 365.0 * 24 * 3600;

 private:
  struct Bucket {
    std::int64_t index = 0;
    double min_time = 0;
    double min_bytes = 0;
    double max_bytes = 0;
  };
  /// The complete buckets a fit may use, oldest first.
  std::vector<Bucket> CompleteBuckets() const;
  double window_seconds_;
  double bucket_seconds_;
  std::deque<Bucket> buckets_;  ///< oldest first; the last may be open
  std::optional<std::int64_t> first_index_;  ///< partial: never used
};

}  // namespace kafka_disk
