#pragma once
// Turning configured paths into files, and reading them safely: files are
// opened read-only, bounded in size, and never written.
#include <cstdint>
#include <string>
#include <vector>

namespace kafka_cert {

/// Files larger than this are refused: no certificate store is this big.
inline constexpr std::uintmax_t kMaxCertificateFileBytes = 16u << 20;

struct ExpandedPath {
  std::string path;
  /// True when found by listing a directory: files there that hold no
  /// certificate at all (private keys, READMEs) are skipped, not errors.
  bool from_directory = false;
};

/// A file, a directory (its regular files, not recursive) or a glob
/// ('*', '?', '[...]'). A pattern that matches nothing yields the pattern
/// itself, so that reading it reports not_found.
std::vector<ExpandedPath> ExpandPattern(const std::string& pattern);

/// Reads a whole file; throws StoreError (not_found, permission_denied,
/// read_failed) naming the path.
std::vector<std::uint8_t> ReadCertificateFile(const std::string& path);

}  // namespace kafka_cert
