#include "java_properties.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

#include "text.h"

namespace kafka_cert {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\f'; }

/// Joins continuation lines into logical lines, dropping comments and
/// blank lines. A line continues when it ends in an odd number of '\'.
std::vector<std::string> LogicalLines(std::string_view text) {
  std::vector<std::string> lines;
  std::string current;
  bool continuing = false;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::size_t first = 0;
    while (first < line.size() && IsBlank(line[first])) ++first;
    line.remove_prefix(first);
    if (!continuing && (line.empty() || line[0] == '#' || line[0] == '!')) continue;
    std::size_t slashes = 0;
    while (slashes < line.size() && line[line.size() - 1 - slashes] == '\\') ++slashes;
    continuing = slashes % 2 == 1;
    if (continuing) line.remove_suffix(1);
    current += line;
    if (!continuing) lines.push_back(std::exchange(current, {}));
  }
  if (!current.empty()) lines.push_back(current);
  return lines;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/// Unescapes `line` from `pos` into `out`. A key stops at the first
/// unescaped separator ('=', ':' or blank); returns where it stopped.
std::size_t Unescape(const std::string& line, std::size_t pos, bool key,
                     std::string& out) {
  while (pos < line.size()) {
    char c = line[pos];
    if (key && (c == '=' || c == ':' || IsBlank(c))) return pos;
    ++pos;
    if (c != '\\' || pos >= line.size()) {
      out += c;
      continue;
    }
    char e = line[pos++];
    switch (e) {
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      case 'f': out += '\f'; break;
      case 'u': {
        unsigned cp = 0;
        int digits = 0;
        while (digits < 4 && pos < line.size() && HexValue(line[pos]) >= 0) {
          cp = cp * 16 + static_cast<unsigned>(HexValue(line[pos++]));
          ++digits;
        }
        AppendUtf8(out, static_cast<char32_t>(cp));
        break;
      }
      default: out += e;
    }
  }
  return pos;
}

std::optional<std::string> ReadPropertyFile(const std::string& path,
                                            const std::string& key) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::stringstream text;
  text << in.rdbuf();
  Properties props = ParseJavaProperties(text.str());
  auto it = props.find(key);
  if (it == props.end()) return std::nullopt;
  return it->second;
}

}  // namespace

Properties ParseJavaProperties(std::string_view text) {
  Properties props;
  for (const std::string& line : LogicalLines(text)) {
    std::string key;
    std::size_t pos = Unescape(line, 0, true, key);
    while (pos < line.size() && IsBlank(line[pos])) ++pos;
    if (pos < line.size() && (line[pos] == '=' || line[pos] == ':')) ++pos;
    while (pos < line.size() && IsBlank(line[pos])) ++pos;
    std::string value;
    Unescape(line, pos, false, value);
    props[key] = value;
  }
  return props;
}

std::optional<std::string> ResolveConfigProviders(const std::string& value,
                                                  std::string* problem) {
  if (value.size() < 4 || value.rfind("${", 0) != 0 || value.back() != '}') {
    return value;
  }
  std::string inner = value.substr(2, value.size() - 3);
  if (inner.rfind("env:", 0) == 0) {
    std::string name = inner.substr(4);
    if (const char* env = std::getenv(name.c_str())) return std::string(env);
    if (problem) *problem = "environment variable " + name + " is not set";
    return std::nullopt;
  }
  if (inner.rfind("file:", 0) == 0) {
    std::string rest = inner.substr(5);
    std::size_t colon = rest.rfind(':');
    if (colon != std::string::npos) {
      std::string path = rest.substr(0, colon);
      if (auto found = ReadPropertyFile(path, rest.substr(colon + 1))) return found;
      if (problem) *problem = "cannot read key " + rest.substr(colon + 1) + " from " + path;
      return std::nullopt;
    }
  }
  if (problem) *problem = "unsupported config provider reference " + value;
  return std::nullopt;
}

}  // namespace kafka_cert
