#include "pagerduty/backoff.h"

#include <algorithm>

namespace webhook_receiver::pagerduty {

Backoff::Backoff(std::chrono::milliseconds initial,
                 std::chrono::milliseconds max, std::uint64_t seed)
    : initial_(initial), max_(std::max(initial, max)), rng_(seed) {}

std::chrono::milliseconds Backoff::Delay(int failures) {
  std::chrono::milliseconds ceiling = initial_;
  for (int i = 1; i < failures && ceiling < max_; ++i) ceiling *= 2;
  ceiling = std::min(ceiling, max_);
  std::uniform_int_distribution<std::int64_t> jitter(ceiling.count() / 2,
                                                     ceiling.count());
  return std::chrono::milliseconds(jitter(rng_));
}

}  // namespace webhook_receiver::pagerduty
