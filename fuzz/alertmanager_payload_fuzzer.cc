#include <cstdint>
#include <string_view>

#include "payload.h"

// The parser reports every problem as a PayloadError value (a 400 naming the
// field); it must never throw or crash on what arrives over HTTP.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  const auto result = webhook_receiver::ParseNotification(body);
  if (const auto* notification = std::get_if<webhook_receiver::Notification>(&result)) {
    // What was accepted must serialise back (the journal stores it so).
    (void)webhook_receiver::ToJson(*notification).dump();
  }
  return 0;
}
