#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "pem_der.h"
#include "store_error.h"

// Certificate stores come from disk in any state: every corrupt, truncated
// or hostile input must end in a StoreError, never a crash or an overread.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> bytes(data, size);
  try {
    (void)kafka_cert::ParsePem(bytes);
  } catch (const kafka_cert::StoreError&) {
  }
  return 0;
}
