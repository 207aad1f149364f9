#pragma once
// A piece of a response body shared by many responses. A collector's
// output is built and compressed once per cycle and then sent by every
// scrape as it is: no copy, no second compression.
#include <cstdint>
#include <string>

namespace exporter_kit {

class BodyPart {
 public:
  /// Compresses `text` at once (raw DEFLATE, level 1), on the caller's
  /// thread: collectors' threads pay for it, scrapes do not.
  explicit BodyPart(std::string text);

  const std::string& text() const { return text_; }
  /// DEFLATE blocks of text(), none final and ending on a byte boundary, so
  /// other parts' blocks may follow in the same gzip member.
  const std::string& deflated() const { return deflated_; }
  std::uint32_t crc32() const { return crc32_; }

 private:
  std::string text_;
  std::string deflated_;
  std::uint32_t crc32_;
};

}  // namespace exporter_kit
