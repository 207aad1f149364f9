#include "placeholder_template.h"

#include "exporter_kit/config.h"

namespace webhook_receiver {
namespace {

std::string Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return std::string(s);
}

}  // namespace

PlaceholderTemplate::PlaceholderTemplate(std::string_view text,
                                         const ParamPatterns& patterns,
                                         const std::string& where)
    : text_(text) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t open = text.find("{{", pos);
    if (open == std::string_view::npos) {
      parts_.push_back({false, std::string(text.substr(pos))});
      break;
    }
    if (open > pos) parts_.push_back({false, std::string(text.substr(pos, open - pos))});
    std::size_t close = text.find("}}", open + 2);
    if (close == std::string_view::npos) {
      throw exporter_kit::ConfigError(where + ": unterminated {{ in \"" +
                                      std::string(text) + "\"");
    }
    std::string name = Trim(text.substr(open + 2, close - open - 2));
    if (!patterns.contains(name)) {
      throw exporter_kit::ConfigError(
          where + ": placeholder {{" + name +
          "}} has no pattern; declare it under the rule's params");
    }
    parts_.push_back({true, name});
    names_.insert(name);
    pos = close + 2;
  }
}

PlaceholderTemplate PlaceholderTemplate::Literal(std::string text) {
  PlaceholderTemplate literal;
  literal.parts_.push_back({false, text});
  literal.text_ = std::move(text);
  return literal;
}

std::string PlaceholderTemplate::Render(
    const ParamValues& values, std::string (*encode)(std::string_view)) const {
  std::string out;
  for (const Part& part : parts_) {
    if (!part.placeholder) {
      out += part.text;
      continue;
    }
    auto it = values.find(part.text);
    if (it == values.end()) continue;
    out += encode != nullptr ? encode(it->second) : it->second;
  }
  return out;
}

ParamCheck ExtractParams(const LabelSet& labels, const ParamPatterns& patterns) {
  ParamCheck check;
  for (const auto& [name, pattern] : patterns) {
    auto it = labels.find(name);
    if (it == labels.end()) {
      check.error = "label " + name + " is missing";
      return check;
    }
    if (!std::regex_match(it->second, pattern)) {
      check.error = "label " + name + " does not match its params pattern";
      return check;
    }
    check.values.emplace(name, it->second);
  }
  return check;
}

}  // namespace webhook_receiver
