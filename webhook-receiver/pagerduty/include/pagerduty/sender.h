#pragma once
// How an event travels to PagerDuty. The dispatcher only sees this
// interface, so its retry logic can be driven by a simulated clock while the
// bytes still go to a real (loopback) HTTP endpoint.
#include <string>
#include <string_view>

namespace webhook_receiver::pagerduty {

/// What to do with an event after one attempt.
enum class Verdict {
  kAccepted,     ///< 2xx: delivered
  kRejected,     ///< 400, 413, 422: the event is invalid; never retried
  kRateLimited,  ///< 429: pause the routing key, retry later
  kServerError,  ///< 5xx and other statuses: retry with backoff
  kNetworkError, ///< no HTTP answer (refused, timeout): retry with backoff
};

struct SendResult {
  Verdict verdict = Verdict::kNetworkError;
  long http_status = 0;  ///< 0 when there was no HTTP answer
  /// PagerDuty's message and errors[], or the transport error.
  std::string message;
};

/// Classifies an HTTP status per the Events API v2 contract.
Verdict VerdictForStatus(long http_status);

class EventSender {
 public:
  virtual ~EventSender() = default;
  /// POSTs `body` (JSON) to `url`. Must not throw.
  virtual SendResult Send(const std::string& url, std::string_view body) = 0;
};

}  // namespace webhook_receiver::pagerduty
