#pragma once
// exec actions: argv from the rule with validated label values substituted,
// the same values in KWR_PARAM_<NAME> environment variables; no shell.
#include "action.h"

namespace webhook_receiver {

class ExecActionRunner : public ActionRunner {
 public:
  ActionResult Run(const ActionSpec& spec, const ActionContext& context) override;
};

/// The environment an exec action gets: a fixed PATH and the KWR_* variables.
std::vector<std::string> ExecEnvironment(const ActionContext& context);

}  // namespace webhook_receiver
