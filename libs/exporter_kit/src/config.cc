#include "exporter_kit/config.h"

#include <regex>

namespace exporter_kit {

Config::Config(boost::program_options::variables_map vars,
               std::map<std::string, YAML::Node> sections, bool check_only)
    : vars_(std::move(vars)), sections_(std::move(sections)), check_only_(check_only) {}

bool Config::Has(std::string_view key) const {
  auto it = vars_.find(std::string(key));
  return it != vars_.end() && !it->second.empty();
}

std::vector<std::string> Config::List(std::string_view key) const {
  if (!Has(key)) return {};
  return vars_[std::string(key)].as<std::vector<std::string>>();
}

YAML::Node Config::Section(std::string_view key) const {
  auto it = sections_.find(std::string(key));
  return it == sections_.end() ? YAML::Node() : YAML::Clone(it->second);
}

void ValidateRegex(std::string_view text, std::string_view what) {
  try {
    std::regex compiled{std::string(text), std::regex::ECMAScript};
  } catch (const std::regex_error& e) {
    throw ConfigError(std::string(what) + ": invalid regular expression \"" +
                      std::string(text) + "\": " + e.what());
  }
}

}  // namespace exporter_kit
