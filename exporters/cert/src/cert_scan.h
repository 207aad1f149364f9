#pragma once
// One collection run, without any exporter plumbing: expand the configured
// files, read the broker's server.properties, probe every TLS endpoint
// concurrently, and run the listener checks.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "file_scanner.h"
#include "listener_check.h"
#include "probe_pool.h"

namespace kafka_cert {

struct FileSpec {
  std::string pattern;  ///< file, directory or glob
  std::optional<std::string> password;
};

struct ScanOptions {
  std::vector<FileSpec> files;
  std::vector<std::string> server_properties;
  std::vector<ProbeTarget> targets;
  bool probe_listeners = true;
  /// Where to connect to a listener bound to every interface ("", 0.0.0.0, ::).
  std::string listener_host = "127.0.0.1";
  std::chrono::milliseconds probe_timeout{5000};
  int probe_concurrency = 8;
  /// Trust anchors for verifying served chains; empty: a listener's own
  /// truststore, else the system CAs.
  TrustAnchors ca_anchors;
};

struct Snapshot {
  std::vector<SourceResult> sources;  ///< unique by (kind, name)
  std::vector<ListenerCheck> listeners;
  std::vector<std::string> warnings;  ///< to log; not errors of a source
};

class CertScan {
 public:
  explicit CertScan(ScanOptions options) : options_(std::move(options)) {}
  /// Never throws for bad sources: they become errors in the snapshot.
  Snapshot Run(std::chrono::steady_clock::time_point deadline);

 private:
  ScanOptions options_;
  FileScanner scanner_;
  TlsProber prober_;
};

}  // namespace kafka_cert
