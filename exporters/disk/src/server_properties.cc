#include "server_properties.h"

#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace kafka_disk {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\f'; }

std::string_view TrimLeft(std::string_view text) {
  while (!text.empty() && IsBlank(text.front())) text.remove_prefix(1);
  return text;
}

std::string_view Trim(std::string_view text) {
  text = TrimLeft(text);
  while (!text.empty() && (IsBlank(text.back()) || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

// Joins continuation lines (an odd number of trailing backslashes).
std::vector<std::string> LogicalLines(std::string_view text) {
  std::vector<std::string> lines;
  std::string current;
  bool continuing = false;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (continuing) line = TrimLeft(line);
    std::size_t slashes = 0;
    while (slashes < line.size() && line[line.size() - 1 - slashes] == '\\') {
      ++slashes;
    }
    continuing = slashes % 2 == 1;
    if (continuing) line.remove_suffix(1);
    current.append(line);
    if (!continuing) {
      lines.push_back(std::move(current));
      current.clear();
    }
    pos = end + 1;
  }
  if (!current.empty()) lines.push_back(std::move(current));
  return lines;
}

std::string Unescape(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\' || i + 1 == text.size()) {
      out.push_back(text[i]);
      continue;
    }
    const char next = text[++i];
    switch (next) {
      case 't':
        out.push_back('\t');
        break;
      case 'n':
        out.push_back('\n');
        break;
      case 'r':
        out.push_back('\r');
        break;
      case 'f':
        out.push_back('\f');
        break;
      case 'u': {
        unsigned code = 0;
        const char* begin = text.data() + i + 1;
        if (i + 4 < text.size()) {
          auto [end, ec] = std::from_chars(begin, begin + 4, code, 16);
          if (ec == std::errc() && end == begin + 4 && code < 0x80) {
            out.push_back(static_cast<char>(code));
            i += 4;
            break;
          }
        }
        out.push_back('u');
        break;
      }
      default:
        out.push_back(next);
    }
  }
  return out;
}

// The key ends at the first unescaped '=', ':' or blank.
std::size_t KeyEnd(std::string_view line) {
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '\\') {
      ++i;
    } else if (line[i] == '=' || line[i] == ':' || IsBlank(line[i])) {
      return i;
    }
  }
  return line.size();
}

}  // namespace

std::map<std::string, std::string> ParseProperties(std::string_view text) {
  std::map<std::string, std::string> properties;
  for (const std::string& raw : LogicalLines(text)) {
    const std::string_view line = TrimLeft(raw);
    if (line.empty() || line.front() == '#' || line.front() == '!') continue;
    const std::size_t key_end = KeyEnd(line);
    std::string_view value = TrimLeft(line.substr(key_end));
    if (!value.empty() && (value.front() == '=' || value.front() == ':')) {
      value = TrimLeft(value.substr(1));
    }
    properties[Unescape(line.substr(0, key_end))] = Unescape(value);
  }
  return properties;
}

std::vector<std::string> SplitCommaList(std::string_view text) {
  std::vector<std::string> items;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t end = text.find(',', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view item = Trim(text.substr(pos, end - pos));
    if (!item.empty()) items.emplace_back(item);
    pos = end + 1;
  }
  return items;
}

std::vector<std::string> LogDirsFromProperties(
    const std::map<std::string, std::string>& properties) {
  std::string key = "log.dirs";
  auto it = properties.find(key);
  if (it == properties.end()) {
    key = "log.dir";
    it = properties.find(key);
  }
  const std::string value =
      it == properties.end() ? "/tmp/kafka-logs" : it->second;
  if (value.find("${") != std::string::npos) {
    throw PropertiesError(key + " uses a config provider reference (" + value +
                          "); give --kafka.log-dirs instead");
  }
  auto dirs = SplitCommaList(value);
  if (dirs.empty()) throw PropertiesError(key + " is empty");
  return dirs;
}

std::vector<std::string> LogDirsFromPropertiesFile(const std::string& path) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    throw PropertiesError(path + ": not a readable regular file");
  }
  std::ifstream in(path);
  if (!in) throw PropertiesError(path + ": cannot be read");
  std::ostringstream text;
  text << in.rdbuf();
  try {
    return LogDirsFromProperties(ParseProperties(text.str()));
  } catch (const PropertiesError& e) {
    throw PropertiesError(path + ": " + e.what());
  }
}

}  // namespace kafka_disk
