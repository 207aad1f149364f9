#pragma once
// A bounds-checked big-endian reader over untrusted bytes. Every read checks
// the remaining length first and throws StoreError naming the field and the
// offset, so a truncated or lying length field can never read out of bounds.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "store_error.h"

namespace kafka_cert {

class ByteReader {
 public:
  /// `reason` is the error reason reported when the input is too short.
  ByteReader(std::span<const std::uint8_t> bytes, ErrorReason reason)
      : bytes_(bytes), reason_(reason) {}

  std::uint8_t U8(std::string_view what);
  /// The next byte, without consuming it.
  std::uint8_t PeekU8(std::string_view what) const;
  std::uint16_t U16(std::string_view what);
  std::uint32_t U32(std::string_view what);
  std::uint64_t U64(std::string_view what);
  /// The next `n` bytes, without copying.
  std::span<const std::uint8_t> Bytes(std::size_t n, std::string_view what);

  std::size_t offset() const { return offset_; }
  std::size_t remaining() const { return bytes_.size() - offset_; }

 private:
  void Need(std::size_t n, std::string_view what) const;
  std::span<const std::uint8_t> bytes_;
  ErrorReason reason_;
  std::size_t offset_ = 0;
};

}  // namespace kafka_cert
