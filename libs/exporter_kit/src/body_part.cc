#include "exporter_kit/body_part.h"

#include "gzip.h"

namespace exporter_kit {

BodyPart::BodyPart(std::string text) : text_(std::move(text)) {
  auto piece = gzip::DeflatePiece(text_);
  deflated_ = std::move(piece.deflated);
  crc32_ = piece.crc32;
  size_ = piece.size;
}

BodyPart BodyPart::Compressed(std::string deflated, std::uint32_t crc32, std::uint64_t size) {
  BodyPart part;
  part.has_text_ = false;
  part.deflated_ = std::move(deflated);
  part.crc32_ = crc32;
  part.size_ = size;
  return part;
}

bool BodyPart::WriteText(const std::function<bool(std::string_view)>& sink) const {
  if (has_text_) return text_.empty() || sink(text_);
  return gzip::Inflate(deflated_, sink);
}

}  // namespace exporter_kit
