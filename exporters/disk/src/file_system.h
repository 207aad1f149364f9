#pragma once
// The filesystem calls the walker makes, behind an interface so that tests can
// inject what a real filesystem cannot show on demand (a mount that hangs).
#include <cstdint>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

namespace kafka_disk {

enum class EntryType { kFile, kDirectory, kSymlink, kOther, kUnknown };

/// \brief One directory entry as readdir reports it (type may be kUnknown on
/// filesystems without d_type).
struct DirEntry {
  std::string name;
  EntryType type = EntryType::kUnknown;
};

/// \brief The part of stat(2) the walker needs.
struct FileStat {
  EntryType type = EntryType::kUnknown;
  std::uint64_t size_bytes = 0;       ///< st_size (apparent)
  std::uint64_t allocated_bytes = 0;  ///< st_blocks * 512
  std::int64_t mtime_ns = 0;
  std::uint64_t device = 0;
  std::uint64_t inode = 0;
};

/// \brief statvfs(3) in node_exporter's terms.
struct FsStats {
  std::uint64_t size_bytes = 0;   ///< f_blocks * f_frsize
  std::uint64_t free_bytes = 0;   ///< f_bfree * f_frsize (root's view)
  std::uint64_t avail_bytes = 0;  ///< f_bavail * f_frsize (non-root view)
  std::uint64_t files = 0;
  std::uint64_t files_free = 0;
  bool readonly = false;
};

class FileSystem {
 public:
  virtual ~FileSystem() = default;
  virtual std::error_code StatFs(const std::string& path, FsStats& out) = 0;
  /// stat(2) when `follow` is set, lstat(2) otherwise.
  virtual std::error_code Stat(const std::string& path, bool follow,
                               FileStat& out) = 0;
  /// Lists a directory without "." and "..".
  virtual std::error_code ListDir(const std::string& path,
                                  std::vector<DirEntry>& out) = 0;
  /// realpath(3): the absolute path without symlinks.
  virtual std::error_code RealPath(const std::string& path,
                                   std::string& out) = 0;
  /// The text of /proc/self/mountinfo ("" if unavailable).
  virtual std::string MountInfo() = 0;
};

/// The real thing: POSIX calls on the local filesystem.
std::shared_ptr<FileSystem> MakePosixFileSystem();

}  // namespace kafka_disk
