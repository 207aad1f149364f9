#pragma once
// librdkafka configuration properties with their origin, so that an error
// names the flag or config key that set a bad value, and secrets are never
// printed.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kafka_client {

/// \brief One librdkafka property ("security.protocol" = "ssl").
struct Property {
  std::string key;
  std::string value;
  /// Where it came from, used in error messages: "--kafka.config",
  /// "--kafka.sasl.username", "config file section kafka".
  std::string origin;
  bool secret = false;
};

/// \brief An ordered set of properties; setting a key again replaces it.
class Properties {
 public:
  void Set(std::string key, std::string value, std::string origin,
           bool secret = false);
  std::optional<std::string> Get(std::string_view key) const;
  const std::vector<Property>& items() const { return items_; }
  /// "key=value, ..." with secret values shown as <secret>, for debug logs.
  std::string Describe() const;

 private:
  std::vector<Property> items_;
};

/// \brief True for keys whose values must never be logged (passwords,
/// secrets, tokens, the OAUTHBEARER config).
bool IsSecretKey(std::string_view key);

/// \brief Splits "key=value" (the value may contain '='); throws
/// exporter_kit::ConfigError naming `origin` when there is no '=' or the key
/// is empty.
std::pair<std::string, std::string> SplitKeyValue(std::string_view text,
                                                  std::string_view origin);

}  // namespace kafka_client
