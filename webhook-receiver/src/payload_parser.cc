// ParseNotification: one pass over the body with nlohmann's SAX interface,
// filling the Notification as the events arrive. Building a DOM first (a
// std::map node and a string per key) cost about half of the receiver's CPU
// per notification; the events need no tree.
#include <cctype>
#include <climits>
#include <utility>

#include "payload.h"

namespace webhook_receiver {
namespace {

using nlohmann::json;

bool Digits(std::string_view text, std::size_t pos, std::size_t count) {
  if (pos + count > text.size()) return false;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
  }
  return true;
}

// RFC 3339 as Go writes it: 2026-08-20T10:01:17.123456789Z or +02:00.
bool IsRfc3339(std::string_view t) {
  if (!Digits(t, 0, 4) || t.size() < 20 || t[4] != '-' || !Digits(t, 5, 2) ||
      t[7] != '-' || !Digits(t, 8, 2) || (t[10] != 'T' && t[10] != 't') ||
      !Digits(t, 11, 2) || t[13] != ':' || !Digits(t, 14, 2) ||
      t[16] != ':' || !Digits(t, 17, 2)) {
    return false;
  }
  std::size_t pos = 19;
  if (t[pos] == '.') {
    std::size_t start = ++pos;
    while (pos < t.size() && std::isdigit(static_cast<unsigned char>(t[pos]))) {
      ++pos;
    }
    if (pos == start) return false;
  }
  std::string_view zone = t.substr(pos);
  if (zone == "Z" || zone == "z") return true;
  return zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') &&
         Digits(zone, 1, 2) && zone[3] == ':' && Digits(zone, 4, 2);
}

// Where the parser is: the body, the alerts array, one alert, or a map of
// labels or annotations.
enum class Frame { kRoot, kAlerts, kAlert, kLabels };

bool ValidStatus(const std::string& status) {
  return status == "firing" || status == "resolved";
}

// Receives the parser's events. Every handler returns false to stop at the
// first problem, whose message names the field as "alerts[3].labels.topic".
class NotificationBuilder : public nlohmann::json_sax<json> {
 public:
  Notification notification;
  std::string error;

  bool null() override { return Scalar(Value::kNull, nullptr); }
  bool boolean(bool) override { return Scalar(Value::kOther, nullptr); }
  bool number_integer(number_integer_t value) override {
    return Integer(value >= 0 ? static_cast<long long>(value) : -1);
  }
  bool number_unsigned(number_unsigned_t value) override {
    return Integer(value <= static_cast<number_unsigned_t>(INT_MAX)
                       ? static_cast<long long>(value)
                       : -1);
  }
  bool number_float(number_float_t, const string_t&) override {
    return Scalar(Value::kOther, nullptr);
  }
  bool string(string_t& value) override { return Scalar(Value::kString, &value); }
  bool binary(binary_t&) override { return Scalar(Value::kOther, nullptr); }

  bool start_object(std::size_t) override;
  bool end_object() override;
  bool start_array(std::size_t) override;
  bool end_array() override;
  bool key(string_t& name) override;
  bool parse_error(std::size_t, const std::string&,
                   const nlohmann::detail::exception& e) override {
    error = std::string("malformed JSON: ") + e.what();
    return false;
  }

 private:
  enum class Value { kNull, kString, kOther };
  struct Context {
    Frame frame;
    std::string key;           // the key being read (root, alert, labels)
    LabelSet* labels = nullptr;  // kLabels: where the pairs go
    std::string where;         // kLabels: "alerts[0].labels"
  };

  bool Fail(const std::string& where, const std::string& what) {
    error = where + ": " + what;
    return false;
  }
  /// The alert being read: "alerts[2]".
  std::string AlertName() const {
    return "alerts[" + std::to_string(notification.alerts.size() - 1) + "]";
  }
  std::string AlertWhere() const { return AlertName() + "."; }
  /// The field a value belongs to: "version", "alerts[2].startsAt".
  std::string Field() const {
    const Context& top = stack_.back();
    return (top.frame == Frame::kAlert ? AlertWhere() : std::string()) + top.key;
  }
  bool Scalar(Value type, string_t* text);
  bool Integer(long long value);
  LabelSet& LabelTarget(const std::string& key);
  bool RootString(const std::string& key, Value type, string_t* text);
  bool AlertString(const std::string& key, Value type, string_t* text);
  /// Moves a string value into `target`; null is fine for optional fields.
  bool Store(const std::string& field, Value type, string_t* text, std::string& target,
             bool required);
  bool FinishAlert();
  bool FinishRoot();

