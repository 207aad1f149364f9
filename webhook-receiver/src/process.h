#pragma once
// Runs a program with an argv and environment of our choosing: no shell, its
// own process group (so a timeout kills everything it started), stdin from
// /dev/null, stdout and stderr captured together up to a bound.
#include <chrono>
#include <string>
#include <vector>

namespace webhook_receiver {

struct ProcessResult {
  bool started = false;
  std::string error;    ///< why it did not start
  bool timed_out = false;
  int exit_code = -1;   ///< -1 if killed by a signal
  int signal = 0;
  std::string output;   ///< first max_output bytes of stdout+stderr
  bool output_truncated = false;
};

struct ProcessOptions {
  std::chrono::milliseconds timeout{60000};
  /// After the timeout: SIGTERM to the group, then SIGKILL after this.
  std::chrono::milliseconds kill_grace{2000};
  std::size_t max_output = 64 * 1024;
};

ProcessResult RunProcess(const std::vector<std::string>& argv,
                         const std::vector<std::string>& env,
                         const ProcessOptions& options);

}  // namespace webhook_receiver
