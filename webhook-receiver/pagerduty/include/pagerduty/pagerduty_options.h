#pragma once
// The validated `pagerduty:` configuration section (see README.md).
#include <chrono>
#include <map>
#include <string>

#include "pagerduty/dispatcher.h"
#include "pagerduty/event_builder.h"

namespace webhook_receiver::pagerduty {

struct PagerDutyOptions {
  DispatchOptions dispatch;
  EventStyle style;
  /// Target name -> routing key (a secret: never logged or shown).
  std::map<std::string, std::string> routing_keys;
  /// Record automated actions as change events (/v2/change/enqueue).
  bool change_events = false;
  std::chrono::milliseconds request_timeout{std::chrono::seconds(10)};
};

}  // namespace webhook_receiver::pagerduty
