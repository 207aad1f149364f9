#include "byte_reader.h"

namespace kafka_cert {

void ByteReader::Need(std::size_t n, std::string_view what) const {
  if (n > remaining()) {
    throw StoreError(reason_, "truncated: " + std::string(what) + " at offset " +
                                  std::to_string(offset_) + " needs " +
                                  std::to_string(n) + " bytes, " +
                                  std::to_string(remaining()) + " left");
  }
}

std::span<const std::uint8_t> ByteReader::Bytes(std::size_t n,
                                                std::string_view what) {
  Need(n, what);
  auto out = bytes_.subspan(offset_, n);
  offset_ += n;
  return out;
}

std::uint8_t ByteReader::U8(std::string_view what) { return Bytes(1, what)[0]; }

std::uint8_t ByteReader::PeekU8(std::string_view what) const {
  Need(1, what);
  return bytes_[offset_];
}

std::uint16_t ByteReader::U16(std::string_view what) {
  auto b = Bytes(2, what);
  return static_cast<std::uint16_t>((b[0] << 8) | b[1]);
}

std::uint32_t ByteReader::U32(std::string_view what) {
  auto b = Bytes(4, what);
  return (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) |
         (std::uint32_t{b[2]} << 8) | std::uint32_t{b[3]};
}

std::uint64_t ByteReader::U64(std::string_view what) {
  std::uint64_t high = U32(what);
  return (high << 32) | U32(what);
}

}  // namespace kafka_cert
