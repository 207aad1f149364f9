#include "exec_action.h"

#include <cctype>

#include "process.h"

namespace webhook_receiver {
namespace {

// Environment names are restricted to [A-Z0-9_] whatever the label is called.
std::string EnvName(std::string_view name) {
  std::string out = "KWR_PARAM_";
  for (char c : name) {
    out.push_back(std::isalnum(static_cast<unsigned char>(c))
                      ? static_cast<char>(std::toupper(static_cast<unsigned char>(c)))
                      : '_');
  }
  return out;
}

}  // namespace

std::vector<std::string> ExecEnvironment(const ActionContext& context) {
  std::vector<std::string> env{"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                               "KWR_RULE=" + context.rule,
                               "KWR_FINGERPRINT=" + context.fingerprint,
                               "KWR_STARTS_AT=" + context.starts_at};
  for (const auto& [name, value] : context.params) {
    env.push_back(EnvName(name) + "=" + value);
  }
  return env;
}

ActionResult ExecActionRunner::Run(const ActionSpec& spec,
                                   const ActionContext& context) {
  std::vector<std::string> argv;
  for (const PlaceholderTemplate& arg : spec.argv) argv.push_back(arg.Render(context.params));
  ActionResult result;
  result.record["argv"] = argv;
  if (context.dry_run) {
    result.outcome = ActionOutcome::kDryRun;
    result.detail = "dry run: would execute " + argv.front();
    return result;
  }
  ProcessOptions options;
  options.timeout = spec.timeout;
  ProcessResult process = RunProcess(argv, ExecEnvironment(context), options);
  result.record["output"] = process.output;
  if (process.output_truncated) result.record["output_truncated"] = true;
  if (!process.started) {
    result.detail = "did not start: " + process.error;
  } else if (process.timed_out) {
    result.outcome = ActionOutcome::kTimeout;
    result.detail = "killed after the " + std::to_string(spec.timeout.count()) +
                    " ms timeout";
  } else if (process.signal != 0) {
    result.detail = "killed by signal " + std::to_string(process.signal);
  } else {
    result.record["exit_code"] = process.exit_code;
    result.detail = "exit code " + std::to_string(process.exit_code);
    if (process.exit_code == 0) result.outcome = ActionOutcome::kSuccess;
  }
  return result;
}

}  // namespace webhook_receiver
