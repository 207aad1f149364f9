#include "time_spec.h"

#include <exporter_kit/duration.h>

#include <stdexcept>
#include <string>

#include "number.h"

namespace mock_cluster {

TimeSpec ParseTimeSpec(std::string_view text) {
  const std::string error = "bad timestamp '" + std::string(text) +
                            "' (want now, -<duration> like -10m, or epoch ms)";
  if (text == "now") return TimeSpec{};
  if (!text.empty() && text.front() == '-') {
    try {
      return TimeSpec{true,
                      -exporter_kit::ParseDuration(text.substr(1)).count()};
    } catch (const std::exception&) {
      throw std::invalid_argument(error);
    }
  }
  const auto absolute = ParseInteger(text);
  if (!absolute || *absolute <= 0) throw std::invalid_argument(error);
  return TimeSpec{false, *absolute};
}

}  // namespace mock_cluster
