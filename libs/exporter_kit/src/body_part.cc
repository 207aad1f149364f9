#include "exporter_kit/body_part.h"

#include "gzip.h"

namespace exporter_kit {

BodyPart::BodyPart(std::string text)
    : text_(std::move(text)),
      deflated_(gzip::Deflate(text_, /*final=*/false)),
      crc32_(gzip::Crc32(text_)) {}

}  // namespace exporter_kit
