#include "payload.h"

#include <cctype>
#include <utility>

namespace webhook_receiver {
namespace {

using nlohmann::json;

// Thrown inside the parser only; converted to PayloadError at the boundary.
struct SchemaError {
  std::string message;
};

[[noreturn]] void Fail(const std::string& where, const std::string& what) {
  throw SchemaError{where + ": " + what};
}

const json* Find(const json& object, const char* key) {
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

std::string RequiredString(const json& object, const char* key,
                           const std::string& where) {
  const json* value = Find(object, key);
  if (value == nullptr) Fail(where + key, "missing");
  if (!value->is_string()) Fail(where + key, "expected a string");
  return value->get<std::string>();
}

std::string OptionalString(const json& object, const char* key,
                           const std::string& where) {
  const json* value = Find(object, key);
  if (value == nullptr || value->is_null()) return "";
  if (!value->is_string()) Fail(where + key, "expected a string");
  return value->get<std::string>();
}

LabelSet ToLabelSet(const json& value, const std::string& where) {
  if (!value.is_object()) Fail(where, "expected an object of strings");
  LabelSet labels;
  for (const auto& [name, v] : value.items()) {
    if (!v.is_string()) Fail(where + "." + name, "expected a string");
    labels.emplace(name, v.get<std::string>());
  }
  return labels;
}

LabelSet OptionalLabels(const json& object, const char* key,
                        const std::string& where) {
  const json* value = Find(object, key);
  if (value == nullptr || value->is_null()) return {};
  return ToLabelSet(*value, where + key);
}

std::string Status(const json& object, const std::string& where) {
  std::string status = RequiredString(object, "status", where);
  if (status != "firing" && status != "resolved") {
    Fail(where + "status", "must be \"firing\" or \"resolved\"");
  }
  return status;
}

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

Alert ParseAlert(const json& value, const std::string& where) {
  if (!value.is_object()) Fail(where.substr(0, where.size() - 1), "expected an object");
  Alert alert;
  alert.status = Status(value, where);
  const json* labels = Find(value, "labels");
  if (labels == nullptr) Fail(where + "labels", "missing");
  alert.labels = ToLabelSet(*labels, where + "labels");
  alert.annotations = OptionalLabels(value, "annotations", where);
  alert.starts_at = RequiredString(value, "startsAt", where);
  if (!IsRfc3339(alert.starts_at)) {
    Fail(where + "startsAt", "not an RFC 3339 time");
  }
  alert.ends_at = OptionalString(value, "endsAt", where);
  if (!alert.ends_at.empty() && !IsRfc3339(alert.ends_at)) {
    Fail(where + "endsAt", "not an RFC 3339 time");
  }
  alert.generator_url = OptionalString(value, "generatorURL", where);
  alert.fingerprint = RequiredString(value, "fingerprint", where);
  if (alert.fingerprint.empty() || alert.fingerprint.size() > 64) {
    Fail(where + "fingerprint", "must be 1 to 64 characters");
  }
  return alert;
}

Notification ParseObject(const json& root) {
  if (!root.is_object()) Fail("body", "expected a JSON object");
  Notification n;
  n.version = RequiredString(root, "version", "");
  if (n.version != "4") {
    Fail("version", "unsupported \"" + n.version + "\", expected \"4\"");
  }
  n.group_key = RequiredString(root, "groupKey", "");
  if (const json* t = Find(root, "truncatedAlerts"); t != nullptr) {
    if (!t->is_number_integer() || t->get<long long>() < 0) {
      Fail("truncatedAlerts", "expected a non-negative integer");
    }
    n.truncated_alerts = static_cast<int>(t->get<long long>());
  }
  n.receiver = OptionalString(root, "receiver", "");
  n.status = Status(root, "");
  const json* alerts = Find(root, "alerts");
  if (alerts == nullptr) Fail("alerts", "missing");
  if (!alerts->is_array()) Fail("alerts", "expected an array");
  n.alerts.reserve(alerts->size());
  for (std::size_t i = 0; i < alerts->size(); ++i) {
    n.alerts.push_back(
        ParseAlert((*alerts)[i], "alerts[" + std::to_string(i) + "]."));
  }
  n.group_labels = OptionalLabels(root, "groupLabels", "");
  n.common_labels = OptionalLabels(root, "commonLabels", "");
  n.common_annotations = OptionalLabels(root, "commonAnnotations", "");
  n.external_url = OptionalString(root, "externalURL", "");
  if (const json* r = Find(root, "notification_reason"); r && !r->is_null()) {
    n.notification_reason = OptionalString(root, "notification_reason", "");
  }
  if (const json* r = Find(root, "routeLabels"); r && !r->is_null()) {
    n.route_labels = ToLabelSet(*r, "routeLabels");
  }
  return n;
}

}  // namespace

std::variant<Notification, PayloadError> ParseNotification(
    std::string_view body) {
  json root;
  try {
    root = json::parse(body);
  } catch (const json::exception& e) {
    return PayloadError{std::string("malformed JSON: ") + e.what()};
  }
  try {
    return ParseObject(root);
  } catch (const SchemaError& e) {
    return PayloadError{e.message};
  }
}

nlohmann::json ToJson(const Alert& alert) {
  return {{"status", alert.status},
          {"labels", alert.labels},
          {"annotations", alert.annotations},
          {"startsAt", alert.starts_at},
          {"endsAt", alert.ends_at},
          {"generatorURL", alert.generator_url},
          {"fingerprint", alert.fingerprint}};
}

nlohmann::json ToJson(const Notification& n) {
  json alerts = json::array();
  for (const Alert& alert : n.alerts) alerts.push_back(ToJson(alert));
  json out = {{"version", n.version},
              {"groupKey", n.group_key},
              {"truncatedAlerts", n.truncated_alerts},
              {"receiver", n.receiver},
              {"status", n.status},
              {"alerts", std::move(alerts)},
              {"groupLabels", n.group_labels},
              {"commonLabels", n.common_labels},
              {"commonAnnotations", n.common_annotations},
              {"externalURL", n.external_url}};
  if (n.notification_reason) out["notification_reason"] = *n.notification_reason;
  if (n.route_labels) out["routeLabels"] = *n.route_labels;
  return out;
}

}  // namespace webhook_receiver
