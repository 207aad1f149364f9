#include "payload.h"

namespace webhook_receiver {

using nlohmann::json;

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
