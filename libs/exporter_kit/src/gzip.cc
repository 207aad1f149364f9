#include "gzip.h"

#include <zlib.h>

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace exporter_kit::gzip {
namespace {

// zlib counts in uInt; feed it at most this much per call.
constexpr std::size_t kMaxChunk = std::numeric_limits<uInt>::max() / 2;

void AppendLittleEndian32(std::string& out, std::uint32_t value) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

}  // namespace

std::string Deflate(std::string_view data, bool final) {
  if (data.empty() && !final) return {};  // no blocks at all is a valid piece
  DeflateStream stream;
  stream.Write(data);
  return final ? stream.Finish() : stream.TakePiece().deflated;
}

Piece DeflatePiece(std::string_view text) {
  if (text.empty()) return {{}, Crc32({}), 0};
  DeflateStream stream;
  stream.Write(text);
  return stream.TakePiece();
}

DeflateStream::DeflateStream() : crc_(Crc32({})) {
  // Negative window bits: raw DEFLATE, the framing is ours.
  if (deflateInit2(&stream_, 1, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("zlib: deflateInit2 failed");
  }
}

DeflateStream::~DeflateStream() { deflateEnd(&stream_); }

void DeflateStream::Write(std::string_view data) {
  crc_ = CombineCrc32(crc_, Crc32(data), data.size());
  size_ += data.size();
  while (!data.empty()) {
    const std::size_t take = std::min(data.size(), kMaxChunk);
    stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream_.avail_in = static_cast<uInt>(take);
    data.remove_prefix(take);
    Run(Z_NO_FLUSH);
  }
}

void DeflateStream::Flush() { Run(Z_SYNC_FLUSH); }

std::string DeflateStream::Finish() {
  Run(Z_FINISH);
  return std::move(out_);
}

Piece DeflateStream::TakePiece() {
  Flush();
  return {std::move(out_), crc_, size_};
}

void DeflateStream::Run(int flush) {
  // Grow the output until zlib has taken all input and, for a flush, has
  // room left over (which is how it says the flush is complete).
  // A fixed step, not deflateBound of the input: the output is a fraction
  // of the input, and the string's capacity stays near what it holds.
  constexpr std::size_t kStep = 64 * 1024;
  int result = Z_OK;
  do {
    const std::size_t used = out_.size();
    out_.resize(used + kStep);
    stream_.next_out = reinterpret_cast<Bytef*>(out_.data() + used);
    stream_.avail_out = static_cast<uInt>(out_.size() - used);
    result = deflate(&stream_, flush);
    out_.resize(out_.size() - stream_.avail_out);
    if (result != Z_OK && result != Z_BUF_ERROR && result != Z_STREAM_END) {
      throw std::runtime_error("zlib: deflate failed");
    }
  } while (result != Z_STREAM_END &&
           (stream_.avail_in > 0 || (flush != Z_NO_FLUSH && stream_.avail_out == 0)));
}

bool Inflate(std::string_view deflated, const std::function<bool(std::string_view)>& sink) {
  z_stream stream{};
  if (inflateInit2(&stream, -15) != Z_OK) return false;
  std::string chunk(256 * 1024, '\0');
  bool ok = true;
  bool ended = false;  // a final block was seen
  while (ok && !ended && !deflated.empty()) {
    const std::size_t take = std::min(deflated.size(), kMaxChunk);
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(deflated.data()));
    stream.avail_in = static_cast<uInt>(take);
    deflated.remove_prefix(take);
    // A full output buffer may mean more output is pending: go round until
    // zlib has taken all input and left room.
    do {
      stream.next_out = reinterpret_cast<Bytef*>(chunk.data());
      stream.avail_out = static_cast<uInt>(chunk.size());
      const int result = inflate(&stream, Z_NO_FLUSH);
      const std::size_t produced = chunk.size() - stream.avail_out;
      if (produced > 0 && !sink(std::string_view(chunk.data(), produced))) ok = false;
      if (result == Z_STREAM_END) ended = true;
      else if (result == Z_BUF_ERROR) break;  // no progress possible: needs input
      else if (result != Z_OK) ok = false;
    } while (ok && !ended && (stream.avail_in > 0 || stream.avail_out == 0));
  }
  inflateEnd(&stream);
  return ok;
}

std::uint32_t Crc32(std::string_view data) {
  uLong crc = crc32(0L, Z_NULL, 0);
  while (!data.empty()) {
    const std::size_t take = std::min(data.size(), kMaxChunk);
    crc = crc32(crc, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(take));
    data.remove_prefix(take);
  }
  return static_cast<std::uint32_t>(crc);
}

std::uint32_t CombineCrc32(std::uint32_t crc_a, std::uint32_t crc_b, std::size_t length_b) {
  return static_cast<std::uint32_t>(
      crc32_combine(crc_a, crc_b, static_cast<z_off_t>(length_b)));
}

std::string Header() {
  // ID1 ID2, CM=8 (deflate), FLG=0, MTIME=0, XFL=0, OS=255 (unknown).
  return std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff", 10);
}

std::string Trailer(std::uint32_t crc, std::uint64_t size) {
  std::string out;
  AppendLittleEndian32(out, crc);
  AppendLittleEndian32(out, static_cast<std::uint32_t>(size & 0xffffffffu));
  return out;
}

}  // namespace exporter_kit::gzip
