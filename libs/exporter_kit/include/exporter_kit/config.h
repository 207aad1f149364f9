#pragma once
// Flags and the YAML config file, merged: flags override the file.
//
// Every flag can also be given in the file under its own dotted name, either
// flat ("web.listen-address: [...]") or nested ("web: {listen-address: ...}").
// A binary may declare raw sections (e.g. "kafka" for librdkafka properties,
// "rules" for the receiver) that are handed over as YAML, unflattened.
// Any other key is an error naming the key: exit code 2.
#include <yaml-cpp/yaml.h>

#include <boost/program_options.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace exporter_kit {

/// \brief Bad configuration: the process exits with code 2 and this message.
/// The message names the flag or key at fault.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// \brief The effective configuration after flags and file are merged.
class Config {
 public:
  Config(boost::program_options::variables_map vars,
         std::map<std::string, YAML::Node> sections, bool check_only);

  bool Has(std::string_view key) const;
  template <typename T>
  T Get(std::string_view key) const {
    const auto& v = vars_[std::string(key)];
    if (v.empty()) throw ConfigError("missing value for --" + std::string(key));
    return v.as<T>();
  }
  /// A repeatable string flag; empty if not given.
  std::vector<std::string> List(std::string_view key) const;
  /// A raw section declared with App::AllowConfigSection; a null node if the
  /// file has none.
  YAML::Node Section(std::string_view key) const;
  /// True under --check-config: build and validate, but start nothing.
  bool CheckOnly() const { return check_only_; }
  const boost::program_options::variables_map& vars() const { return vars_; }

 private:
  boost::program_options::variables_map vars_;
  std::map<std::string, YAML::Node> sections_;
  bool check_only_;
};

/// \brief Reads a secret: "file:/path" (one trailing newline trimmed),
/// "env:NAME", or the literal text. Throws ConfigError naming `what` (the
/// flag), never the secret itself.
std::string ResolveSecret(std::string_view spec, std::string_view what);

/// Parses `text` as a regular expression (ECMAScript, whole-string match by
/// the caller), throwing ConfigError naming `what` on bad syntax.
void ValidateRegex(std::string_view text, std::string_view what);

}  // namespace exporter_kit
