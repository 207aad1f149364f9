#pragma once
// The checks no other exporter makes: does a TLS listener serve the
// certificate its configured keystore holds (a renewal the broker never
// reloaded shows up here), and does the served certificate cover the host
// name the broker advertises to clients?
#include <optional>
#include <string>

#include "kafka_discovery.h"
#include "source_result.h"

namespace kafka_cert {

struct ListenerCheck {
  std::string listener;
  std::string endpoint;         ///< source name of the probe
  std::string keystore;         ///< source name of the keystore, "" if none
  std::string truststore;
  std::string advertised_host;
  /// Unset when either side could not be read.
  std::optional<bool> served_matches_disk;
  /// Unset when there is no host to check or nothing was served.
  std::optional<bool> host_covered;
};

/// `served` and `keystore` may be null (not probed, not configured).
ListenerCheck CheckListener(const TlsListener& listener, const std::string& endpoint,
                            const SourceResult* served, const SourceResult* keystore);

}  // namespace kafka_cert
