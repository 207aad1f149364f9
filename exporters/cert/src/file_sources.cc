#include "file_sources.h"

#include <fcntl.h>
#include <glob.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "store_error.h"

namespace kafka_cert {
namespace {

bool HasGlobCharacters(const std::string& pattern) {
  return pattern.find_first_of("*?[") != std::string::npos;
}

std::vector<ExpandedPath> ListDirectory(const std::string& dir) {
  std::vector<ExpandedPath> out;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.is_regular_file(ec)) out.push_back({entry.path().string(), true});
  }
  std::sort(out.begin(), out.end(),
            [](const ExpandedPath& a, const ExpandedPath& b) { return a.path < b.path; });
  return out;
}

[[noreturn]] void ThrowErrno(const std::string& path, int error) {
  ErrorReason reason = error == ENOENT || error == ENOTDIR ? ErrorReason::kNotFound
                       : error == EACCES || error == EPERM ? ErrorReason::kPermissionDenied
                                                           : ErrorReason::kReadFailed;
  throw StoreError(reason, path + ": " + std::strerror(error));
}

}  // namespace

std::vector<ExpandedPath> ExpandPattern(const std::string& pattern) {
  std::error_code ec;
  if (std::filesystem::is_directory(pattern, ec)) return ListDirectory(pattern);
  if (!HasGlobCharacters(pattern)) return {{pattern, false}};
  glob_t matches{};
  std::vector<ExpandedPath> out;
  if (glob(pattern.c_str(), 0, nullptr, &matches) == 0) {
    for (std::size_t i = 0; i < matches.gl_pathc; ++i) {
      std::string path = matches.gl_pathv[i];
      if (std::filesystem::is_directory(path, ec)) {
        auto listed = ListDirectory(path);
        out.insert(out.end(), listed.begin(), listed.end());
      } else {
        out.push_back({path, false});
      }
    }
  }
  globfree(&matches);
  if (out.empty()) out.push_back({pattern, false});
  return out;
}

std::vector<std::uint8_t> ReadCertificateFile(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) ThrowErrno(path, errno);
  struct Closer {
    int fd;
    ~Closer() { close(fd); }
  } closer{fd};
  struct stat info {};
  if (fstat(fd, &info) != 0) ThrowErrno(path, errno);
  if (!S_ISREG(info.st_mode)) {
    throw StoreError(ErrorReason::kReadFailed, path + ": not a regular file");
  }
  if (static_cast<std::uintmax_t>(info.st_size) > kMaxCertificateFileBytes) {
    throw StoreError(ErrorReason::kReadFailed,
                     path + ": larger than 16 MiB, not a certificate store");
  }
  std::vector<std::uint8_t> bytes(static_cast<std::size_t>(info.st_size));
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = read(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) ThrowErrno(path, errno);
    if (n == 0) break;  // shrank while reading: parse what is there
    done += static_cast<std::size_t>(n);
  }
  bytes.resize(done);
  return bytes;
}

}  // namespace kafka_cert
