#pragma once
// At most N sends per routing key in any 60-second window (PagerDuty drops
// events over ~120/min per integration key with a 429).
#include <chrono>
#include <deque>
#include <map>
#include <string>

namespace webhook_receiver::pagerduty {

class SlidingWindowLimiter {
 public:
  using TimePoint = std::chrono::system_clock::time_point;

  SlidingWindowLimiter(int max_events, std::chrono::milliseconds window);

  /// Takes a slot for `key` at `now` if one is free.
  bool TryAcquire(const std::string& key, TimePoint now);
  /// When the next slot for `key` frees up (now if one is free).
  TimePoint NextFree(const std::string& key, TimePoint now);

 private:
  std::deque<TimePoint>& Expire(const std::string& key, TimePoint now);

  int max_events_;
  std::chrono::milliseconds window_;
  std::map<std::string, std::deque<TimePoint>> sent_;
};

}  // namespace webhook_receiver::pagerduty
