#pragma once
// The Alertmanager webhook payload, version 4, with every field. Parsing is
// strict about types and required fields (a clear 400 beats a silent
// misfire) and lenient about unknown fields, which newer Alertmanagers add.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

namespace webhook_receiver {

using LabelSet = std::map<std::string, std::string>;

struct Alert {
  std::string status;  ///< "firing" or "resolved"
  LabelSet labels;
  LabelSet annotations;
  std::string starts_at;  ///< RFC 3339 as sent: part of the episode identity
  std::string ends_at;
  std::string generator_url;
  std::string fingerprint;

  bool Firing() const { return status == "firing"; }
};

struct Notification {
  std::string version;
  std::string group_key;
  int truncated_alerts = 0;
  std::string receiver;
  std::string status;
  std::vector<Alert> alerts;
  LabelSet group_labels;
  LabelSet common_labels;
  LabelSet common_annotations;
  std::string external_url;
  std::optional<std::string> notification_reason;  ///< Alertmanager 0.32+
  std::optional<LabelSet> route_labels;            ///< Alertmanager 0.34+
};

/// \brief The reason a payload was rejected; `message` names the field.
struct PayloadError {
  std::string message;
};

/// Parses and validates a webhook body. Returns the notification, or the
/// first problem found ("alerts[3].labels.topic: expected a string").
std::variant<Notification, PayloadError> ParseNotification(
    std::string_view body);

nlohmann::json ToJson(const Alert& alert);
nlohmann::json ToJson(const Notification& notification);

}  // namespace webhook_receiver
