#pragma once
// Secret flags given literally on the command line, where every local user
// can read them (ps, /proc/<pid>/cmdline). file:/path and env:NAME are not
// literal, and the config file is not the command line.
#include <boost/program_options.hpp>
#include <set>
#include <string>
#include <vector>

namespace exporter_kit {

/// Names (without "--") of the flags in `secret_flags` that `command_line`
/// gives a literal value, each once, in the order first given.
std::vector<std::string> LiteralSecretsOnCommandLine(
    const std::vector<boost::program_options::option>& command_line,
    const std::set<std::string>& secret_flags);

}  // namespace exporter_kit
