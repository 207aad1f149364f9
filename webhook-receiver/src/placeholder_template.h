#pragma once
// Text with {{name}} placeholders, filled from an alert's labels. Every name
// used must have a pattern (the rule's `params`), and every substituted value
// must match it in full: a label value is untrusted input, and this is what
// keeps `topic="x; rm -rf /"` out of a command line or URL.
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "payload.h"

namespace webhook_receiver {

/// Label name -> the pattern its value must match.
using ParamPatterns = std::map<std::string, std::regex>;

/// The validated values for one alert: label name -> value.
using ParamValues = std::map<std::string, std::string>;

class PlaceholderTemplate {
 public:
  PlaceholderTemplate() = default;
  /// Throws exporter_kit::ConfigError naming `where` on bad syntax or a name
  /// without a pattern in `patterns`.
  PlaceholderTemplate(std::string_view text, const ParamPatterns& patterns,
                      const std::string& where);
  /// Text taken as it is, never parsed for placeholders: for a secret read
  /// from a file or the environment, where "{{" is just part of the value and
  /// a parse error must not echo it.
  static PlaceholderTemplate Literal(std::string text);

  /// Fills the placeholders; `encode` (if given) transforms each value, e.g.
  /// percent-encoding inside a URL.
  std::string Render(const ParamValues& values,
                     std::string (*encode)(std::string_view) = nullptr) const;
  const std::string& text() const { return text_; }
  const std::set<std::string>& names() const { return names_; }

 private:
  struct Part {
    bool placeholder;
    std::string text;  // literal text, or the label name
  };
  std::string text_;
  std::vector<Part> parts_;
  std::set<std::string> names_;
};

struct ParamCheck {
  ParamValues values;
  std::string error;  ///< empty on success
};
/// Checks each label named in `patterns` against its pattern. Returns the
/// values, or why the first one failed (never echoing the value itself).
ParamCheck ExtractParams(const LabelSet& labels, const ParamPatterns& patterns);

}  // namespace webhook_receiver
