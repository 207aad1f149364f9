#include "matcher.h"

#include <cctype>

#include "exporter_kit/config.h"

namespace webhook_receiver {
namespace {

bool IsNameChar(char c, bool first) {
  return c == '_' || std::isalpha(static_cast<unsigned char>(c)) ||
         (!first && std::isdigit(static_cast<unsigned char>(c)));
}

std::string Unquote(std::string_view v, const std::string& where) {
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') {
    std::string out;
    for (std::size_t i = 1; i + 1 < v.size(); ++i) {
      if (v[i] == '\\' && i + 2 < v.size()) ++i;
      out.push_back(v[i]);
    }
    return out;
  }
  if (!v.empty() && v.front() == '"') {
    throw exporter_kit::ConfigError(where + ": unterminated quote");
  }
  return std::string(v);
}

}  // namespace

LabelMatcher LabelMatcher::Parse(std::string_view text,
                                 const std::string& where) {
  LabelMatcher m;
  m.text_ = std::string(text);
  std::size_t pos = 0;
  while (pos < text.size() && text[pos] == ' ') ++pos;
  std::size_t start = pos;
  while (pos < text.size() && IsNameChar(text[pos], pos == start)) ++pos;
  m.name_ = std::string(text.substr(start, pos - start));
  while (pos < text.size() && text[pos] == ' ') ++pos;
  if (m.name_.empty()) {
    throw exporter_kit::ConfigError(where + ": matcher \"" + m.text_ +
                                    "\" has no label name");
  }
  std::string_view rest = text.substr(pos);
  std::size_t op_len = 2;
  if (rest.starts_with("=~")) {
    m.op_ = Op::kRegex;
  } else if (rest.starts_with("!~")) {
    m.op_ = Op::kNotRegex;
  } else if (rest.starts_with("!=")) {
    m.op_ = Op::kNotEqual;
  } else if (rest.starts_with("=")) {
    m.op_ = Op::kEqual;
    op_len = 1;
  } else {
    throw exporter_kit::ConfigError(where + ": matcher \"" + m.text_ +
                                    "\" needs one of = != =~ !~");
  }
  rest.remove_prefix(op_len);
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  while (!rest.empty() && rest.back() == ' ') rest.remove_suffix(1);
  m.value_ = Unquote(rest, where);
  if (m.op_ == Op::kRegex || m.op_ == Op::kNotRegex) {
    exporter_kit::ValidateRegex(m.value_, where);
    m.regex_ = std::regex(m.value_, std::regex::ECMAScript);
  }
  return m;
}

bool LabelMatcher::Matches(const LabelSet& labels) const {
  auto it = labels.find(name_);
  const std::string& value = it == labels.end() ? std::string() : it->second;
  switch (op_) {
    case Op::kEqual:
      return value == value_;
    case Op::kNotEqual:
      return value != value_;
    case Op::kRegex:
      return std::regex_match(value, regex_);
    case Op::kNotRegex:
      return !std::regex_match(value, regex_);
  }
  return false;
}

}  // namespace webhook_receiver
