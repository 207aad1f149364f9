#include "latency_histogram.h"

namespace broker_exporter {

const std::array<double, LatencyHistogram::kBuckets>&
LatencyHistogram::UpperBounds() {
  static const auto bounds = [] {
    std::array<double, kBuckets> b{};
    double bound = 0.005;
    for (auto& value : b) {
      value = bound;
      bound *= 2;
    }
    return b;
  }();
  return bounds;
}

void LatencyHistogram::Observe(double seconds) {
  const auto& bounds = UpperBounds();
  for (std::size_t i = 0; i < kBuckets; ++i) {
    if (seconds <= bounds[i]) {
      ++counts_[i];
      break;
    }
  }
  ++count_;  // values above the last bound land only in +Inf
  sum_ += seconds;
}

std::array<std::uint64_t, LatencyHistogram::kBuckets>
LatencyHistogram::Cumulative() const {
  std::array<std::uint64_t, kBuckets> out{};
  std::uint64_t running = 0;
  for (std::size_t i = 0; i < kBuckets; ++i) {
    running += counts_[i];
    out[i] = running;
  }
  return out;
}

}  // namespace broker_exporter
