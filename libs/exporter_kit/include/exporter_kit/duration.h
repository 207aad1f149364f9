#pragma once
// Prometheus duration syntax ("15s", "2m", "1h30m", "500ms", "7d", "1w", "1y"),
// used by every duration flag and config key in the suite.
#include <boost/any.hpp>
#include <chrono>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace exporter_kit {

/// \brief A duration as given on the command line; a distinct type so that
/// Boost.Program_options parses it with our syntax and error messages.
struct Duration {
  std::chrono::milliseconds value{0};
  friend bool operator==(const Duration&, const Duration&) = default;
};

/// \brief Parses Prometheus duration syntax. Throws std::invalid_argument
/// naming the text on bad input (empty, unknown unit, units out of order).
std::chrono::milliseconds ParseDuration(std::string_view text);

/// \brief Formats in the same syntax, largest units first ("1h30m", "0s").
std::string FormatDuration(std::chrono::milliseconds d);

std::ostream& operator<<(std::ostream& out, const Duration& d);

/// Lets Boost.Program_options parse `po::value<Duration>()` (found by ADL).
void validate(boost::any& value, const std::vector<std::string>& texts,
              Duration* /*tag*/, int /*tag*/);

}  // namespace exporter_kit
