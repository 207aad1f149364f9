#pragma once
// Remediation rules, from the `rules:` section of the config file. A rule
// matches single alerts (not the group's common labels) and owns an ordered
// list of actions plus the safety settings that govern running them.
#include <yaml-cpp/yaml.h>

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "matcher.h"
#include "placeholder_template.h"

namespace webhook_receiver {

using Millis = std::chrono::milliseconds;

enum class ActionType { kExec, kHttp, kKafka };
const char* ActionTypeName(ActionType type);

enum class KafkaOperation { kEnsurePartitions, kSetRetention };

/// One header of an http action. No header value is ever recorded (episodes,
/// audit log, journal); a `secret` one is also cut out of the recorded URL,
/// body and response.
struct HttpHeaderSpec {
  std::string name;
  /// A template, or the literal value read from "file:"/"env:" at load time.
  PlaceholderTemplate value;
  /// From "file:"/"env:", or a credential header (Authorization, Cookie, ...).
  bool secret = false;
};

struct ActionSpec {
  std::string name;  ///< "<rule>/<index>:<type>" unless given
  ActionType type = ActionType::kExec;
  Millis timeout{0};
  // exec
  std::vector<PlaceholderTemplate> argv;
  // http
  std::string method = "POST";
  PlaceholderTemplate url;
  std::vector<HttpHeaderSpec> headers;
  PlaceholderTemplate body;
  // kafka
  KafkaOperation operation = KafkaOperation::kEnsurePartitions;
  PlaceholderTemplate topic;
  PlaceholderTemplate partitions;     ///< integer after substitution
  int max_partitions = 0;             ///< ceiling, required
  PlaceholderTemplate retention;      ///< duration after substitution
  Millis min_retention{0};            ///< floor, required
};

struct EscalationSpec {
  std::string target;
  std::string severity = "critical";
  bool per_group = false;   ///< dedup_key from groupKey instead of episode
  bool immediately = false; ///< page when the episode opens, before actions
};

struct Rule {
  std::string name;
  std::vector<LabelMatcher> matchers;
  bool enforce = false;  ///< mode: enforce; the default mode is dry_run
  ParamPatterns params;
  std::vector<ActionSpec> actions;
  Millis cooldown{0};
  int max_attempts = 1;
  Millis backoff{10000};
  Millis verify_grace{0};  ///< 0: success as soon as the actions succeed
  std::optional<EscalationSpec> escalate;

  bool Matches(const LabelSet& labels) const;
};

/// Parses the rules section (a sequence; null means no rules). Throws
/// exporter_kit::ConfigError naming the key, e.g. "rules[2].actions[0].url".
std::vector<Rule> ParseRules(const YAML::Node& node);

}  // namespace webhook_receiver
