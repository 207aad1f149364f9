#include "file_scanner.h"

#include <sys/stat.h>

#include "file_sources.h"
#include "store_parser.h"

namespace kafka_cert {

std::optional<SourceResult> ScanBytes(const std::string& kind, const std::string& name,
                                      std::span<const std::uint8_t> bytes,
                                      const std::optional<std::string>& password,
                                      bool skip_if_not_certificates) {
  try {
    return DescribeStore(kind, name, ParseStore(bytes, password));
  } catch (const StoreError& e) {
    bool not_certificates = e.reason() == ErrorReason::kNoCertificateFound ||
                            e.reason() == ErrorReason::kUnsupportedFormat;
    if (skip_if_not_certificates && not_certificates) return std::nullopt;
    SourceResult failed;
    failed.kind = kind;
    failed.name = name;
    failed.errors.push_back(e);
    return failed;
  }
}

std::optional<SourceResult> FileScanner::Scan(const std::string& path,
                                              const std::optional<std::string>& password,
                                              bool skip_if_not_certificates) {
  struct stat info {};
  bool stat_ok = stat(path.c_str(), &info) == 0;
  auto cached = cache_.find(path);
  if (stat_ok && cached != cache_.end() && cached->second.password == password &&
      cached->second.size == static_cast<std::uintmax_t>(info.st_size) &&
      cached->second.mtime.tv_sec == info.st_mtim.tv_sec &&
      cached->second.mtime.tv_nsec == info.st_mtim.tv_nsec) {
    cached->second.seen = true;
    return cached->second.result;
  }
  std::optional<SourceResult> result;
  try {
    auto bytes = ReadCertificateFile(path);
    result = ScanBytes("file", path, bytes, password, skip_if_not_certificates);
  } catch (const StoreError& e) {
    result = SourceResult{"file", path, "", {}, {e}, std::nullopt};
  }
  if (stat_ok) {
    cache_[path] = Entry{info.st_mtim, static_cast<std::uintmax_t>(info.st_size),
                         password, result, true};
  }
  return result;
}

void FileScanner::Sweep() {
  for (auto it = cache_.begin(); it != cache_.end();) {
    if (!it->second.seen) {
      it = cache_.erase(it);
    } else {
      it->second.seen = false;
      ++it;
    }
  }
}

}  // namespace kafka_cert
