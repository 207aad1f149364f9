#pragma once
// Typed, path-aware reading of a YAML node: every error names the full key
// ("topics[2].messages[0].count: ...") and unknown keys are rejected, so a
// typo never silently falls back to a default.
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>

#include "scenario.h"

namespace mock_cluster {

class YamlReader {
 public:
  YamlReader(YAML::Node node, std::string path)
      : node_(std::move(node)), path_(std::move(path)) {}

  const std::string& path() const { return path_; }
  const YAML::Node& node() const { return node_; }
  [[noreturn]] void Fail(const std::string& what) const;

  /// Requires a mapping whose keys are all in `allowed`.
  void ExpectMap(std::initializer_list<const char*> allowed) const;
  bool Has(const std::string& key) const {
    return node_.IsMap() && node_[key].IsDefined();
  }
  YamlReader Child(const std::string& key) const;

  int64_t Integer(int64_t min, int64_t max) const;
  double Number(double min, double max) const;
  std::string String() const;

  /// Calls `each` for every item of a sequence (an absent key is empty).
  void ForEach(const std::function<void(const YamlReader&)>& each) const;
  /// Calls `each` for every entry of a mapping with its key as text.
  void ForEachEntry(const std::function<void(const std::string&,
                                             const YamlReader&)>& each) const;

 private:
  YAML::Node node_;
  std::string path_;
};

}  // namespace mock_cluster
