#include "kafka_discovery.h"

#include <algorithm>
#include <cctype>
#include <map>

namespace kafka_cert {
namespace {

struct ListenerAddress {
  std::string name;
  std::string host;
  int port = 0;
};

std::string Trim(std::string s) {
  auto blank = [](unsigned char c) { return std::isspace(c) != 0; };
  s.erase(s.begin(), std::find_if_not(s.begin(), s.end(), blank));
  s.erase(std::find_if_not(s.rbegin(), s.rend(), blank).base(), s.end());
  return s;
}

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    std::string item = Trim(text.substr(start, comma - start));
    if (!item.empty()) out.push_back(item);
    start = comma + 1;
  }
  return out;
}

std::string Get(const Properties& props, const std::string& key) {
  auto it = props.find(key);
  return it == props.end() ? "" : Trim(it->second);
}

/// "NAME://host:port" with an optional [v6] host; nullopt if malformed.
std::optional<ListenerAddress> ParseListener(const std::string& text) {
  std::size_t scheme = text.find("://");
  std::size_t colon = text.rfind(':');
  if (scheme == std::string::npos || scheme == 0 || colon == std::string::npos ||
      colon < scheme + 3) {
    return std::nullopt;
  }
  ListenerAddress out{Upper(text.substr(0, scheme)),
                      text.substr(scheme + 3, colon - scheme - 3), 0};
  if (out.host.size() >= 2 && out.host.front() == '[' && out.host.back() == ']') {
    out.host = out.host.substr(1, out.host.size() - 2);
  }
  std::string port = text.substr(colon + 1);
  if (port.empty() || port.size() > 5 ||
      port.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  out.port = std::stoi(port);
  return out.port > 0 && out.port <= 65535 ? std::optional(out) : std::nullopt;
}

/// Listener name -> security protocol (Kafka's default map names them alike).
std::map<std::string, std::string> ProtocolMap(const Properties& props) {
  std::map<std::string, std::string> map;
  for (const std::string& pair : SplitList(Get(props, "listener.security.protocol.map"))) {
    std::size_t colon = pair.find(':');
    if (colon != std::string::npos) {
      map[Upper(Trim(pair.substr(0, colon)))] = Upper(Trim(pair.substr(colon + 1)));
    }
  }
  return map;
}

class Discoverer {
 public:
  Discoverer(const Properties& props, std::string origin)
      : props_(props), origin_(std::move(origin)) {}

  KafkaDiscovery Run() {
    AddStores("");
    auto protocols = ProtocolMap(props_);
    std::map<std::string, ListenerAddress> advertised;
    for (const auto& item : SplitList(Get(props_, "advertised.listeners"))) {
      if (auto a = ParseListener(item)) advertised[a->name] = *a;
    }
    for (const auto& item : SplitList(Get(props_, "listeners"))) {
      auto listener = ParseListener(item);
      if (!listener) {
        out_.warnings.push_back("listeners: cannot parse '" + item + "'");
        continue;
      }
      auto proto = protocols.find(listener->name);
      std::string protocol = proto != protocols.end() ? proto->second : listener->name;
      if (protocol != "SSL" && protocol != "SASL_SSL") continue;
      std::string prefix = "listener.name." + Lower(listener->name) + ".";
      AddStores(prefix);
      TlsListener tls{listener->name, listener->host, listener->port, "",
                      StoreFor(prefix, "ssl.keystore"), StoreFor(prefix, "ssl.truststore")};
      auto adv = advertised.find(listener->name);
      if (adv != advertised.end()) tls.advertised_host = adv->second.host;
      out_.listeners.push_back(std::move(tls));
    }
    return std::move(out_);
  }

 private:
  /// The value of `key` under the listener prefix, else the global one.
  std::pair<std::string, std::string> Lookup(const std::string& prefix,
                                             const std::string& key) const {
    if (!prefix.empty()) {
      std::string value = Get(props_, prefix + key);
      if (!value.empty()) return {prefix + key, value};
    }
    return {key, Get(props_, key)};
  }

  std::string StoreFor(const std::string& prefix, const std::string& kind) const {
    auto [location_key, location] = Lookup(prefix, kind + ".location");
    if (!location.empty()) return location;
    std::string inline_key = kind == "ssl.keystore" ? "ssl.keystore.certificate.chain"
                                                    : "ssl.truststore.certificates";
    auto [pem_key, pem] = Lookup(prefix, inline_key);
    return pem.empty() ? "" : InlineSourceName(origin_, pem_key);
  }

  void AddStores(const std::string& prefix) {
    for (std::string kind : {"ssl.keystore", "ssl.truststore"}) {
      std::string location = Get(props_, prefix + kind + ".location");
      if (!location.empty()) AddFile(location, prefix + kind);
      std::string inline_key = prefix + (kind == "ssl.keystore"
                                             ? "ssl.keystore.certificate.chain"
                                             : "ssl.truststore.certificates");
      std::string pem = Get(props_, inline_key);
      if (!pem.empty()) out_.inline_pems.push_back({inline_key, pem});
    }
  }

  void AddFile(const std::string& path, const std::string& key_prefix) {
    for (const auto& store : out_.stores) {
      if (store.path == path) return;
    }
    DiscoveredStore store{path, std::nullopt, key_prefix + ".location"};
    std::string password = Get(props_, key_prefix + ".password");
    if (!password.empty()) {
      std::string problem;
      store.password = ResolveConfigProviders(password, &problem);
      if (!store.password) {
        out_.warnings.push_back(key_prefix + ".password: " + problem +
                                "; reading certificates without it");
      }
    }
    out_.stores.push_back(std::move(store));
  }

  const Properties& props_;
  std::string origin_;
  KafkaDiscovery out_;
};

}  // namespace

std::string InlineSourceName(const std::string& origin, const std::string& key) {
  return origin + "#" + key;
}

KafkaDiscovery DiscoverFromProperties(const Properties& props,
                                      const std::string& origin) {
  return Discoverer(props, origin).Run();
}

}  // namespace kafka_cert
