#include "pagerduty/rate_limiter.h"

namespace webhook_receiver::pagerduty {

SlidingWindowLimiter::SlidingWindowLimiter(int max_events,
                                           std::chrono::milliseconds window)
    : max_events_(max_events), window_(window) {}

std::deque<SlidingWindowLimiter::TimePoint>& SlidingWindowLimiter::Expire(
    const std::string& key, TimePoint now) {
  auto& sent = sent_[key];
  while (!sent.empty() && sent.front() + window_ <= now) sent.pop_front();
  return sent;
}

bool SlidingWindowLimiter::TryAcquire(const std::string& key, TimePoint now) {
  auto& sent = Expire(key, now);
  if (static_cast<int>(sent.size()) >= max_events_) return false;
  sent.push_back(now);
  return true;
}

SlidingWindowLimiter::TimePoint SlidingWindowLimiter::NextFree(
    const std::string& key, TimePoint now) {
  auto& sent = Expire(key, now);
  if (static_cast<int>(sent.size()) < max_events_) return now;
  return sent.front() + window_;
}

}  // namespace webhook_receiver::pagerduty
