#include "growth_estimator.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace kafka_disk {
namespace {

double Median(std::vector<double> values) {
  const std::size_t mid = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + mid, values.end());
  if (values.size() % 2 == 1) return values[mid];
  const double upper = values[mid];
  const double lower = *std::max_element(values.begin(), values.begin() + mid);
  return (lower + upper) / 2;
}

}  // namespace

GrowthEstimator::GrowthEstimator(double window_seconds, double bucket_seconds)
    : window_seconds_(window_seconds), bucket_seconds_(bucket_seconds) {}

void GrowthEstimator::Add(double unix_seconds, double used_bytes) {
  const auto index =
      static_cast<std::int64_t>(std::floor(unix_seconds / bucket_seconds_));
  if (!first_index_) first_index_ = index;
  if (!buckets_.empty() && index < buckets_.back().index) return;
  if (buckets_.empty() || index > buckets_.back().index) {
    buckets_.push_back({index, unix_seconds, used_bytes, used_bytes});
  } else {
    Bucket& bucket = buckets_.back();
    if (used_bytes < bucket.min_bytes) {
      bucket.min_bytes = used_bytes;
      bucket.min_time = unix_seconds;
    }
    bucket.max_bytes = std::max(bucket.max_bytes, used_bytes);
  }
  // Keep the open bucket plus the complete ones that fit in the window.
  const auto complete =
      static_cast<std::int64_t>(std::floor(window_seconds_ / bucket_seconds_));
  while (buckets_.front().index < index - complete) buckets_.pop_front();
}

std::vector<GrowthEstimator::Bucket> GrowthEstimator::CompleteBuckets() const {
  std::vector<Bucket> complete;
  // The last bucket is still open: its trough may not have happened yet.
  for (std::size_t i = 0; i + 1 < buckets_.size(); ++i) {
    if (buckets_[i].index != first_index_) complete.push_back(buckets_[i]);
  }
  return complete;
}

std::optional<GrowthEstimate> GrowthEstimator::Estimate(
    double capacity_bytes) const {
  const std::vector<Bucket> buckets = CompleteBuckets();
  // Half a window of history, so that a few odd troughs cannot decide.
  const auto needed = std::max<std::size_t>(
      3, static_cast<std::size_t>(window_seconds_ / bucket_seconds_ / 2));
  if (buckets.size() < needed) return std::nullopt;
  const std::size_t n = buckets.size();

  std::vector<double> slopes;
  slopes.reserve(n * (n - 1) / 2);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = i + 1; j < n; ++j) {
      const double dt = buckets[j].min_time - buckets[i].min_time;
      if (dt > 0) {
        slopes.push_back((buckets[j].min_bytes - buckets[i].min_bytes) / dt);
      }
    }
  }
  if (slopes.empty()) return std::nullopt;
  GrowthEstimate estimate;
  estimate.bytes_per_second = Median(std::move(slopes));
  if (estimate.bytes_per_second <= 0) return estimate;

  std::vector<double> intercepts;
  std::vector<double> heights;
  const double t0 = buckets[n - 1].min_time;
  for (std::size_t i = 0; i < n; ++i) {
    intercepts.push_back(buckets[i].min_bytes - estimate.bytes_per_second *
                                                    (buckets[i].min_time - t0));
    heights.push_back(buckets[i].max_bytes - buckets[i].min_bytes);
  }
  const double trough_at_t0 = Median(std::move(intercepts));
  const double peak_at_t0 = trough_at_t0 + Median(std::move(heights));
  const double seconds_left =
      std::max(0.0, (capacity_bytes - peak_at_t0) / estimate.bytes_per_second);
  if (seconds_left <= kHorizonSeconds) {
    estimate.full_unix_seconds = t0 + seconds_left;
  }
  return estimate;
}

}  // namespace kafka_disk
