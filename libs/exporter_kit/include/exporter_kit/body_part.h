#pragma once
// A piece of a response body shared by many responses. A collector's
// output is built and compressed once per cycle and then sent by every
// scrape as it is: no copy, no second compression.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace exporter_kit {

class BodyPart {
 public:
  /// Compresses `text` at once (raw DEFLATE, level 1), on the caller's
  /// thread: collectors' threads pay for it, scrapes do not.
  explicit BodyPart(std::string text);
  /// A part kept compressed only (an output too large to hold as text):
  /// `deflated` as deflated() below, of `size` bytes of text.
  static BodyPart Compressed(std::string deflated, std::uint32_t crc32, std::uint64_t size);

  /// False for a part kept compressed only; text() is then empty.
  bool has_text() const { return has_text_; }
  const std::string& text() const { return text_; }
  /// Length of the text, held or not.
  std::uint64_t size() const { return size_; }
  /// Hands the text to `sink` (inflated piece by piece when not held);
  /// stops early, returning false, when `sink` does.
  bool WriteText(const std::function<bool(std::string_view)>& sink) const;
  /// DEFLATE blocks of the text, none final and ending on a byte boundary,
  /// so other parts' blocks may follow in the same gzip member.
  const std::string& deflated() const { return deflated_; }
  std::uint32_t crc32() const { return crc32_; }

 private:
  BodyPart() = default;
  bool has_text_ = true;
  std::string text_;
  std::string deflated_;
  std::uint32_t crc32_ = 0;
  std::uint64_t size_ = 0;
};

}  // namespace exporter_kit
