#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "pkcs12_store.h"
#include "store_error.h"

// Certificate stores come from disk in any state: every corrupt, truncated
// or hostile input must end in a StoreError, never a crash or an overread.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> bytes(data, size);
  try {
    (void)kafka_cert::ParsePkcs12(bytes, std::nullopt);
  } catch (const kafka_cert::StoreError&) {
  }
  try {
    (void)kafka_cert::ParsePkcs12(bytes, std::string("changeit"));
  } catch (const kafka_cert::StoreError&) {
  }
  return 0;
}
