#pragma once
// The seam between remediation and paging. The receiver decides *when* to
// escalate; an Escalation implementation (PagerDuty's Events API v2, in
// webhook-receiver/pagerduty/) decides *how* and owns delivery: it must
// persist an event before returning, so that a crash after Trigger() returns
// still delivers it.
#include <chrono>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace webhook_receiver {

struct EscalationLink {
  std::string href;
  std::string text;
};

/// One page, or an update to it. Fields follow the Events API v2 payload.
struct EscalationEvent {
  /// Which configured escalation target (routing key) to use, by name.
  std::string target;
  /// Stable per episode (or per Alertmanager group key): repeats update one
  /// incident.
  std::string dedup_key;
  std::string summary;   ///< cut to 1024 characters by the implementation
  std::string source;    ///< e.g. the alert's instance or the cluster
  std::string severity;  ///< critical, error, warning or info
  std::string component;
  std::string group;
  std::string event_class;
  std::chrono::system_clock::time_point timestamp;
  /// What was tried and each result, the alert's labels and annotations.
  nlohmann::json custom_details = nlohmann::json::object();
  std::vector<EscalationLink> links;  ///< runbook_url, generatorURL, status page
};

/// A record of an automated action, for PagerDuty change events (never pages).
struct ChangeRecord {
  std::string target;
  std::string summary;
  std::string source;
  std::chrono::system_clock::time_point timestamp;
  nlohmann::json custom_details = nlohmann::json::object();
  std::vector<EscalationLink> links;
};

class Escalation {
 public:
  virtual ~Escalation() = default;
  /// Opens or updates the incident for event.dedup_key. Durable on return.
  virtual void Trigger(const EscalationEvent& event) = 0;
  /// Acknowledges the incident (a rule may ask for it).
  virtual void Acknowledge(const std::string& target,
                           const std::string& dedup_key) = 0;
  /// Resolves the incident; never delivered before its trigger.
  virtual void Resolve(const std::string& target,
                       const std::string& dedup_key) = 0;
  /// Records an automated action as a change event, if enabled.
  virtual void RecordChange(const ChangeRecord& change) = 0;
  /// True if `target` names a configured escalation target.
  virtual bool HasTarget(const std::string& target) const = 0;
};

}  // namespace webhook_receiver