  std::vector<Context> stack_;
  int skipped_depth_ = 0;  // nesting inside a value of an unknown field
  // Required fields seen, for the checks at the end of their object.
  bool seen_version_ = false, seen_group_key_ = false, seen_status_ = false;
  bool seen_alerts_ = false;
  bool alert_status_ = false, alert_labels_ = false, alert_starts_ = false;
  bool alert_fingerprint_ = false;
};

bool IsLabelField(Frame frame, const std::string& key) {
  return frame == Frame::kRoot ? key == "groupLabels" || key == "commonLabels" ||
                                     key == "commonAnnotations" || key == "routeLabels"
                               : key == "labels" || key == "annotations";
}

bool IsKnownField(Frame frame, const std::string& key) {
  if (IsLabelField(frame, key)) return true;
  return frame == Frame::kRoot
             ? key == "version" || key == "groupKey" || key == "receiver" || key == "status" ||
                   key == "externalURL" || key == "notification_reason" ||
                   key == "truncatedAlerts" || key == "alerts"
             : key == "status" || key == "startsAt" || key == "endsAt" ||
                   key == "generatorURL" || key == "fingerprint";
}

LabelSet& NotificationBuilder::LabelTarget(const std::string& key) {
  if (stack_.back().frame == Frame::kAlert) {
    Alert& alert = notification.alerts.back();
    if (key == "labels") {
      alert_labels_ = true;
      return alert.labels;
    }
    return alert.annotations;
  }
  if (key == "groupLabels") return notification.group_labels;
  if (key == "commonLabels") return notification.common_labels;
  if (key == "commonAnnotations") return notification.common_annotations;
  return notification.route_labels.emplace();
}

bool NotificationBuilder::start_object(std::size_t) {
  if (skipped_depth_ > 0) return ++skipped_depth_, true;
  if (stack_.empty()) {
    stack_.push_back({Frame::kRoot, {}, nullptr, {}});
    return true;
  }
  Context& top = stack_.back();
  switch (top.frame) {
    case Frame::kAlerts:
      notification.alerts.emplace_back();
      alert_status_ = alert_labels_ = alert_starts_ = alert_fingerprint_ = false;
      stack_.push_back({Frame::kAlert, {}, nullptr, {}});
      return true;
    case Frame::kLabels:
      return Fail(top.where + "." + top.key, "expected a string");
    case Frame::kRoot:
    case Frame::kAlert:
      if (IsLabelField(top.frame, top.key)) {
        std::string where = Field();
        LabelSet& target = LabelTarget(top.key);
        stack_.push_back({Frame::kLabels, {}, &target, std::move(where)});
        return true;
      }
      if (IsKnownField(top.frame, top.key)) return Scalar(Value::kOther, nullptr);
      break;
  }
  skipped_depth_ = 1;  // an unknown field's value: read past it
  return true;
}

bool NotificationBuilder::end_object() {
  if (skipped_depth_ > 0) return --skipped_depth_, true;
  const Frame frame = stack_.back().frame;
  stack_.pop_back();
  if (frame == Frame::kAlert) return FinishAlert();
  if (frame == Frame::kRoot) return FinishRoot();
  return true;
}

bool NotificationBuilder::start_array(std::size_t) {
  if (skipped_depth_ > 0) return ++skipped_depth_, true;
  if (stack_.empty()) return Fail("body", "expected a JSON object");
  Context& top = stack_.back();
  switch (top.frame) {
    case Frame::kRoot:
      if (top.key == "alerts") {
        seen_alerts_ = true;
        stack_.push_back({Frame::kAlerts, {}, nullptr, {}});
        return true;
      }
      [[fallthrough]];
    case Frame::kAlert:
      if (IsKnownField(top.frame, top.key)) return Scalar(Value::kOther, nullptr);
      break;
    case Frame::kAlerts:
    case Frame::kLabels:
      return Scalar(Value::kOther, nullptr);
  }
  skipped_depth_ = 1;
  return true;
}

bool NotificationBuilder::end_array() {
  if (skipped_depth_ > 0) return --skipped_depth_, true;
  stack_.pop_back();  // the alerts array
  return true;
}

bool NotificationBuilder::key(string_t& name) {
  if (skipped_depth_ > 0) return true;
  stack_.back().key = std::move(name);
  return true;
}

bool NotificationBuilder::Integer(long long value) {
  if (skipped_depth_ > 0) return true;
  if (!stack_.empty() && stack_.back().frame == Frame::kRoot &&
      stack_.back().key == "truncatedAlerts") {
    if (value < 0) return Fail("truncatedAlerts", "expected a non-negative integer");
    notification.truncated_alerts = static_cast<int>(value);
    return true;
  }
  return Scalar(Value::kOther, nullptr);
}

bool NotificationBuilder::Scalar(Value type, string_t* text) {
  if (skipped_depth_ > 0) return true;
  if (stack_.empty()) return Fail("body", "expected a JSON object");
  Context& top = stack_.back();
  switch (top.frame) {
    case Frame::kRoot:
      return RootString(top.key, type, text);
    case Frame::kAlert:
      return AlertString(top.key, type, text);
    case Frame::kLabels:
      if (type != Value::kString) return Fail(top.where + "." + top.key, "expected a string");
      top.labels->emplace(std::move(top.key), std::move(*text));
      return true;
    case Frame::kAlerts:
      notification.alerts.emplace_back();
      return Fail(AlertName(), "expected an object");
  }
  return true;
}

bool NotificationBuilder::RootString(const std::string& key, Value type, string_t* text) {
  std::string* target = nullptr;
  bool required = false;
  if (key == "version") {
    target = &notification.version, required = true, seen_version_ = true;
  } else if (key == "groupKey") {
    target = &notification.group_key, required = true, seen_group_key_ = true;
  } else if (key == "status") {
    target = &notification.status, required = true, seen_status_ = true;
  } else if (key == "receiver") {
    target = &notification.receiver;
  } else if (key == "externalURL") {
    target = &notification.external_url;
  } else if (key == "notification_reason") {
    if (type == Value::kNull) return true;
    target = &notification.notification_reason.emplace();
  } else if (key == "truncatedAlerts") {
    if (type == Value::kNull) return true;
    return Fail(key, "expected a non-negative integer");
  } else if (key == "alerts") {
    return Fail(key, "expected an array");
  } else if (key == "groupLabels" || key == "commonLabels" || key == "commonAnnotations" ||
             key == "routeLabels") {
    if (type == Value::kNull) return true;
    return Fail(key, "expected an object of strings");
  } else {
    return true;  // unknown fields are allowed: newer Alertmanagers add some
  }
  if (!Store(key, type, text, *target, required)) return false;
  if (key == "version" && notification.version != "4") {
    return Fail("version", "unsupported \"" + notification.version + "\", expected \"4\"");
  }
  if (key == "status" && !ValidStatus(notification.status)) {
    return Fail("status", "must be \"firing\" or \"resolved\"");
  }
  return true;
}

bool NotificationBuilder::AlertString(const std::string& key, Value type, string_t* text) {
  Alert& alert = notification.alerts.back();
  std::string* target = nullptr;
  bool required = false;
  if (key == "status") {
    target = &alert.status, required = true, alert_status_ = true;
  } else if (key == "startsAt") {
    target = &alert.starts_at, required = true, alert_starts_ = true;
  } else if (key == "fingerprint") {
    target = &alert.fingerprint, required = true, alert_fingerprint_ = true;
  } else if (key == "endsAt") {
    target = &alert.ends_at;
  } else if (key == "generatorURL") {
    target = &alert.generator_url;
  } else if (key == "labels") {
    if (type == Value::kNull) return Fail(AlertWhere() + key, "missing");
    return Fail(AlertWhere() + key, "expected an object of strings");
  } else if (key == "annotations") {
    if (type == Value::kNull) return true;
    return Fail(AlertWhere() + key, "expected an object of strings");
  } else {
    return true;
  }
  return Store(AlertWhere() + key, type, text, *target, required);
}

bool NotificationBuilder::Store(const std::string& field, Value type, string_t* text,
                                std::string& target, bool required) {
  if (type == Value::kNull && !required) return true;
  if (type != Value::kString) {
    return Fail(field, type == Value::kNull ? "missing" : "expected a string");
  }
  target = std::move(*text);
  return true;
}

bool NotificationBuilder::FinishAlert() {
  const Alert& alert = notification.alerts.back();
  const std::string where = AlertWhere();
  if (!alert_status_) return Fail(where + "status", "missing");
  if (!ValidStatus(alert.status)) return Fail(where + "status", "must be \"firing\" or \"resolved\"");
  if (!alert_labels_) return Fail(where + "labels", "missing");
  if (!alert_starts_) return Fail(where + "startsAt", "missing");
  if (!IsRfc3339(alert.starts_at)) return Fail(where + "startsAt", "not an RFC 3339 time");
  if (!alert.ends_at.empty() && !IsRfc3339(alert.ends_at)) {
    return Fail(where + "endsAt", "not an RFC 3339 time");
  }
  if (!alert_fingerprint_) return Fail(where + "fingerprint", "missing");
  if (alert.fingerprint.empty() || alert.fingerprint.size() > 64) {
    return Fail(where + "fingerprint", "must be 1 to 64 characters");
  }
  return true;
}

bool NotificationBuilder::FinishRoot() {
  if (!seen_version_) return Fail("version", "missing");
  if (!seen_group_key_) return Fail("groupKey", "missing");
  if (!seen_status_) return Fail("status", "missing");
  if (!seen_alerts_) return Fail("alerts", "missing");
  return true;
}

}  // namespace

std::variant<Notification, PayloadError> ParseNotification(std::string_view body) {
  NotificationBuilder builder;
  const bool ok = json::sax_parse(body, &builder);
  if (!ok || !builder.error.empty()) {
    return PayloadError{builder.error.empty() ? "malformed JSON" : builder.error};
  }
  return std::move(builder.notification);
}

}  // namespace webhook_receiver
