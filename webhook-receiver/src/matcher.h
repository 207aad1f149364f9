#pragma once
// Alertmanager-style label matchers: name="v", name!="v", name=~"re",
// name!~"re". Regexes are anchored (whole value), as in Alertmanager. A
// missing label matches as the empty string, also as in Alertmanager.
#include <regex>
#include <string>
#include <string_view>

#include "payload.h"

namespace webhook_receiver {

class LabelMatcher {
 public:
  enum class Op { kEqual, kNotEqual, kRegex, kNotRegex };

  /// Parses `name="value"` (quotes optional). Throws
  /// exporter_kit::ConfigError naming `where` on bad syntax or regex.
  static LabelMatcher Parse(std::string_view text, const std::string& where);

  bool Matches(const LabelSet& labels) const;
  const std::string& text() const { return text_; }

 private:
  std::string text_;
  std::string name_;
  Op op_ = Op::kEqual;
  std::string value_;
  std::regex regex_;
};

}  // namespace webhook_receiver
