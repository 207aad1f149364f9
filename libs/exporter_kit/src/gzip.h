#pragma once
// gzip (RFC 1952) built from independently compressed pieces, so that a
// large part compressed once can be sent by many responses: raw DEFLATE
// blocks that end on a byte boundary may be followed by any other blocks
// inside one gzip member, whose trailer carries the combined CRC-32.
#include <zlib.h>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace exporter_kit::gzip {

/// Raw DEFLATE of `data` at level 1 (scrapes favour speed over size). With
/// `final`, the output ends the stream; otherwise it ends on a byte boundary
/// with no final block, so more blocks may follow.
std::string Deflate(std::string_view data, bool final);
/// CRC-32 of `data`, as the gzip trailer wants it.
std::uint32_t Crc32(std::string_view data);
/// CRC-32 of A followed by B, from CRC(A), CRC(B) and B's length.
std::uint32_t CombineCrc32(std::uint32_t crc_a, std::uint32_t crc_b, std::size_t length_b);
/// Text compressed as raw DEFLATE blocks that end on a byte boundary, none
/// final, with the text's CRC-32 and length: what gzip members are built
/// from.
struct Piece {
  std::string deflated;
  std::uint32_t crc32;
  std::uint64_t size;
};
/// `text` as a piece (no blocks at all for no text).
Piece DeflatePiece(std::string_view text);

/// Raw DEFLATE built as the text arrives, for output too large to keep as
/// text.
class DeflateStream {
 public:
  DeflateStream();
  ~DeflateStream();
  DeflateStream(const DeflateStream&) = delete;
  DeflateStream& operator=(const DeflateStream&) = delete;

  void Write(std::string_view data);
  /// Ends the blocks so far on a byte boundary (a sync flush): output() is
  /// then complete for everything written. Writing may go on after.
  void Flush();
  /// Ends the stream with a final block and hands over the output; write
  /// nothing after.
  std::string Finish();
  const std::string& output() const { return out_; }
  /// Flushes and hands over everything written as one piece; write
  /// nothing after.
  Piece TakePiece();

 private:
  void Run(int flush);
  z_stream stream_{};
  std::string out_;
  std::uint32_t crc_;
  std::uint64_t size_ = 0;
};

/// Inflates raw DEFLATE blocks (final or not), handing the text to `sink`
/// in chunks of at most 256 KiB. Stops early when `sink` returns false.
/// Returns false on corrupt input or an early stop.
bool Inflate(std::string_view deflated, const std::function<bool(std::string_view)>& sink);

/// The fixed 10-byte member header (no name, no timestamp).
std::string Header();
/// The 8-byte trailer: CRC-32 and the uncompressed size modulo 2^32.
std::string Trailer(std::uint32_t crc, std::uint64_t size);

}  // namespace exporter_kit::gzip
