#pragma once
// Exponential backoff with jitter, bounded: delay n is a random point in
// [d/2, d] with d = min(max, initial * 2^(n-1)), so a fleet of receivers
// does not retry in lock step after a PagerDuty outage.
#include <chrono>
#include <cstdint>
#include <random>

namespace webhook_receiver::pagerduty {

class Backoff {
 public:
  Backoff(std::chrono::milliseconds initial, std::chrono::milliseconds max,
          std::uint64_t seed);

  /// The delay before retry number `failures` (1 for the first retry).
  std::chrono::milliseconds Delay(int failures);
  std::chrono::milliseconds max() const { return max_; }

 private:
  std::chrono::milliseconds initial_;
  std::chrono::milliseconds max_;
  std::mt19937_64 rng_;
};

}  // namespace webhook_receiver::pagerduty
