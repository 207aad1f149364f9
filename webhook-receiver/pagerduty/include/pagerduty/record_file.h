#pragma once
// An append-only file of records framed as [length u32][crc32 u32][bytes]
// (little endian). A crash in the middle of an append leaves a torn record
// at the tail; opening the file detects it by length or CRC and cuts it off,
// keeping a copy of the cut bytes beside the file for inspection.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace webhook_receiver::pagerduty {

class RecordFile {
 public:
  using Replay = std::function<void(std::string_view record)>;

  /// Opens or creates `path`, calling `replay` for every intact record in
  /// order. Throws std::system_error if the file cannot be opened.
  RecordFile(std::filesystem::path path, const Replay& replay);
  ~RecordFile();
  RecordFile(const RecordFile&) = delete;
  RecordFile& operator=(const RecordFile&) = delete;

  /// Appends one record (not yet synced). On a failed write the file is cut
  /// back to its previous length, so no torn record hides later ones.
  /// Throws std::system_error.
  void Append(std::string_view record);
  /// Makes every appended record durable (fdatasync).
  void Sync();
  /// Atomically replaces the whole file by `records` (temp file, fsync,
  /// rename, fsync of the directory): used for compaction.
  void Rewrite(const std::vector<std::string>& records);

  std::uint64_t size_bytes() const { return size_; }
  /// Bytes cut off a torn or corrupt tail when the file was opened.
  std::uint64_t recovered_bytes_dropped() const { return dropped_; }

 private:
  void OpenForAppend();

  std::filesystem::path path_;
  int fd_ = -1;
  std::uint64_t size_ = 0;
  std::uint64_t dropped_ = 0;
};

/// Frames one record (exposed for tests that forge torn files).
std::string FrameRecord(std::string_view record);

}  // namespace webhook_receiver::pagerduty
