#include "rule.h"

#include <regex>
#include <set>

#include "exporter_kit/config.h"
#include "exporter_kit/duration.h"

namespace webhook_receiver {
namespace {

using exporter_kit::ConfigError;

void CheckKeys(const YAML::Node& node, const std::set<std::string>& allowed,
               const std::string& where) {
  if (!node.IsMap()) throw ConfigError(where + ": expected a mapping");
  for (const auto& kv : node) {
    std::string key = kv.first.as<std::string>();
    if (!allowed.contains(key)) {
      throw ConfigError(where + "." + key + ": unknown key");
    }
  }
}

std::string Scalar(const YAML::Node& node, const std::string& where) {
  if (!node.IsScalar()) throw ConfigError(where + ": expected a scalar");
  return node.as<std::string>();
}

std::string StringOr(const YAML::Node& parent, const char* key,
                     const std::string& fallback, const std::string& where) {
  YAML::Node node = parent[key];
  return node ? Scalar(node, where + "." + key) : fallback;
}

Millis DurationOr(const YAML::Node& parent, const char* key, Millis fallback,
                  const std::string& where) {
  YAML::Node node = parent[key];
  if (!node) return fallback;
  try {
    return exporter_kit::ParseDuration(Scalar(node, where + "." + key));
  } catch (const std::invalid_argument& e) {
    throw ConfigError(where + "." + key + ": " + e.what());
  }
}

int IntOr(const YAML::Node& parent, const char* key, int fallback, int min,
          const std::string& where) {
  YAML::Node node = parent[key];
  if (!node) return fallback;
  int value = 0;
  try {
    value = node.as<int>();
  } catch (const YAML::Exception&) {
    throw ConfigError(where + "." + key + ": expected an integer");
  }
  if (value < min) {
    throw ConfigError(where + "." + key + ": must be at least " +
                      std::to_string(min));
  }
  return value;
}

PlaceholderTemplate Template(const YAML::Node& parent, const char* key,
                             const Rule& rule, const std::string& where,
                             bool required) {
  YAML::Node node = parent[key];
  if (!node) {
    if (required) throw ConfigError(where + "." + key + ": missing");
    return {};
  }
  return PlaceholderTemplate(Scalar(node, where + "." + key), rule.params,
                             where + "." + key);
}

void ParseExec(const YAML::Node& node, const Rule& rule, ActionSpec& action,
               const std::string& where) {
  CheckKeys(node, {"type", "name", "timeout", "command"}, where);
  YAML::Node command = node["command"];
  if (!command || !command.IsSequence() || command.size() == 0) {
    throw ConfigError(where + ".command: expected a non-empty list (argv)");
  }
  for (std::size_t i = 0; i < command.size(); ++i) {
    std::string at = where + ".command[" + std::to_string(i) + "]";
    action.argv.emplace_back(Scalar(command[i], at), rule.params, at);
  }
  if (!action.argv.front().names().empty()) {
    throw ConfigError(where + ".command[0]: the program may not be a placeholder");
  }
}

// Headers that carry credentials by their nature, whatever their value.
bool IsCredentialHeader(const std::string& name) {
  static const std::regex kCredential(
      "cookie|.*(auth|token|key|secret|password).*",
      std::regex::icase);
  return std::regex_match(name, kCredential);
}

// "file:/path" or "env:NAME" keeps a credential out of the rules file. It is
// read here, so at start-up, --check-config and every SIGHUP reload, and then
// taken literally: a brace in a token is not a placeholder.
HttpHeaderSpec ParseHeader(const std::string& name, const YAML::Node& value, const Rule& rule,
                           const std::string& where) {
  const std::string at = where + ".headers." + name;
  const std::string text = Scalar(value, at);
  HttpHeaderSpec header{name, {}, IsCredentialHeader(name)};
  if (!text.starts_with("file:") && !text.starts_with("env:")) {
    header.value = PlaceholderTemplate(text, rule.params, at);
    return header;
  }
  const std::string what = at + " (rule \"" + rule.name + "\")";
  std::string secret = exporter_kit::ResolveSecret(text, what);
  // A line break would start a header of the secret's choosing.
  if (secret.find_first_of("\r\n") != std::string::npos) {
    throw ConfigError(what + ": the value from " + text + " must be a single line");
  }
  header.value = PlaceholderTemplate::Literal(std::move(secret));
  header.secret = true;
  return header;
}

void ParseHttp(const YAML::Node& node, const Rule& rule, ActionSpec& action,
               const std::string& where) {
  CheckKeys(node, {"type", "name", "timeout", "method", "url", "headers", "body"},
            where);
  action.method = StringOr(node, "method", "POST", where);
  static const std::set<std::string> kMethods{"GET", "POST", "PUT", "PATCH",
                                              "DELETE"};
  if (!kMethods.contains(action.method)) {
    throw ConfigError(where + ".method: must be GET, POST, PUT, PATCH or DELETE");
  }
  action.url = Template(node, "url", rule, where, true);
  if (!action.url.text().starts_with("http://") &&
      !action.url.text().starts_with("https://")) {
    throw ConfigError(where + ".url: must start with http:// or https://");
  }
  if (YAML::Node headers = node["headers"]) {
    if (!headers.IsMap()) throw ConfigError(where + ".headers: expected a mapping");
    for (const auto& kv : headers) {
      action.headers.push_back(ParseHeader(kv.first.as<std::string>(), kv.second, rule, where));
    }
  }
  action.body = Template(node, "body", rule, where, false);
}

void ParseKafka(const YAML::Node& node, const Rule& rule, ActionSpec& action,
                const std::string& where) {
  CheckKeys(node, {"type", "name", "timeout", "operation", "topic", "partitions",
                   "max_partitions", "retention", "min_retention"},
            where);
  std::string op = StringOr(node, "operation", "", where);
  action.topic = Template(node, "topic", rule, where, true);
  if (op == "ensure_partitions") {
    action.operation = KafkaOperation::kEnsurePartitions;
    action.partitions = Template(node, "partitions", rule, where, true);
    action.max_partitions = IntOr(node, "max_partitions", 0, 1, where);
    if (action.max_partitions == 0) {
      throw ConfigError(where + ".max_partitions: required (the ceiling)");
    }
  } else if (op == "set_retention") {
    action.operation = KafkaOperation::kSetRetention;
    action.retention = Template(node, "retention", rule, where, true);
    action.min_retention = DurationOr(node, "min_retention", Millis{0}, where);
    if (action.min_retention.count() <= 0) {
      throw ConfigError(where + ".min_retention: required (the floor)");
    }
  } else {
    throw ConfigError(where +
                      ".operation: must be ensure_partitions or set_retention");
  }
}

ActionSpec ParseAction(const YAML::Node& node, const Rule& rule,
                       std::size_t index, const std::string& where) {
  if (!node.IsMap()) throw ConfigError(where + ": expected a mapping");
  ActionSpec action;
  std::string type = StringOr(node, "type", "", where);
  action.timeout = DurationOr(node, "timeout", Millis{0}, where);
  if (type == "exec") {
    action.type = ActionType::kExec;
    ParseExec(node, rule, action, where);
  } else if (type == "http") {
    action.type = ActionType::kHttp;
    ParseHttp(node, rule, action, where);
  } else if (type == "kafka") {
    action.type = ActionType::kKafka;
    ParseKafka(node, rule, action, where);
  } else {
    throw ConfigError(where + ".type: must be exec, http or kafka");
  }
  action.name = StringOr(node, "name",
                         rule.name + "/" + std::to_string(index) + ":" + type,
                         where);
  return action;
}

EscalationSpec ParseEscalation(const YAML::Node& node, const std::string& where) {
  CheckKeys(node, {"target", "severity", "dedup", "immediately"}, where);
  EscalationSpec spec;
  spec.target = StringOr(node, "target", "", where);
  if (spec.target.empty()) throw ConfigError(where + ".target: missing");
  spec.severity = StringOr(node, "severity", "critical", where);
  static const std::set<std::string> kSeverities{"critical", "error", "warning",
                                                 "info"};
  if (!kSeverities.contains(spec.severity)) {
    throw ConfigError(where + ".severity: must be critical, error, warning or info");
  }
  std::string dedup = StringOr(node, "dedup", "episode", where);
  if (dedup != "episode" && dedup != "group") {
    throw ConfigError(where + ".dedup: must be episode or group");
  }
  spec.per_group = dedup == "group";
  if (YAML::Node now = node["immediately"]) spec.immediately = now.as<bool>();
  return spec;
}

Rule ParseRule(const YAML::Node& node, const std::string& where) {
  CheckKeys(node, {"name", "matchers", "mode", "params", "actions", "cooldown",
                   "max_attempts", "backoff", "timeout", "verify_grace",
                   "escalate"},
            where);
  Rule rule;
  rule.name = StringOr(node, "name", "", where);
  if (rule.name.empty()) throw ConfigError(where + ".name: missing");
  YAML::Node matchers = node["matchers"];
  if (!matchers || !matchers.IsSequence() || matchers.size() == 0) {
    throw ConfigError(where + ".matchers: expected a non-empty list");
  }
  for (std::size_t i = 0; i < matchers.size(); ++i) {
    std::string at = where + ".matchers[" + std::to_string(i) + "]";
    rule.matchers.push_back(LabelMatcher::Parse(Scalar(matchers[i], at), at));
  }
  std::string mode = StringOr(node, "mode", "dry_run", where);
  if (mode != "dry_run" && mode != "enforce") {
    throw ConfigError(where + ".mode: must be dry_run or enforce");
  }
  rule.enforce = mode == "enforce";
  if (YAML::Node params = node["params"]) {
    if (!params.IsMap()) throw ConfigError(where + ".params: expected a mapping");
    for (const auto& kv : params) {
      std::string name = kv.first.as<std::string>();
      std::string at = where + ".params." + name;
      std::string pattern = Scalar(kv.second, at);
      exporter_kit::ValidateRegex(pattern, at);
      rule.params.emplace(name, std::regex(pattern, std::regex::ECMAScript));
    }
  }
  rule.cooldown = DurationOr(node, "cooldown", Millis{0}, where);
  rule.max_attempts = IntOr(node, "max_attempts", 1, 1, where);
  rule.backoff = DurationOr(node, "backoff", Millis{10000}, where);
  Millis timeout = DurationOr(node, "timeout", Millis{60000}, where);
  rule.verify_grace = DurationOr(node, "verify_grace", Millis{0}, where);
  if (YAML::Node escalate = node["escalate"]) {
    rule.escalate = ParseEscalation(escalate, where + ".escalate");
  }
  if (YAML::Node actions = node["actions"]) {
    if (!actions.IsSequence()) throw ConfigError(where + ".actions: expected a list");
    for (std::size_t i = 0; i < actions.size(); ++i) {
      ActionSpec action = ParseAction(actions[i], rule, i,
                                      where + ".actions[" + std::to_string(i) + "]");
      if (action.timeout.count() == 0) action.timeout = timeout;
      rule.actions.push_back(std::move(action));
    }
  }
  if (rule.actions.empty() && !rule.escalate) {
    throw ConfigError(where + ": a rule needs actions, escalate, or both");
  }
  return rule;
}

}  // namespace

const char* ActionTypeName(ActionType type) {
  switch (type) {
    case ActionType::kExec:
      return "exec";
    case ActionType::kHttp:
      return "http";
    case ActionType::kKafka:
      return "kafka";
  }
  return "unknown";
}

bool Rule::Matches(const LabelSet& labels) const {
  for (const LabelMatcher& m : matchers) {
    if (!m.Matches(labels)) return false;
  }
  return true;
}

std::vector<Rule> ParseRules(const YAML::Node& node) try {
  std::vector<Rule> rules;
  if (!node || node.IsNull()) return rules;
  if (!node.IsSequence()) throw ConfigError("rules: expected a list of rules");
  std::set<std::string> names;
  for (std::size_t i = 0; i < node.size(); ++i) {
    std::string where = "rules[" + std::to_string(i) + "]";
    Rule rule = ParseRule(node[i], where);
    if (!names.insert(rule.name).second) {
      throw ConfigError(where + ".name: duplicate rule name \"" + rule.name + "\"");
    }
    rules.push_back(std::move(rule));
  }
  return rules;
} catch (const YAML::Exception& e) {
  throw ConfigError(std::string("rules: ") + e.what());
}

}  // namespace webhook_receiver
