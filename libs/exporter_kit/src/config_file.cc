#include "config_file.h"

#include <regex>
#include <sstream>

#include "exporter_kit/config.h"
#include "exporter_kit/duration.h"
#include "read_file.h"

namespace exporter_kit {
namespace po = boost::program_options;
namespace {

class FileReader {
 public:
  FileReader(std::string path, const po::options_description& known,
             const std::set<std::string>& sections)
      : path_(std::move(path)), known_(known), sections_(sections) {}

  void Walk(const YAML::Node& node, const std::string& prefix, ConfigFileContents& out) {
    for (const auto& entry : node) {
      const std::string key = prefix + entry.first.as<std::string>();
      const YAML::Node& value = entry.second;
      if (prefix.empty() && sections_.contains(key)) {
        out.sections[key] = value;
      } else if (known_.find_nothrow(key, false) != nullptr) {
        out.options.options.push_back(ToOption(key, value));
      } else if (value.IsMap()) {
        Walk(value, key + ".", out);
      } else {
        throw ConfigError(Where(key) + "unknown key");
      }
    }
  }

 private:
  std::string Where(const std::string& key) const {
    return "config file " + path_ + ": key \"" + key + "\": ";
  }

  po::option ToOption(const std::string& key, const YAML::Node& value) const {
    po::option option;
    option.string_key = key;
    if (value.IsScalar()) {
      option.value.push_back(value.Scalar());
    } else if (value.IsSequence()) {
      for (const auto& item : value) {
        if (!item.IsScalar()) throw ConfigError(Where(key) + "list items must be scalars");
        option.value.push_back(item.Scalar());
      }
    } else if (value.IsNull()) {
      throw ConfigError(Where(key) + "has no value");
    } else {
      throw ConfigError(Where(key) + "expected a value or a list, got a map");
    }
    option.original_tokens = option.value;
    return option;
  }

  std::string path_;
  const po::options_description& known_;
  const std::set<std::string>& sections_;
};

// Section keys whose values are never printed.
bool LooksSecret(const std::string& key) {
  static const std::regex kSecret("password|secret|token|credential|routing_key|sasl\\.oauthbearer\\.config",
                                  std::regex::icase);
  return std::regex_search(key, kSecret);
}

// A `headers:` mapping (the receiver's http actions) keeps its names and
// hides every value: Authorization, Cookie or an API key carry credentials
// under names no pattern can list.
YAML::Node HeaderNamesOnly(const YAML::Node& headers) {
  YAML::Node copy(YAML::NodeType::Map);
  for (const auto& entry : headers) copy[entry.first.as<std::string>()] = "<secret>";
  return copy;
}

YAML::Node Redacted(const YAML::Node& node) {
  if (node.IsMap()) {
    YAML::Node copy(YAML::NodeType::Map);
    for (const auto& entry : node) {
      const auto key = entry.first.as<std::string>();
      if (LooksSecret(key)) {
        copy[key] = "<secret>";
      } else if (key == "headers" && entry.second.IsMap()) {
        copy[key] = HeaderNamesOnly(entry.second);
      } else {
        copy[key] = Redacted(entry.second);
      }
    }
    return copy;
  }
  if (node.IsSequence()) {
    YAML::Node copy(YAML::NodeType::Sequence);
    for (const auto& item : node) copy.push_back(Redacted(item));
    return copy;
  }
  return YAML::Clone(node);
}

YAML::Node ValueToYaml(const boost::any& value) {
  if (const auto* s = boost::any_cast<std::string>(&value)) return YAML::Node(*s);
  if (const auto* list = boost::any_cast<std::vector<std::string>>(&value)) {
    YAML::Node node(YAML::NodeType::Sequence);
    for (const auto& item : *list) {
      // "key=value" pass-through properties: hide the value of secret keys.
      const auto equals = item.find('=');
      const bool secret = equals != std::string::npos && LooksSecret(item.substr(0, equals));
      node.push_back(secret ? item.substr(0, equals) + "=<secret>" : item);
    }
    return node;
  }
  if (const auto* b = boost::any_cast<bool>(&value)) return YAML::Node(*b);
  if (const auto* i = boost::any_cast<int>(&value)) return YAML::Node(*i);
  if (const auto* l = boost::any_cast<long>(&value)) return YAML::Node(*l);
  if (const auto* u = boost::any_cast<unsigned>(&value)) return YAML::Node(*u);
  if (const auto* z = boost::any_cast<std::size_t>(&value)) return YAML::Node(*z);
  if (const auto* d = boost::any_cast<double>(&value)) return YAML::Node(*d);
  if (const auto* duration = boost::any_cast<Duration>(&value)) {
    return YAML::Node(FormatDuration(duration->value));
  }
  return YAML::Node("<unprintable>");
}

}  // namespace

ConfigFileContents ReadConfigFile(const std::string& path,
                                  const po::options_description& known,
                                  const std::set<std::string>& sections) {
  const auto text = ReadWholeFile(path);
  if (!text) throw ConfigError("config file " + path + ": cannot be read");
  return ParseConfigText(*text, path, known, sections);
}

ConfigFileContents ParseConfigText(const std::string& text, const std::string& path,
                                   const po::options_description& known,
                                   const std::set<std::string>& sections) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw ConfigError("config file " + path + ": invalid YAML at line " +
                      std::to_string(e.mark.line + 1) + ", column " +
                      std::to_string(e.mark.column + 1) + ": " + e.msg);
  }
  ConfigFileContents contents{po::parsed_options(&known), {}};
  if (root.IsNull()) return contents;
  if (!root.IsMap()) throw ConfigError("config file " + path + ": top level must be a map");
  try {
    FileReader(path, known, sections).Walk(root, "", contents);
  } catch (const YAML::Exception& e) {
    throw ConfigError("config file " + path + ": " + e.what());
  }
  return contents;
}

std::string EffectiveConfigYaml(const po::variables_map& vars,
                                const std::map<std::string, YAML::Node>& sections,
                                const std::set<std::string>& secret_flags) {
  YAML::Node root(YAML::NodeType::Map);
  for (const auto& [name, value] : vars) {
    if (value.empty() || name == "check-config" || name == "help" || name == "version") continue;
    root[name] = secret_flags.contains(name) ? YAML::Node("<secret>") : ValueToYaml(value.value());
  }
  for (const auto& [name, node] : sections) root[name] = Redacted(node);
  std::ostringstream out;
  out << root << "\n";
  return out.str();
}

}  // namespace exporter_kit
