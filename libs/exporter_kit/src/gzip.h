#pragma once
// gzip (RFC 1952) built from independently compressed pieces, so that a
// large part compressed once can be sent by many responses: raw DEFLATE
// blocks that end on a byte boundary may be followed by any other blocks
// inside one gzip member, whose trailer carries the combined CRC-32.
#include <cstdint>
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
/// The fixed 10-byte member header (no name, no timestamp).
std::string Header();
/// The 8-byte trailer: CRC-32 and the uncompressed size modulo 2^32.
std::string Trailer(std::uint32_t crc, std::uint64_t size);

}  // namespace exporter_kit::gzip
