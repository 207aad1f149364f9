#pragma once
// Strict number parsing: the whole text must be the number.
#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>

namespace mock_cluster {

inline std::optional<int64_t> ParseInteger(std::string_view text) {
  int64_t value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

/// A finite, non-negative decimal ("2.5", "10").
inline std::optional<double> ParseRate(std::string_view text) {
  double value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end || !(value >= 0) ||
      value > 1e9) {
    return std::nullopt;
  }
  return value;
}

}  // namespace mock_cluster
