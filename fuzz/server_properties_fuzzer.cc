#include <cstdint>
#include <string_view>

#include "java_properties.h"
#include "server_properties.h"

// Both readers of a broker's server.properties: the disk exporter's (log
// directories) and the certificate exporter's (keystores, listeners).
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    (void)kafka_disk::LogDirsFromProperties(kafka_disk::ParseProperties(text));
  } catch (const kafka_disk::PropertiesError&) {
  }
  (void)kafka_cert::ParseJavaProperties(text);
  return 0;
}
