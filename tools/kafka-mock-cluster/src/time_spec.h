#pragma once
// Record timestamps as scenarios and commands write them: "now", a negative
// Prometheus duration relative to now ("-10m"), or absolute milliseconds
// since the Unix epoch ("1767225600000").
#include <cstdint>
#include <string_view>

namespace mock_cluster {

struct TimeSpec {
  bool relative = true;
  int64_t value_ms = 0;  ///< offset from now if relative, else epoch ms

  int64_t Resolve(int64_t now_ms) const {
    return relative ? now_ms + value_ms : value_ms;
  }
  friend bool operator==(const TimeSpec&, const TimeSpec&) = default;
};

/// Parses the forms above; throws std::invalid_argument saying which forms
/// are accepted.
TimeSpec ParseTimeSpec(std::string_view text);

}  // namespace mock_cluster
