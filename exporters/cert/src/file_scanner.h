#pragma once
// Reads certificate files into SourceResults, re-parsing a file only when
// its (mtime, size) or password changed: PKCS#12 and JKS digests cost
// milliseconds each, and brokers' stores rarely change.
#include <ctime>
#include <map>
#include <optional>
#include <span>
#include <string>

#include "source_result.h"

namespace kafka_cert {

class FileScanner {
 public:
  /// The result for `path`; `skip_if_not_certificates` turns a file without
  /// any certificate into nullopt (directory listings hold keys too).
  std::optional<SourceResult> Scan(const std::string& path,
                                   const std::optional<std::string>& password,
                                   bool skip_if_not_certificates);
  /// Forgets files not scanned since the last call (removed from config).
  void Sweep();

 private:
  struct Entry {
    timespec mtime{};
    std::uintmax_t size = 0;
    std::optional<std::string> password;
    std::optional<SourceResult> result;
    bool seen = true;
  };
  std::map<std::string, Entry> cache_;
};

/// Parses bytes already in memory (inline PEM, tests, benchmarks).
std::optional<SourceResult> ScanBytes(const std::string& kind, const std::string& name,
                                      std::span<const std::uint8_t> bytes,
                                      const std::optional<std::string>& password,
                                      bool skip_if_not_certificates);

}  // namespace kafka_cert
