#include <cstdint>
#include <string>

#include "exporter_kit/config.h"
#include "exporter_kit/web_config.h"

// Only ConfigError may come out: anything else would reach App::Main as an
// unexpected failure instead of exit code 2 with a message.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    exporter_kit::ParseWebConfig(text, "fuzz");
  } catch (const exporter_kit::ConfigError&) {
  }
  return 0;
}
