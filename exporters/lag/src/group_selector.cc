#include "group_selector.h"

#include <algorithm>
#include <charconv>

namespace lag_exporter {

uint64_t StableHash(std::string_view text) {
  uint64_t hash = 14695981039346656037ULL;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  return hash;
}

bool Shard::Owns(std::string_view group) const {
  return count <= 1 || StableHash(group) % count == index;
}

std::optional<Shard> ParseShard(std::string_view text) {
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  auto parse = [](std::string_view part) -> std::optional<uint32_t> {
    uint32_t value = 0;
    const auto [end, ec] =
        std::from_chars(part.data(), part.data() + part.size(), value);
    if (part.empty() || ec != std::errc() || end != part.data() + part.size()) {
      return std::nullopt;
    }
    return value;
  };
  const auto index = parse(text.substr(0, slash));
  const auto count = parse(text.substr(slash + 1));
  if (!index || !count || *count == 0 || *index >= *count) return std::nullopt;
  return Shard{*index, *count};
}

GroupSelector::GroupSelector(std::vector<std::string> explicit_groups,
                             const std::string& include,
                             const std::string& exclude, Shard shard)
    : explicit_groups_(std::move(explicit_groups)),
      include_(include, std::regex::ECMAScript | std::regex::optimize),
      exclude_(exclude, std::regex::ECMAScript | std::regex::optimize),
      shard_(shard) {}

std::vector<std::string> GroupSelector::Select(
    const std::vector<std::string>& discovered) const {
  std::vector<std::string> out;
  for (const auto& group : explicit_groups_) {
    if (shard_.Owns(group)) out.push_back(group);
  }
  for (const auto& group : discovered) {
    if (!std::regex_match(group, include_) ||
        std::regex_match(group, exclude_) || !shard_.Owns(group)) {
      continue;
    }
    out.push_back(group);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace lag_exporter
