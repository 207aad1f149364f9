#pragma once
// Reading the YAML config file into Boost.Program_options form, and printing
// the effective configuration for --check-config.
#include <yaml-cpp/yaml.h>

#include <boost/program_options.hpp>
#include <map>
#include <set>
#include <string>

namespace exporter_kit {

struct ConfigFileContents {
  boost::program_options::parsed_options options{nullptr};
  std::map<std::string, YAML::Node> sections;
};

/// Flattens nested maps into dotted flag names; raw `sections` are kept as
/// YAML. Throws ConfigError naming the file and the key on unknown keys,
/// non-scalar values or YAML syntax errors.
ConfigFileContents ReadConfigFile(
    const std::string& path,
    const boost::program_options::options_description& known,
    const std::set<std::string>& sections);

/// The same, from text already read; `path` names it in errors.
ConfigFileContents ParseConfigText(
    const std::string& text, const std::string& path,
    const boost::program_options::options_description& known,
    const std::set<std::string>& sections);

/// The merged configuration as YAML, secrets shown as <secret>.
std::string EffectiveConfigYaml(
    const boost::program_options::variables_map& vars,
    const std::map<std::string, YAML::Node>& sections,
    const std::set<std::string>& secret_flags);

}  // namespace exporter_kit
