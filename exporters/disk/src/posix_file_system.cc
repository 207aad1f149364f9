// FileSystem on POSIX calls. Every error comes back as an error_code; nothing
// here throws for an ordinary filesystem failure.
#include <dirent.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "file_system.h"

namespace kafka_disk {
namespace {

std::error_code LastError() { return {errno, std::generic_category()}; }

EntryType FromMode(mode_t mode) {
  if (S_ISREG(mode)) return EntryType::kFile;
  if (S_ISDIR(mode)) return EntryType::kDirectory;
  if (S_ISLNK(mode)) return EntryType::kSymlink;
  return EntryType::kOther;
}

EntryType FromDirentType(unsigned char type) {
  switch (type) {
    case DT_REG:
      return EntryType::kFile;
    case DT_DIR:
      return EntryType::kDirectory;
    case DT_LNK:
      return EntryType::kSymlink;
    case DT_UNKNOWN:
      return EntryType::kUnknown;
    default:
      return EntryType::kOther;
  }
}

class PosixFileSystem final : public FileSystem {
 public:
  std::error_code StatFs(const std::string& path, FsStats& out) override {
    struct statvfs vfs {};
    if (statvfs(path.c_str(), &vfs) != 0) return LastError();
    const std::uint64_t unit = vfs.f_frsize ? vfs.f_frsize : vfs.f_bsize;
    out.size_bytes = vfs.f_blocks * unit;
    out.free_bytes = vfs.f_bfree * unit;
    out.avail_bytes = vfs.f_bavail * unit;
    out.files = vfs.f_files;
    out.files_free = vfs.f_ffree;
    out.readonly = (vfs.f_flag & ST_RDONLY) != 0;
    return {};
  }

  std::error_code Stat(const std::string& path, bool follow,
                       FileStat& out) override {
    struct stat st {};
    const int rc = follow ? stat(path.c_str(), &st) : lstat(path.c_str(), &st);
    if (rc != 0) return LastError();
    out.type = FromMode(st.st_mode);
    out.size_bytes = static_cast<std::uint64_t>(st.st_size);
    out.allocated_bytes = static_cast<std::uint64_t>(st.st_blocks) * 512;
    out.mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 +
                   st.st_mtim.tv_nsec;
    out.device = st.st_dev;
    out.inode = st.st_ino;
    return {};
  }

  std::error_code ListDir(const std::string& path,
                          std::vector<DirEntry>& out) override {
    out.clear();
    DIR* dir = opendir(path.c_str());
    if (dir == nullptr) return LastError();
    errno = 0;
    while (const dirent* entry = readdir(dir)) {
      const std::string_view name = entry->d_name;
      if (name == "." || name == "..") continue;
      out.push_back({std::string(name), FromDirentType(entry->d_type)});
    }
    const std::error_code error = errno ? LastError() : std::error_code();
    closedir(dir);
    return error;
  }

  std::error_code RealPath(const std::string& path, std::string& out) override {
    char* resolved = realpath(path.c_str(), nullptr);
    if (resolved == nullptr) return LastError();
    out = resolved;
    free(resolved);
    return {};
  }

  std::string MountInfo() override {
    std::ifstream in("/proc/self/mountinfo");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }
};

}  // namespace

std::shared_ptr<FileSystem> MakePosixFileSystem() {
  return std::make_shared<PosixFileSystem>();
}

}  // namespace kafka_disk
