#include "pem_der.h"

#include <optional>
#include <string>
#include <string_view>

#include "certificate.h"

namespace kafka_cert {
namespace {

constexpr std::string_view kBegin = "-----BEGIN ";
constexpr std::string_view kDashes = "-----";

int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

/// Decodes base64, ignoring whitespace; nullopt on any other character or
/// on data after the padding.
std::optional<std::vector<std::uint8_t>> DecodeBase64(std::string_view text) {
  std::vector<std::uint8_t> out;
  out.reserve(text.size() * 3 / 4);
  std::uint32_t accumulator = 0;
  int bits = 0;
  bool padded = false;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
    if (c == '=') {
      padded = true;
      continue;
    }
    int value = Base64Value(c);
    if (value < 0 || padded) return std::nullopt;
    accumulator = (accumulator << 6) | static_cast<std::uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<std::uint8_t>((accumulator >> bits) & 0xFF));
    }
  }
  return out;
}

bool IsCertificateLabel(std::string_view label) {
  return label == "CERTIFICATE" || label == "TRUSTED CERTIFICATE" ||
         label == "X509 CERTIFICATE";
}

}  // namespace

ParsedStore ParsePem(std::span<const std::uint8_t> bytes) {
  std::string_view text(reinterpret_cast<const char*>(bytes.data()),
                        bytes.size());
  ParsedStore store;
  store.format = StoreFormat::kPem;
  int blocks = 0;
  std::size_t position = 0;
  while ((position = text.find(kBegin, position)) != std::string_view::npos) {
    std::size_t label_start = position + kBegin.size();
    std::size_t label_end = text.find(kDashes, label_start);
    std::size_t line_end = text.find('\n', label_start);
    if (label_end == std::string_view::npos || label_end > line_end) {
      store.item_errors.emplace_back(
          ErrorReason::kBadPem, "malformed BEGIN line at byte " + std::to_string(position));
      ++blocks;
      break;
    }
    std::string_view label = text.substr(label_start, label_end - label_start);
    std::string end_marker = "-----END " + std::string(label) + "-----";
    std::size_t body_start = label_end + kDashes.size();
    std::size_t end = text.find(end_marker, body_start);
    if (end == std::string_view::npos) {
      store.item_errors.emplace_back(
          ErrorReason::kBadPem, "PEM block '" + std::string(label) + "' at byte " +
                                    std::to_string(position) +
                                    " has no END line (truncated?)");
      ++blocks;
      break;
    }
    position = end + end_marker.size();
    if (!IsCertificateLabel(label)) continue;
    int index = blocks++;
    auto der = DecodeBase64(text.substr(body_start, end - body_start));
    try {
      if (!der || der->empty()) {
        throw StoreError(ErrorReason::kBadPem, "invalid base64");
      }
      DescribeCertificate(*der);  // reject blocks that are not certificates
      store.entries.push_back({"", "", index, std::move(*der)});
    } catch (const StoreError& e) {
      store.item_errors.emplace_back(
          ErrorReason::kBadPem,
          "certificate block " + std::to_string(index) + ": " + e.what());
    }
  }
  if (blocks == 0) {
    throw StoreError(ErrorReason::kNoCertificateFound,
                     "no CERTIFICATE block in PEM text");
  }
  return store;
}

ParsedStore ParseDer(std::span<const std::uint8_t> bytes) {
  DescribeCertificate(bytes);
  ParsedStore store;
  store.format = StoreFormat::kDer;
  store.entries.push_back({"", "", 0, {bytes.begin(), bytes.end()}});
  return store;
}

}  // namespace kafka_cert
