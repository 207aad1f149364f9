#pragma once
// What an action needs to run, what it reports, and the runner interface that
// exec, http and kafka actions implement. Runners execute on worker threads,
// never on an HTTP thread.
#include <chrono>
#include <string>

#include <nlohmann/json.hpp>

#include "placeholder_template.h"
#include "rule.h"

namespace webhook_receiver {

struct ActionContext {
  std::string rule;
  std::string fingerprint;
  std::string starts_at;
  ParamValues params;  ///< already checked against the rule's patterns
  bool dry_run = false;
};

enum class ActionOutcome { kSuccess, kFailure, kTimeout, kDryRun, kUnknown };
const char* ActionOutcomeName(ActionOutcome outcome);
ActionOutcome ParseActionOutcome(const std::string& name);

struct ActionResult {
  ActionOutcome outcome = ActionOutcome::kFailure;
  std::string detail;  ///< one line for people: exit code, HTTP status, ...
  /// What was (or would have been) done, output captured, and for kafka the
  /// previous value (for rollback).
  nlohmann::json record = nlohmann::json::object();

  bool Succeeded() const {
    return outcome == ActionOutcome::kSuccess || outcome == ActionOutcome::kDryRun;
  }
};

class ActionRunner {
 public:
  virtual ~ActionRunner() = default;
  /// Runs (or under dry_run, describes) `spec` for one alert. Never throws.
  virtual ActionResult Run(const ActionSpec& spec, const ActionContext& context) = 0;
};

}  // namespace webhook_receiver
