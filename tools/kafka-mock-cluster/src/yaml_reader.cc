#include "yaml_reader.h"

#include <algorithm>

#include "number.h"

namespace mock_cluster {

void YamlReader::Fail(const std::string& what) const {
  throw ScenarioError((path_.empty() ? std::string("scenario") : path_) + ": " +
                      what);
}

void YamlReader::ExpectMap(std::initializer_list<const char*> allowed) const {
  if (!node_.IsMap()) Fail("must be a mapping");
  for (const auto& entry : node_) {
    const std::string key = entry.first.as<std::string>();
    const bool known =
        std::any_of(allowed.begin(), allowed.end(),
                    [&](const char* name) { return key == name; });
    if (!known) {
      std::string names;
      for (const char* name : allowed) names += std::string(" ") + name;
      YamlReader(entry.second, Child(key).path_)
          .Fail("unknown key (allowed:" + names + ")");
    }
  }
}

YamlReader YamlReader::Child(const std::string& key) const {
  const std::string path = path_.empty() ? key : path_ + "." + key;
  // A missing key yields an invalid node that throws on use; hand out a
  // valid undefined one instead so that the checks report the key. (Node
  // assignment writes through references, hence no reassignment here.)
  if (!node_.IsMap() || !node_[key].IsDefined()) {
    return YamlReader(YAML::Node(YAML::NodeType::Undefined), path);
  }
  return YamlReader(node_[key], path);
}

int64_t YamlReader::Integer(int64_t min, int64_t max) const {
  const std::string range =
      "[" + std::to_string(min) + ", " + std::to_string(max) + "]";
  if (!node_.IsScalar()) Fail("must be an integer in " + range);
  const auto value = ParseInteger(node_.Scalar());
  if (!value || *value < min || *value > max) {
    Fail("must be an integer in " + range + ", got '" + node_.Scalar() + "'");
  }
  return *value;
}

double YamlReader::Number(double min, double max) const {
  if (!node_.IsScalar()) Fail("must be a number");
  const auto value = ParseRate(node_.Scalar());
  if (!value || *value < min || *value > max) {
    Fail("must be a number in [" + std::to_string(min) + ", " +
         std::to_string(max) + "], got '" + node_.Scalar() + "'");
  }
  return *value;
}

std::string YamlReader::String() const {
  if (!node_.IsScalar() || node_.Scalar().empty()) {
    Fail("must be a non-empty string");
  }
  return node_.Scalar();
}

void YamlReader::ForEach(
    const std::function<void(const YamlReader&)>& each) const {
  if (!node_.IsDefined() || node_.IsNull()) return;
  if (!node_.IsSequence()) Fail("must be a list");
  for (size_t i = 0; i < node_.size(); ++i) {
    each(YamlReader(node_[i], path_ + "[" + std::to_string(i) + "]"));
  }
}

void YamlReader::ForEachEntry(
    const std::function<void(const std::string&, const YamlReader&)>& each)
    const {
  if (!node_.IsDefined() || node_.IsNull()) return;
  if (!node_.IsMap()) Fail("must be a mapping");
  for (const auto& entry : node_) {
    const std::string key = entry.first.as<std::string>();
    each(key, YamlReader(entry.second, path_ + "." + key));
  }
}

}  // namespace mock_cluster
