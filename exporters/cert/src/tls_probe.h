#pragma once
// Connects to a TLS endpoint and records the chain the server presents,
// whether or not it verifies, is expired, or the server then demands a
// client certificate. Verification is done separately and reported apart.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "store_error.h"

namespace kafka_cert {

struct ProbeTarget {
  std::string host;         ///< name or IP literal to connect to
  int port = 0;
  std::string server_name;  ///< SNI; "" sends none (IP literals never send it)
  /// "host:port" as shown in the source_name label.
  std::string Address() const;
};

struct ProbeResult {
  std::vector<std::vector<std::uint8_t>> chain;  ///< as served, leaf first
  bool handshake_complete = false;
  bool client_cert_requested = false;
  std::string tls_version;    ///< "TLSv1.3", "" if never negotiated
  bool verified = false;      ///< chain verifies against the trust anchors
  std::string verify_error;   ///< "" when verified
  std::optional<StoreError> error;  ///< set when no chain was obtained
  std::chrono::duration<double> duration{0};
};

/// Trust anchors (DER); empty means the system's default CA paths.
using TrustAnchors = std::vector<std::vector<std::uint8_t>>;

/// \brief Probes endpoints. Holds what every probe shares, built once: the
/// TLS client context and the system trust store (building either costs
/// milliseconds in OpenSSL 3, and the system store decodes every CA).
/// Thread-safe: probes may run concurrently.
class TlsProber {
 public:
  TlsProber();
  ~TlsProber();
  TlsProber(const TlsProber&) = delete;
  TlsProber& operator=(const TlsProber&) = delete;

  /// Probes one endpoint; never blocks past `deadline` (name resolution
  /// aside) and never throws.
  ProbeResult Probe(const ProbeTarget& target,
                    std::chrono::steady_clock::time_point deadline,
                    const TrustAnchors& anchors) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Parses "host:port" or "[v6]:port"; throws std::invalid_argument naming
/// the text.
ProbeTarget ParseTarget(const std::string& text);

}  // namespace kafka_cert
