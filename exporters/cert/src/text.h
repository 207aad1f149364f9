#pragma once
// Text conversions for certificate and keystore strings, all producing
// valid UTF-8 (invalid input becomes U+FFFD) so label values stay valid.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace kafka_cert {

void AppendUtf8(std::string& out, char32_t code_point);

/// Java's "modified UTF-8" (NUL as C0 80, supplementary characters as
/// surrogate pairs) to UTF-8; also cleans plain UTF-8.
std::string ModifiedUtf8ToUtf8(std::span<const std::uint8_t> bytes);

/// UTF-8 text to big-endian UTF-16 code units, as Java's keystore digest
/// hashes the password.
std::string Utf8ToUtf16Be(std::string_view text);

/// ASN.1 BMPString (UTF-16BE) and UniversalString (UTF-32BE) to UTF-8.
std::string Utf16BeToUtf8(std::span<const std::uint8_t> bytes);
std::string Utf32BeToUtf8(std::span<const std::uint8_t> bytes);

}  // namespace kafka_cert
