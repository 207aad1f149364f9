#pragma once
// The Kafka connection flags shared by every exporter that talks to Kafka:
//
//   --kafka.server (repeatable, or comma-separated)   bootstrap.servers
//   --kafka.client-id                                  client.id
//   --kafka.security-protocol                          security.protocol
//   --kafka.tls.{enabled,ca-file,cert-file,key-file,key-password,
//                insecure-skip-verify}                 ssl.*
//   --kafka.sasl.{mechanism,username,password}         sasl.*
//   --kafka.sasl.oauthbearer.{token-url,client-id,client-secret,scope}
//   --kafka.config key=value (repeatable)              any librdkafka property
//   and the raw config-file section `kafka:` (a map of librdkafka properties).
//
// Secrets (--kafka.sasl.password, --kafka.tls.key-password,
// --kafka.sasl.oauthbearer.client-secret, and any secret-looking key in
// --kafka.config or `kafka:`) accept "file:/path" and "env:NAME" as well as
// literal text, and are never logged.
//
// Precedence, lowest first: typed flags, the `kafka:` section, --kafka.config.
#include <string>

#include "kafka_client/properties.h"

namespace exporter_kit {
class App;
class Config;
}  // namespace exporter_kit

namespace kafka_client {

/// \brief Declares the flags above and the `kafka` config section on `app`.
/// Call before App::Main parses the command line.
void RegisterClientOptions(exporter_kit::App& app);

/// \brief Turns the merged configuration into librdkafka properties.
/// Validates the typed flags (unknown protocol or mechanism, SASL without a
/// username, a TLS file that does not exist) and resolves secrets; throws
/// exporter_kit::ConfigError naming the flag. Property names and values of
/// the pass-through are checked later, by Client::Create.
Properties ClientProperties(const exporter_kit::Config& config);

}  // namespace kafka_client
