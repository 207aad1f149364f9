// Text conversions for Java keystores: aliases in modified UTF-8 and
// passwords hashed as UTF-16BE.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "text.h"

namespace kafka_cert {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

/// Decodes one UTF-8 style sequence (1 to 4 bytes) at `i`, advancing it.
/// Accepts the overlong C0 80 that modified UTF-8 uses for NUL.
char32_t DecodeOne(std::span<const std::uint8_t> s, std::size_t& i) {
  std::uint8_t lead = s[i++];
  if (lead < 0x80) return lead;
  int extra = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : -1;
  if (extra < 0 || lead >= 0xF8 || i + static_cast<std::size_t>(extra) > s.size()) {
    return kReplacement;
  }
  char32_t cp = lead & (0x3F >> extra);
  for (int k = 0; k < extra; ++k) {
    std::uint8_t next = s[i];
    if ((next & 0xC0) != 0x80) return kReplacement;
    cp = (cp << 6) | (next & 0x3F);
    ++i;
  }
  return cp;
}

bool IsHighSurrogate(char32_t cp) { return cp >= 0xD800 && cp <= 0xDBFF; }
bool IsLowSurrogate(char32_t cp) { return cp >= 0xDC00 && cp <= 0xDFFF; }

}  // namespace

void AppendUtf8(std::string& out, char32_t cp) {
  if (cp >= 0xD800 && cp <= 0xDFFF) cp = kReplacement;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string ModifiedUtf8ToUtf8(std::span<const std::uint8_t> bytes) {
  std::string out;
  std::size_t i = 0;
  while (i < bytes.size()) {
    char32_t cp = DecodeOne(bytes, i);
    if (IsHighSurrogate(cp) && i < bytes.size()) {
      std::size_t after = i;
      char32_t low = DecodeOne(bytes, after);
      if (IsLowSurrogate(low)) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        i = after;
      }
    }
    AppendUtf8(out, cp);
  }
  return out;
}

std::string Utf8ToUtf16Be(std::string_view text) {
  std::span<const std::uint8_t> bytes(
      reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
  std::string out;
  auto unit = [&out](char32_t u) {
    out += static_cast<char>((u >> 8) & 0xFF);
    out += static_cast<char>(u & 0xFF);
  };
  std::size_t i = 0;
  while (i < bytes.size()) {
    char32_t cp = DecodeOne(bytes, i);
    if (cp >= 0x10000) {
      cp -= 0x10000;
      unit(0xD800 + (cp >> 10));
      unit(0xDC00 + (cp & 0x3FF));
    } else {
      unit(cp);
    }
  }
  return out;
}

std::string Utf16BeToUtf8(std::span<const std::uint8_t> bytes) {
  std::string out;
  for (std::size_t i = 0; i + 1 < bytes.size(); i += 2) {
    char32_t cp = (char32_t{bytes[i]} << 8) | bytes[i + 1];
    if (IsHighSurrogate(cp) && i + 3 < bytes.size()) {
      char32_t low = (char32_t{bytes[i + 2]} << 8) | bytes[i + 3];
      if (IsLowSurrogate(low)) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        i += 2;
      }
    }
    AppendUtf8(out, cp);
  }
  return out;
}

std::string Utf32BeToUtf8(std::span<const std::uint8_t> bytes) {
  std::string out;
  for (std::size_t i = 0; i + 3 < bytes.size(); i += 4) {
    char32_t cp = (char32_t{bytes[i]} << 24) | (char32_t{bytes[i + 1]} << 16) |
                  (char32_t{bytes[i + 2]} << 8) | bytes[i + 3];
    AppendUtf8(out, cp > 0x10FFFF ? kReplacement : cp);
  }
  return out;
}

}  // namespace kafka_cert
