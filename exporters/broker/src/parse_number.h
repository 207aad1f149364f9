#pragma once
#include <charconv>
#include <optional>
#include <string_view>

namespace broker_exporter {

/// \brief The whole of `text` as a decimal number, or nullopt when it is
/// empty, not a number, out of range, or has trailing characters.
template <typename T>
std::optional<T> ParseNumber(std::string_view text) {
  T parsed{};
  const auto [end, error] =
      std::from_chars(text.data(), text.data() + text.size(), parsed);
  if (error != std::errc() || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return parsed;
}

}  // namespace broker_exporter
