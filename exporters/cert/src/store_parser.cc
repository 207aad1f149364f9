#include "store_parser.h"

#include <string_view>

#include "java_keystore.h"
#include "pem_der.h"
#include "pkcs12_store.h"

namespace kafka_cert {
namespace {

/// Skips one DER tag and length at `offset`; false if they do not fit.
bool SkipDerHeader(std::span<const std::uint8_t> bytes, std::size_t& offset) {
  if (offset + 2 > bytes.size()) return false;
  std::uint8_t length = bytes[offset + 1];
  offset += 2;
  if (length & 0x80) {
    std::size_t count = length & 0x7F;
    if (count == 0 || count > 4 || offset + count > bytes.size()) return false;
    offset += count;
  }
  return offset < bytes.size();
}

}  // namespace

std::string FormatName(StoreFormat format) {
  switch (format) {
    case StoreFormat::kPem: return "pem";
    case StoreFormat::kDer: return "der";
    case StoreFormat::kPkcs12: return "pkcs12";
    case StoreFormat::kJks: return "jks";
    case StoreFormat::kJceks: return "jceks";
  }
  return "unknown";
}

StoreFormat DetectFormat(std::span<const std::uint8_t> bytes) {
  if (bytes.empty()) {
    throw StoreError(ErrorReason::kNoCertificateFound, "file is empty");
  }
  if (bytes.size() >= 4) {
    std::uint32_t magic = (std::uint32_t{bytes[0]} << 24) |
                          (std::uint32_t{bytes[1]} << 16) |
                          (std::uint32_t{bytes[2]} << 8) | bytes[3];
    if (magic == 0xFEEDFEED) return StoreFormat::kJks;
    if (magic == 0xCECECECE) return StoreFormat::kJceks;
  }
  // A DER SEQUENCE: PKCS#12's PFX starts with INTEGER version 3, a
  // certificate with its TBSCertificate SEQUENCE.
  std::size_t offset = 0;
  if (bytes[0] == 0x30 && SkipDerHeader(bytes, offset)) {
    if (bytes[offset] == 0x02) return StoreFormat::kPkcs12;
    if (bytes[offset] == 0x30) return StoreFormat::kDer;
  }
  std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  if (text.find("-----BEGIN ") != std::string_view::npos) return StoreFormat::kPem;
  throw StoreError(ErrorReason::kUnsupportedFormat,
                   "not PEM, DER, PKCS#12, JKS or JCEKS");
}

ParsedStore ParseStore(std::span<const std::uint8_t> bytes,
                       const std::optional<std::string>& password) {
  switch (DetectFormat(bytes)) {
    case StoreFormat::kPem: return ParsePem(bytes);
    case StoreFormat::kDer: return ParseDer(bytes);
    case StoreFormat::kPkcs12: return ParsePkcs12(bytes, password);
    case StoreFormat::kJks:
    case StoreFormat::kJceks: return ParseJavaKeystore(bytes, password);
  }
  throw StoreError(ErrorReason::kUnsupportedFormat, "unknown format");
}

}  // namespace kafka_cert
