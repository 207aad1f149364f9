#pragma once
// Which consumer groups this process reports: the explicit list plus
// discovered groups, through the include/exclude regexes, then this
// replica's shard.
#include <cstdint>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

namespace lag_exporter {

/// \brief "--shard=i/n": this process reports the groups whose stable hash
/// modulo n is i. "0/1" (the default) reports every group.
struct Shard {
  uint32_t index = 0;
  uint32_t count = 1;
  bool Owns(std::string_view group) const;
};

/// \brief Parses "i/n" with 0 <= i < n; nothing on bad input.
std::optional<Shard> ParseShard(std::string_view text);

/// \brief FNV-1a 64-bit: stable across processes, builds and platforms, so
/// every replica agrees on who owns a group.
uint64_t StableHash(std::string_view text);

class GroupSelector {
 public:
  /// Regexes must match the whole group id (validated by the caller).
  GroupSelector(std::vector<std::string> explicit_groups,
                const std::string& include, const std::string& exclude,
                Shard shard);

  /// \brief The explicit groups plus `discovered`, filtered, sharded,
  /// de-duplicated and sorted. Explicit groups bypass the regexes (they
  /// were asked for by name) but not the shard.
  std::vector<std::string> Select(
      const std::vector<std::string>& discovered) const;

  const std::vector<std::string>& explicit_groups() const {
    return explicit_groups_;
  }

 private:
  std::vector<std::string> explicit_groups_;
  std::regex include_;
  std::regex exclude_;
  Shard shard_;
};

}  // namespace lag_exporter
