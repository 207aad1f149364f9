#include "der_reader.h"

#include <string>

namespace kafka_cert {

DerElement DerReader::Read(std::string_view what) {
  std::size_t start = in_.offset();
  DerElement out;
  out.tag = in_.U8(what);
  if ((out.tag & 0x1F) == 0x1F) {
    throw StoreError(ErrorReason::kBadDer, std::string(what) + ": multi-byte tags unsupported");
  }
  std::size_t length = in_.U8(what);
  if (length == 0x80) {
    throw StoreError(ErrorReason::kBadDer, std::string(what) + ": indefinite length");
  }
  if (length > 0x80) {
    std::size_t count = length & 0x7F;
    if (count > 4) {
      throw StoreError(ErrorReason::kBadDer, std::string(what) + ": length too large");
    }
    length = 0;
    for (std::size_t i = 0; i < count; ++i) length = (length << 8) | in_.U8(what);
  }
  out.value = in_.Bytes(length, what);
  out.encoded = bytes_.subspan(start, in_.offset() - start);
  return out;
}

DerElement DerReader::Expect(std::uint8_t tag, std::string_view what) {
  DerElement element = Read(what);
  if (element.tag != tag) {
    throw StoreError(ErrorReason::kBadDer, std::string(what) + ": unexpected tag " +
                                               std::to_string(element.tag));
  }
  return element;
}

bool DerReader::ReadIf(std::uint8_t tag, DerElement& out) {
  if (AtEnd() || PeekTag() != tag) return false;
  out = Read("optional element");
  return true;
}

}  // namespace kafka_cert
