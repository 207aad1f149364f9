#include <cstdint>
#include <stdexcept>
#include <string_view>

#include "exporter_kit/duration.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const auto parsed = exporter_kit::ParseDuration(text);
    // Whatever parses must survive a round trip.
    if (exporter_kit::ParseDuration(exporter_kit::FormatDuration(parsed)) != parsed) __builtin_trap();
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
