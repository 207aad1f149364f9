#pragma once
// What a broker's server.properties says about its certificates: the
// keystores and truststores (global and per-listener overrides), inline PEM,
// and the TLS listeners with their advertised names.
#include <optional>
#include <string>
#include <vector>

#include "java_properties.h"

namespace kafka_cert {

/// \brief A keystore or truststore file named by the config.
struct DiscoveredStore {
  std::string path;
  std::optional<std::string> password;  ///< nullopt when unset or unresolvable
  std::string config_key;               ///< e.g. "ssl.keystore.location"
};

/// \brief PEM text given inline (ssl.keystore.certificate.chain,
/// ssl.truststore.certificates).
struct InlinePem {
  std::string config_key;
  std::string pem;
};

/// \brief A listener speaking TLS (SSL or SASL_SSL).
struct TlsListener {
  std::string name;             ///< "SSL", "INTERNAL"
  std::string bind_host;        ///< "" or "0.0.0.0" for every interface
  int port = 0;
  std::string advertised_host;  ///< "" when not advertised
  /// Source names (paths or "<file>#<key>") of the stores this listener
  /// uses; "" when it has none.
  std::string keystore;
  std::string truststore;
};

struct KafkaDiscovery {
  std::vector<DiscoveredStore> stores;  ///< unique by path
  std::vector<InlinePem> inline_pems;
  std::vector<TlsListener> listeners;
  std::vector<std::string> warnings;    ///< unresolvable passwords, bad entries
};

/// `origin` names the properties file in source names of inline PEM.
KafkaDiscovery DiscoverFromProperties(const Properties& props,
                                      const std::string& origin);

/// The source name for inline PEM: "<origin>#<config key>".
std::string InlineSourceName(const std::string& origin, const std::string& key);

}  // namespace kafka_cert
