#include "command_line_secrets.h"

#include <algorithm>

namespace exporter_kit {

std::vector<std::string> LiteralSecretsOnCommandLine(
    const std::vector<boost::program_options::option>& command_line,
    const std::set<std::string>& secret_flags) {
  std::vector<std::string> literal;
  for (const auto& option : command_line) {
    if (!secret_flags.contains(option.string_key)) continue;
    const bool any_literal =
        std::any_of(option.value.begin(), option.value.end(), [](const std::string& v) {
          return !v.starts_with("file:") && !v.starts_with("env:");
        });
    if (any_literal && std::find(literal.begin(), literal.end(), option.string_key) ==
                           literal.end()) {
      literal.push_back(option.string_key);
    }
  }
  return literal;
}

}  // namespace exporter_kit
