#pragma once
// The command line of kafka-mock-cluster (Boost.Program_options).
#include <optional>
#include <stdexcept>
#include <string>

#include "scale_scenario.h"

namespace mock_cluster {

/// \brief A bad command line; the process prints it and exits with code 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct CliOptions {
  bool help = false;
  bool version = false;
  std::optional<std::string> scenario_file;
  std::optional<int> brokers;
  ScaleOptions scale;
  std::string log_level = "info";
  std::string log_format = "logfmt";
};

/// Throws UsageError naming the flag at fault.
CliOptions ParseCommandLine(int argc, const char* const argv[]);
/// The --help text.
std::string HelpText();

}  // namespace mock_cluster
