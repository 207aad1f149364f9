#include <cstdlib>

#include "exporter_kit/config.h"
#include "read_file.h"

namespace exporter_kit {

std::string ResolveSecret(std::string_view spec, std::string_view what) {
  const std::string name(what);
  if (spec.starts_with("file:")) {
    const std::string path(spec.substr(5));
    auto content = ReadWholeFile(path);
    if (!content) throw ConfigError(name + ": cannot read secret file " + path);
    std::string secret = std::move(*content);
    if (secret.ends_with('\n')) secret.pop_back();
    if (secret.ends_with('\r')) secret.pop_back();
    if (secret.empty()) throw ConfigError(name + ": secret file " + path + " is empty");
    return secret;
  }
  if (spec.starts_with("env:")) {
    const std::string variable(spec.substr(4));
    const char* value = std::getenv(variable.c_str());
    if (value == nullptr || *value == '\0') {
      throw ConfigError(name + ": environment variable " + variable + " is not set");
    }
    return value;
  }
  return std::string(spec);
}

}  // namespace exporter_kit
