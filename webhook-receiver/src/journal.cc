#include "journal.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <iterator>

namespace webhook_receiver {
namespace {

// Larger lengths can only come from corruption; refuse to allocate them.
constexpr std::uint32_t kMaxRecordBytes = 256u << 20;

std::string ErrnoText(const std::string& what) {
  return what + ": " + std::strerror(errno);
}

void PutU32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

std::uint32_t GetU32(const std::string& in, std::size_t pos) {
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i) {
    v |= static_cast<std::uint32_t>(static_cast<unsigned char>(in[pos + i])) << (8 * i);
  }
  return v;
}

std::uint32_t Crc(const char* data, std::size_t size) {
  return static_cast<std::uint32_t>(
      crc32(0L, reinterpret_cast<const Bytef*>(data), static_cast<uInt>(size)));
}

void WriteAll(int fd, const std::string& data) {
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw JournalError(ErrnoText("journal write"));
    }
    done += static_cast<std::size_t>(n);
  }
}

void SyncDirectory(const std::filesystem::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

std::string FrameRecord(const std::string& payload) {
  std::string out;
  out.reserve(payload.size() + 8);
  PutU32(out, static_cast<std::uint32_t>(payload.size()));
  PutU32(out, Crc(payload.data(), payload.size()));
  out += payload;
  return out;
}

struct Journal::Request {
  std::string frames;
  const Snapshot* snapshot = nullptr;  // set for a compaction
  bool done = false;
  std::string error;
};

JournalReplay Journal::Replay(const std::filesystem::path& path) {
  JournalReplay result;
  std::ifstream in(path, std::ios::binary);
  if (!in) return result;
  std::string data((std::istreambuf_iterator<char>(in)),
                   std::istreambuf_iterator<char>());
  std::size_t pos = 0;
  while (pos + 8 <= data.size()) {
    std::uint32_t length = GetU32(data, pos);
    std::uint32_t crc = GetU32(data, pos + 4);
    if (length > kMaxRecordBytes || pos + 8 + length > data.size()) break;
    if (Crc(data.data() + pos + 8, length) != crc) break;
    result.records.emplace_back(data, pos + 8, length);
    pos += 8 + length;
  }
  result.valid_bytes = pos;
  result.dropped_bytes = data.size() - pos;
  if (result.dropped_bytes > 0) {
    std::error_code ec;
    std::filesystem::resize_file(path, pos, ec);
    if (ec) throw JournalError("journal truncate: " + ec.message());
  }
  return result;
}

Journal::Journal(std::filesystem::path path, FsyncObserver observer)
    : path_(std::move(path)), observer_(std::move(observer)) {
  OpenForAppend();
  writer_ = std::thread([this] { WriterLoop(); });
}

Journal::~Journal() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_writer_.notify_all();
  writer_.join();
  if (fd_ >= 0) ::close(fd_);
}

void Journal::OpenForAppend() {
  int fd = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) throw JournalError(ErrnoText("journal open " + path_.string()));
  struct stat st {};
  ::fstat(fd, &st);
  SyncDirectory(path_.parent_path().empty() ? "." : path_.parent_path());
  if (fd_ >= 0) ::close(fd_);
  fd_ = fd;
  std::lock_guard lock(mutex_);
  size_ = static_cast<std::uint64_t>(st.st_size);
}

void Journal::Append(std::string record) {
  std::vector<std::string> records;
  records.push_back(std::move(record));
  Append(std::move(records));
}

void Journal::Append(std::vector<std::string> records) {
  auto request = std::make_shared<Request>();
  for (const std::string& r : records) request->frames += FrameRecord(r);
  std::unique_lock lock(mutex_);
  if (stopping_) throw JournalError("journal is closed");
  queue_.push_back(request);
  wake_writer_.notify_one();
  wake_callers_.wait(lock, [&] { return request->done; });
  if (!request->error.empty()) throw JournalError(request->error);
}

void Journal::Compact(const Snapshot& snapshot) {
  auto request = std::make_shared<Request>();
  request->snapshot = &snapshot;
  std::unique_lock lock(mutex_);
  if (stopping_) throw JournalError("journal is closed");
  queue_.push_back(request);
  wake_writer_.notify_one();
  wake_callers_.wait(lock, [&] { return request->done; });
  if (!request->error.empty()) throw JournalError(request->error);
}

std::uint64_t Journal::SizeBytes() const {
  std::lock_guard lock(mutex_);
  return size_;
}

void Journal::WriterLoop() {
  std::unique_lock lock(mutex_);
  while (true) {
    wake_writer_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping with nothing left
    std::vector<std::shared_ptr<Request>> taken;
    taken.swap(queue_);
    lock.unlock();
    // Appends before a compaction commit first; the compaction then runs
    // alone; appends after it go to the new file.
    std::vector<std::shared_ptr<Request>> batch;
    for (auto& request : taken) {
      if (request->snapshot == nullptr) {
        batch.push_back(request);
        continue;
      }
      CommitBatch(batch);
      batch.clear();
      RunCompaction(*request);
    }
    CommitBatch(batch);
    lock.lock();
    for (auto& request : taken) request->done = true;
    wake_callers_.notify_all();
  }
}

void Journal::CommitBatch(std::vector<std::shared_ptr<Request>>& batch) {
  if (batch.empty()) return;
  std::string data;
  for (const auto& request : batch) data += request->frames;
  std::uint64_t before = SizeBytes();
  std::string error;
  try {
    WriteAll(fd_, data);
    auto start = std::chrono::steady_clock::now();
    if (::fdatasync(fd_) != 0) throw JournalError(ErrnoText("journal fsync"));
    if (observer_) {
      observer_(std::chrono::duration<double>(
                    std::chrono::steady_clock::now() - start)
                    .count());
    }
    std::lock_guard lock(mutex_);
    size_ += data.size();
  } catch (const JournalError& e) {
    error = e.what();
    // Drop the partial batch so replay never sees half of it as acknowledged.
    if (::ftruncate(fd_, static_cast<off_t>(before)) != 0) {
      error += "; truncate failed: " + std::string(std::strerror(errno));
    }
  }
  for (auto& request : batch) request->error = error;
}

void Journal::RunCompaction(Request& request) {
  std::filesystem::path tmp = path_;
  tmp += ".compact";
  try {
    std::vector<std::string> records = (*request.snapshot)();
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) throw JournalError(ErrnoText("journal compaction open"));
    try {
      std::string data;
      for (const std::string& r : records) data += FrameRecord(r);
      WriteAll(fd, data);
      if (::fsync(fd) != 0) throw JournalError(ErrnoText("journal compaction fsync"));
    } catch (...) {
      ::close(fd);
      throw;
    }
    ::close(fd);
    if (::rename(tmp.c_str(), path_.c_str()) != 0) {
      throw JournalError(ErrnoText("journal compaction rename"));
    }
    OpenForAppend();
  } catch (const std::exception& e) {
    std::filesystem::remove(tmp);
    request.error = e.what();
  }
}

}  // namespace webhook_receiver
