#include "pagerduty/sender.h"

namespace webhook_receiver::pagerduty {

Verdict VerdictForStatus(long http_status) {
  if (http_status >= 200 && http_status < 300) return Verdict::kAccepted;
  if (http_status == 400 || http_status == 413 || http_status == 422) {
    return Verdict::kRejected;
  }
  if (http_status == 429) return Verdict::kRateLimited;
  // 5xx, and statuses a misconfigured proxy or base URL may give (401, 403,
  // 404, 408): keep the event; the operator can fix the config and restart.
  return Verdict::kServerError;
}

}  // namespace webhook_receiver::pagerduty
