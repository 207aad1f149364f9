// Parsing of the `pagerduty:` section; the only file that needs exporter_kit.
#include <exporter_kit/config.h>
#include <exporter_kit/duration.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "pagerduty/pagerduty_escalation.h"

namespace webhook_receiver::pagerduty {
namespace {

using exporter_kit::ConfigError;

const std::string kPrefix = "pagerduty";

bool IsSeverity(const std::string& s) {
  return s == "critical" || s == "error" || s == "warning" || s == "info";
}

void RejectUnknownKeys(const YAML::Node& map, const std::string& where,
                       const std::set<std::string>& allowed) {
  for (const auto& item : map) {
    const auto key = item.first.as<std::string>();
    if (!allowed.contains(key)) {
      std::string expected;
      for (const auto& a : allowed) expected += (expected.empty() ? "" : ", ") + a;
      throw ConfigError(where + "." + key + ": unknown key (expected one of: " +
                        expected + ")");
    }
  }
}

template <typename T>
T Scalar(const YAML::Node& node, const std::string& where, const char* kind) {
  if (!node.IsScalar()) throw ConfigError(where + ": must be " + kind);
  try {
    return node.as<T>();
  } catch (const YAML::Exception&) {
    throw ConfigError(where + ": must be " + kind + ", got \"" +
                      node.as<std::string>() + "\"");
  }
}

std::chrono::milliseconds DurationKey(const YAML::Node& node,
                                      const std::string& where,
                                      std::chrono::milliseconds min,
                                      std::chrono::milliseconds max) {
  const auto text = Scalar<std::string>(node, where, "a duration (e.g. 30s)");
  std::chrono::milliseconds value;
  try {
    value = exporter_kit::ParseDuration(text);
  } catch (const std::exception& e) {
    throw ConfigError(where + ": " + e.what());
  }
  if (value < min || value > max) {
    throw ConfigError(where + ": must be between " +
                      exporter_kit::FormatDuration(min) + " and " +
                      exporter_kit::FormatDuration(max) + ", got " + text);
  }
  return value;
}

std::string BaseUrl(const YAML::Node& node, const std::string& where) {
  auto url = Scalar<std::string>(node, where, "a URL");
  if (url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0) {
    throw ConfigError(where + ": must start with https:// or http://, got \"" +
                      url + "\"");
  }
  while (url.ends_with('/')) url.pop_back();
  return url;
}

// "file:/path" or "env:NAME" only: a literal key would sit in the config.
std::string RoutingKey(const YAML::Node& node, const std::string& where) {
  const auto spec =
      Scalar<std::string>(node, where, "\"file:/path\" or \"env:NAME\"");
  if (spec.rfind("file:", 0) != 0 && spec.rfind("env:", 0) != 0) {
    throw ConfigError(where +
                      ": must be \"file:/path\" or \"env:NAME\" (a literal key "
                      "would be a secret in the config file)");
  }
  std::string key = exporter_kit::ResolveSecret(spec, where);
  const auto space = [](unsigned char c) { return std::isspace(c) != 0; };
  key.erase(std::find_if_not(key.rbegin(), key.rend(), space).base(), key.end());
  key.erase(key.begin(), std::find_if_not(key.begin(), key.end(), space));
  if (key.size() != 32) {
    throw ConfigError(where + ": the key from " + spec +
                      " must be 32 characters (a PagerDuty integration key), "
                      "got " + std::to_string(key.size()));
  }
  return key;
}

void ParseTargets(const YAML::Node& node, const std::string& where,
                  PagerDutyOptions& options) {
  if (!node.IsMap() || node.size() == 0) {
    throw ConfigError(where +
                      ": must map at least one target name to {routing_key}");
  }
  for (const auto& item : node) {
    const auto name = item.first.as<std::string>();
    const std::string here = where + "." + name;
    if (name.empty() ||
        !std::all_of(name.begin(), name.end(), [](unsigned char c) {
          return std::isalnum(c) || c == '_' || c == '-' || c == '.';
        })) {
      throw ConfigError(here + ": a target name may use letters, digits, _ - .");
    }
    if (!item.second.IsMap()) throw ConfigError(here + ": must be a map");
    RejectUnknownKeys(item.second, here, {"routing_key"});
    if (!item.second["routing_key"]) {
      throw ConfigError(here + ".routing_key: required");
    }
    options.routing_keys[name] =
        RoutingKey(item.second["routing_key"], here + ".routing_key");
  }
}

void ParseRetry(const YAML::Node& node, const std::string& where,
                DispatchOptions& dispatch) {
  using namespace std::chrono_literals;
  if (!node.IsMap()) throw ConfigError(where + ": must be a map");
  RejectUnknownKeys(node, where, {"initial_backoff", "max_backoff"});
  if (node["initial_backoff"]) {
    dispatch.initial_backoff =
        DurationKey(node["initial_backoff"], where + ".initial_backoff", 10ms, 10min);
  }
  if (node["max_backoff"]) {
    dispatch.max_backoff =
        DurationKey(node["max_backoff"], where + ".max_backoff", 10ms, 1h);
  }
  if (dispatch.max_backoff < dispatch.initial_backoff) {
    throw ConfigError(where + ".max_backoff: must not be below initial_backoff");
  }
}

void ParseSeverityMap(const YAML::Node& node, const std::string& where,
                      EventStyle& style) {
  if (!node.IsMap()) throw ConfigError(where + ": must be a map");
  for (const auto& item : node) {
    auto label = item.first.as<std::string>();
    std::transform(label.begin(), label.end(), label.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    const auto value = Scalar<std::string>(item.second, where + "." + label,
                                           "critical, error, warning or info");
    if (!IsSeverity(value)) {
      throw ConfigError(where + "." + label +
                        ": must be critical, error, warning or info, got \"" +
                        value + "\"");
    }
    style.severity_map[label] = value;
  }
}

}  // namespace

PagerDutyOptions ParsePagerDutyOptions(const YAML::Node& section) {
  using namespace std::chrono_literals;
  if (!section || !section.IsMap()) {
    throw ConfigError(kPrefix + ": must be a map with at least `targets`");
  }
  RejectUnknownKeys(section, kPrefix,
                    {"base_url", "change_events", "client", "client_url",
                     "default_severity", "rate_limit_per_minute",
                     "request_timeout", "retry", "severity_map", "targets"});
  PagerDutyOptions options;
  const auto key = [](const char* name) { return kPrefix + "." + name; };
  if (section["base_url"]) {
    options.dispatch.base_url = BaseUrl(section["base_url"], key("base_url"));
  }
  if (section["client"]) {
    options.style.client = Scalar<std::string>(section["client"], key("client"), "a string");
  }
  if (section["client_url"]) {
    options.style.client_url = BaseUrl(section["client_url"], key("client_url"));
  }
  if (section["default_severity"]) {
    const auto severity = Scalar<std::string>(
        section["default_severity"], key("default_severity"), "a severity");
    if (!IsSeverity(severity)) {
      throw ConfigError(key("default_severity") +
                        ": must be critical, error, warning or info, got \"" +
                        severity + "\"");
    }
    options.style.default_severity = severity;
  }
  if (section["severity_map"]) {
    ParseSeverityMap(section["severity_map"], key("severity_map"), options.style);
  }
  if (section["change_events"]) {
    options.change_events = Scalar<bool>(section["change_events"],
                                         key("change_events"), "true or false");
  }
  if (section["rate_limit_per_minute"]) {
    const int limit = Scalar<int>(section["rate_limit_per_minute"],
                                  key("rate_limit_per_minute"), "an integer");
    if (limit < 1 || limit > 120) {
      throw ConfigError(key("rate_limit_per_minute") +
                        ": must be between 1 and 120 (PagerDuty's limit per "
                        "routing key), got " + std::to_string(limit));
    }
    options.dispatch.rate_limit_per_minute = limit;
  }
  if (section["request_timeout"]) {
    options.request_timeout =
        DurationKey(section["request_timeout"], key("request_timeout"), 100ms, 5min);
  }
  if (section["retry"]) ParseRetry(section["retry"], key("retry"), options.dispatch);
  if (!section["targets"]) throw ConfigError(key("targets") + ": required");
  ParseTargets(section["targets"], key("targets"), options);
  if (options.change_events) {
    for (const auto& [name, routing_key] : options.routing_keys) {
      if (routing_key.starts_with('R')) {
        spdlog::warn(
            "pagerduty.targets.{}: a ruleset key (starting with R) does not "
            "accept change events; they will be rejected",
            name);
      }
    }
  }
  return options;
}

std::unique_ptr<PagerDutyEscalation> MakePagerDutyEscalation(
    const YAML::Node& section, const std::filesystem::path& storage_dir,
    std::shared_ptr<prometheus::Registry> metrics) {
  return std::make_unique<PagerDutyEscalation>(
      ParsePagerDutyOptions(section), storage_dir, std::move(metrics));
}

}  // namespace webhook_receiver::pagerduty
