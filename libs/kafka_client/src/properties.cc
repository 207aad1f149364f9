#include "kafka_client/properties.h"

#include <algorithm>
#include <array>

#include "exporter_kit/config.h"

namespace kafka_client {

void Properties::Set(std::string key, std::string value, std::string origin,
                     bool secret) {
  secret = secret || IsSecretKey(key);
  auto it = std::find_if(items_.begin(), items_.end(),
                         [&](const Property& p) { return p.key == key; });
  Property property{std::move(key), std::move(value), std::move(origin),
                    secret};
  if (it == items_.end()) {
    items_.push_back(std::move(property));
  } else {
    *it = std::move(property);
  }
}

std::optional<std::string> Properties::Get(std::string_view key) const {
  for (const auto& p : items_) {
    if (p.key == key) return p.value;
  }
  return std::nullopt;
}

std::string Properties::Describe() const {
  std::string out;
  for (const auto& p : items_) {
    if (!out.empty()) out += ", ";
    out += p.key + "=" + (p.secret ? "<secret>" : p.value);
  }
  return out;
}

bool IsSecretKey(std::string_view key) {
  static constexpr std::array<std::string_view, 5> kMarkers = {
      "password", "secret", "token", "sasl.oauthbearer.config",
      "ssl.key.pem"};
  return std::any_of(kMarkers.begin(), kMarkers.end(), [&](auto marker) {
    return key.find(marker) != std::string_view::npos;
  });
}

std::pair<std::string, std::string> SplitKeyValue(std::string_view text,
                                                  std::string_view origin) {
  const auto equals = text.find('=');
  if (equals == std::string_view::npos || equals == 0) {
    // Never echo the text: it may hold a secret value.
    throw exporter_kit::ConfigError(std::string(origin) +
                                    ": expected key=value");
  }
  return {std::string(text.substr(0, equals)),
          std::string(text.substr(equals + 1))};
}

}  // namespace kafka_client
