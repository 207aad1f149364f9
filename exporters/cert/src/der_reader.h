#pragma once
// A minimal, bounds-checked DER (ASN.1) reader: tag-length-value elements,
// definite lengths only, as DER requires. Used to read certificates without
// OpenSSL's d2i_X509, which in OpenSSL 3.0 also decodes the public key
// through the provider machinery and costs ~0.1-1 ms per certificate.
#include <cstdint>
#include <span>
#include <string_view>

#include "byte_reader.h"

namespace kafka_cert {

namespace der {
inline constexpr std::uint8_t kBoolean = 0x01;
inline constexpr std::uint8_t kInteger = 0x02;
inline constexpr std::uint8_t kBitString = 0x03;
inline constexpr std::uint8_t kOctetString = 0x04;
inline constexpr std::uint8_t kOid = 0x06;
inline constexpr std::uint8_t kUtf8String = 0x0C;
inline constexpr std::uint8_t kPrintableString = 0x13;
inline constexpr std::uint8_t kT61String = 0x14;
inline constexpr std::uint8_t kIa5String = 0x16;
inline constexpr std::uint8_t kUtcTime = 0x17;
inline constexpr std::uint8_t kGeneralizedTime = 0x18;
inline constexpr std::uint8_t kUniversalString = 0x1C;
inline constexpr std::uint8_t kBmpString = 0x1E;
inline constexpr std::uint8_t kSequence = 0x30;
inline constexpr std::uint8_t kSet = 0x31;
/// Context-specific tag [n], constructed or primitive.
constexpr std::uint8_t Context(int n, bool constructed) {
  return static_cast<std::uint8_t>(0x80 | (constructed ? 0x20 : 0) | n);
}
}  // namespace der

struct DerElement {
  std::uint8_t tag = 0;
  std::span<const std::uint8_t> value;
  /// The whole element, header included.
  std::span<const std::uint8_t> encoded;
};

class DerReader {
 public:
  explicit DerReader(std::span<const std::uint8_t> bytes)
      : bytes_(bytes), in_(bytes, ErrorReason::kBadDer) {}

  bool AtEnd() const { return in_.remaining() == 0; }
  /// The next element's tag; throws at the end.
  std::uint8_t PeekTag() const { return in_.PeekU8("tag"); }
  /// Reads the next element, whatever its tag.
  DerElement Read(std::string_view what);
  /// Reads the next element and checks its tag.
  DerElement Expect(std::uint8_t tag, std::string_view what);
  /// Reads the next element only if it has `tag`.
  bool ReadIf(std::uint8_t tag, DerElement& out);

 private:
  std::span<const std::uint8_t> bytes_;
  ByteReader in_;
};

}  // namespace kafka_cert
