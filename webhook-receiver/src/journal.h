#pragma once
// An append-only journal of opaque records, durable before Append returns.
//
// Each record is framed as [u32 length][u32 CRC-32 of the payload][payload],
// little-endian. One writer thread takes every append waiting at that moment,
// writes them with a single write() and fdatasync() (group commit), then
// wakes their callers: under load one fsync acknowledges many requests.
// Replay stops at the first frame that is short or fails its CRC (the torn
// tail a crash leaves) and truncates the file there.
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace webhook_receiver {

class JournalError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct JournalReplay {
  std::vector<std::string> records;
  std::uint64_t valid_bytes = 0;
  std::uint64_t dropped_bytes = 0;  ///< torn or corrupt tail, now truncated
};

class Journal {
 public:
  /// Called after each fsync with its duration in seconds.
  using FsyncObserver = std::function<void(double)>;
  using Snapshot = std::function<std::vector<std::string>()>;

  /// Reads every intact record of `path` (none if it does not exist) and
  /// truncates whatever follows the last intact one.
  static JournalReplay Replay(const std::filesystem::path& path);

  /// Opens `path` for appending (creating it) and starts the writer thread.
  /// Throws JournalError if the file cannot be opened.
  explicit Journal(std::filesystem::path path, FsyncObserver observer = {});
  ~Journal();
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;

  /// Appends records and returns once they are on disk; throws JournalError
  /// if they could not be written (nothing of the batch is kept then).
  void Append(std::vector<std::string> records);
  void Append(std::string record);

  /// Replaces the journal with `snapshot()`'s records, atomically (write a
  /// temporary file, fsync, rename). `snapshot` runs on the writer thread
  /// between two group commits, so no append is in flight while it runs.
  void Compact(const Snapshot& snapshot);

  std::uint64_t SizeBytes() const;

 private:
  struct Request;
  void WriterLoop();
  void CommitBatch(std::vector<std::shared_ptr<Request>>& batch);
  void RunCompaction(Request& request);
  void OpenForAppend();

  std::filesystem::path path_;
  FsyncObserver observer_;
  int fd_ = -1;
  std::uint64_t size_ = 0;  // guarded by mutex_ for readers

  mutable std::mutex mutex_;
  std::condition_variable wake_writer_;
  std::condition_variable wake_callers_;
  std::vector<std::shared_ptr<Request>> queue_;
  bool stopping_ = false;
  std::thread writer_;
};

/// Frames one record (exposed for tests that forge torn tails).
std::string FrameRecord(const std::string& payload);

}  // namespace webhook_receiver
