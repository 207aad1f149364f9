#include "pagerduty/record_file.h"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <fstream>
#include <system_error>

namespace webhook_receiver::pagerduty {
namespace {

constexpr std::size_t kHeaderBytes = 8;
// Far above the 512 KB event limit: a larger length is a corrupt header.
constexpr std::uint32_t kMaxRecordBytes = 16u << 20;

[[noreturn]] void ThrowErrno(const std::string& what,
                             const std::filesystem::path& path) {
  throw std::system_error(errno, std::generic_category(),
                          what + " " + path.string());
}

void PutU32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

std::uint32_t GetU32(const char* p) {
  std::uint32_t v = 0;
  for (int i = 3; i >= 0; --i) {
    v = (v << 8) | static_cast<unsigned char>(p[i]);
  }
  return v;
}

std::uint32_t Crc(std::string_view data) {
  return static_cast<std::uint32_t>(
      crc32(0L, reinterpret_cast<const Bytef*>(data.data()),
            static_cast<uInt>(data.size())));
}

void WriteAll(int fd, std::string_view data, const std::filesystem::path& path) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      ThrowErrno("cannot write", path);
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
}

void SyncDirectory(const std::filesystem::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) ThrowErrno("cannot open directory", dir);
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) ThrowErrno("cannot fsync directory", dir);
}

std::string ReadWholeFile(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) ThrowErrno("cannot read", path);
  std::string content;
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(fd);
      ThrowErrno("cannot read", path);
    }
    if (n == 0) break;
    content.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return content;
}

}  // namespace

std::string FrameRecord(std::string_view record) {
  std::string out;
  out.reserve(kHeaderBytes + record.size());
  PutU32(out, static_cast<std::uint32_t>(record.size()));
  PutU32(out, Crc(record));
  out.append(record);
  return out;
}

RecordFile::RecordFile(std::filesystem::path path, const Replay& replay)
    : path_(std::move(path)) {
  const bool existed = std::filesystem::exists(path_);
  const std::string content = existed ? ReadWholeFile(path_) : std::string();
  std::size_t pos = 0;
  while (content.size() - pos >= kHeaderBytes) {
    const std::uint32_t length = GetU32(content.data() + pos);
    const std::uint32_t crc = GetU32(content.data() + pos + 4);
    if (length > kMaxRecordBytes ||
        content.size() - pos - kHeaderBytes < length) {
      break;
    }
    const std::string_view record(content.data() + pos + kHeaderBytes, length);
    if (Crc(record) != crc) break;
    replay(record);
    pos += kHeaderBytes + length;
  }
  if (pos < content.size()) {
    dropped_ = content.size() - pos;
    std::ofstream keep(path_.string() + ".torn", std::ios::binary);
    keep.write(content.data() + pos, static_cast<std::streamsize>(dropped_));
    std::filesystem::resize_file(path_, pos);
  }
  size_ = pos;
  OpenForAppend();
  if (!existed) SyncDirectory(path_.parent_path());  // the new name is durable
}

RecordFile::~RecordFile() {
  if (fd_ >= 0) ::close(fd_);
}

void RecordFile::OpenForAppend() {
  fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd_ < 0) ThrowErrno("cannot open", path_);
}

void RecordFile::Append(std::string_view record) {
  const std::string framed = FrameRecord(record);
  try {
    WriteAll(fd_, framed, path_);
  } catch (...) {
    // Cut a partial write back off so later appends stay readable.
    if (::ftruncate(fd_, static_cast<off_t>(size_)) != 0) {
      // Nothing more can be done; the reader will stop at the torn record.
    }
    throw;
  }
  size_ += framed.size();
}

void RecordFile::Sync() {
  if (::fdatasync(fd_) != 0) ThrowErrno("cannot fsync", path_);
}

void RecordFile::Rewrite(const std::vector<std::string>& records) {
  const std::filesystem::path temp = path_.string() + ".compact";
  const int fd =
      ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) ThrowErrno("cannot create", temp);
  std::uint64_t size = 0;
  try {
    for (const auto& record : records) {
      const std::string framed = FrameRecord(record);
      WriteAll(fd, framed, temp);
      size += framed.size();
    }
    if (::fsync(fd) != 0) ThrowErrno("cannot fsync", temp);
  } catch (...) {
    ::close(fd);
    std::filesystem::remove(temp);
    throw;
  }
  ::close(fd);
  std::filesystem::rename(temp, path_);
  SyncDirectory(path_.parent_path());
  ::close(fd_);
  fd_ = -1;
  size_ = size;
  OpenForAppend();
}

}  // namespace webhook_receiver::pagerduty
