#pragma once
// The outcome of reading one source (a file, inline PEM or an endpoint):
// its certificates, decoded, and its errors.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "certificate.h"
#include "parsed_store.h"
#include "store_error.h"
#include "tls_probe.h"

namespace kafka_cert {

struct CertRecord {
  std::string alias;
  std::string entry_type;
  int chain_index = 0;
  Certificate cert;
  std::vector<std::uint8_t> der;
};

struct SourceResult {
  std::string kind;    ///< "file", "inline", "endpoint", "server_properties"
  std::string name;    ///< path, "<file>#<key>" or "host:port"
  std::string format;  ///< "pem", "jks", ..., "tls"; "" when unknown
  std::vector<CertRecord> certs;
  std::vector<StoreError> errors;
  /// Set for endpoints: the probe's TLS facts.
  std::optional<ProbeResult> probe;

  /// Up means read in full: every item decoded.
  bool Up() const { return errors.empty(); }
  /// Certificates of the store's own identity: index 0 of each key entry,
  /// or the first certificate of a PEM/DER/endpoint chain.
  std::vector<const CertRecord*> Leaves() const;
};

/// Decodes a parsed store's entries; a certificate that does not decode
/// becomes an error and the others are kept.
SourceResult DescribeStore(std::string kind, std::string name, ParsedStore store);

/// An endpoint's source result from its probe.
SourceResult DescribeProbe(std::string name, ProbeResult probe);

}  // namespace kafka_cert
