#include "exporter_kit/web_config.h"

#include <crypt.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <yaml-cpp/yaml.h>

#include <array>
#include <cstring>
#include <set>

#include "exporter_kit/config.h"
#include "read_file.h"

namespace exporter_kit {
namespace {

std::string Sha256Hex(std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest.data(), &length, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 0xF];
  }
  return out;
}

std::optional<std::string> DecodeBase64(std::string_view text) {
  if (text.size() % 4 != 0 || text.size() > 4096) return std::nullopt;
  std::string out(text.size() / 4 * 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  if (n < 0) return std::nullopt;
  std::size_t padding = 0;
  if (text.ends_with("==")) {
    padding = 2;
  } else if (text.ends_with('=')) {
    padding = 1;
  }
  out.resize(static_cast<std::size_t>(n) - padding);
  return out;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

void RequireKnownKeys(const YAML::Node& node, const std::set<std::string>& known,
                      const std::string& where) {
  for (const auto& entry : node) {
    const auto key = entry.first.as<std::string>();
    if (!known.contains(key)) throw ConfigError(where + ": unknown key \"" + key + "\"");
  }
}

std::string ReadScalar(const YAML::Node& node, const std::string& where) {
  if (!node.IsScalar()) throw ConfigError(where + ": expected a string");
  return node.Scalar();
}

void RequireReadable(const std::string& path, const std::string& where) {
  if (!ReadWholeFile(path)) throw ConfigError(where + ": cannot read " + path);
}

TlsServerConfig ParseTls(const YAML::Node& node, const std::string& where) {
  RequireKnownKeys(node, {"cert_file", "key_file", "client_ca_file", "client_auth_type",
                          "min_version", "max_version", "cipher_suites",
                          "prefer_server_cipher_suites", "curve_preferences"},
                   where);
  TlsServerConfig tls;
  if (!node["cert_file"] || !node["key_file"]) {
    throw ConfigError(where + ": cert_file and key_file are both required");
  }
  tls.cert_file = ReadScalar(node["cert_file"], where + ".cert_file");
  tls.key_file = ReadScalar(node["key_file"], where + ".key_file");
  RequireReadable(tls.cert_file, where + ".cert_file");
  RequireReadable(tls.key_file, where + ".key_file");
  if (node["client_ca_file"]) {
    tls.client_ca_file = ReadScalar(node["client_ca_file"], where + ".client_ca_file");
    RequireReadable(tls.client_ca_file, where + ".client_ca_file");
  }
  if (node["client_auth_type"]) {
    tls.client_auth_type = ReadScalar(node["client_auth_type"], where + ".client_auth_type");
    static const std::set<std::string> kTypes{
        "NoClientCert", "RequestClientCert", "RequireAnyClientCert",
        "VerifyClientCertIfGiven", "RequireAndVerifyClientCert"};
    if (!kTypes.contains(tls.client_auth_type)) {
      throw ConfigError(where + ".client_auth_type: unknown value \"" +
                        tls.client_auth_type + "\"");
    }
  }
  const bool verifies = tls.client_auth_type == "VerifyClientCertIfGiven" ||
                        tls.client_auth_type == "RequireAndVerifyClientCert";
  if (verifies && tls.client_ca_file.empty()) {
    throw ConfigError(where + ".client_auth_type: " + tls.client_auth_type +
                      " needs client_ca_file");
  }
  static const std::set<std::string> kVersions{"TLS10", "TLS11", "TLS12", "TLS13"};
  for (auto [key, field] : {std::pair{"min_version", &tls.min_version},
                            std::pair{"max_version", &tls.max_version}}) {
    if (!node[key]) continue;
    *field = ReadScalar(node[key], where + "." + key);
    if (!kVersions.contains(*field)) {
      throw ConfigError(where + "." + key + ": unknown TLS version \"" + *field + "\"");
    }
  }
  return tls;
}

}  // namespace

namespace {
WebConfig FromYaml(const YAML::Node& root, const std::string& where);
}  // namespace

WebConfig LoadWebConfig(const std::string& path) {
  const auto text = ReadWholeFile(path);
  if (!text) throw ConfigError("--web.config.file: cannot read " + path);
  return ParseWebConfig(*text, "web config " + path);
}

WebConfig ParseWebConfig(const std::string& text, const std::string& where) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw ConfigError(where + ": invalid YAML at line " + std::to_string(e.mark.line + 1) +
                      ": " + e.msg);
  }
  try {
    return FromYaml(root, where);
  } catch (const YAML::Exception& e) {
    // Shapes yaml-cpp cannot convert (a list where a string belongs, ...).
    throw ConfigError(where + ": " + e.what());
  }
}

namespace {

WebConfig FromYaml(const YAML::Node& root, const std::string& where) {
  WebConfig config;
  if (root.IsNull()) return config;
  if (!root.IsMap()) throw ConfigError(where + ": top level must be a map");
  RequireKnownKeys(root, {"tls_server_config", "http_server_config", "basic_auth_users",
                          "bearer_token_file"},
                   where);
  if (const auto tls = root["tls_server_config"]; tls && !tls.IsNull()) {
    config.tls = ParseTls(tls, where + ": tls_server_config");
  }
  if (const auto http = root["http_server_config"]; http && !http.IsNull()) {
    RequireKnownKeys(http, {"headers", "http2"}, where + ": http_server_config");
    for (const auto& header : http["headers"]) {
      config.headers[header.first.as<std::string>()] =
          ReadScalar(header.second, where + ": http_server_config.headers");
    }
  }
  if (const auto users = root["basic_auth_users"]; users && !users.IsNull()) {
    if (!users.IsMap()) throw ConfigError(where + ": basic_auth_users must be a map");
    for (const auto& user : users) {
      const auto name = user.first.as<std::string>();
      const auto hash = ReadScalar(user.second, where + ": basic_auth_users." + name);
      if (!hash.starts_with("$2a$") && !hash.starts_with("$2b$") && !hash.starts_with("$2y$")) {
        throw ConfigError(where + ": basic_auth_users." + name + ": not a bcrypt hash");
      }
      config.basic_auth_users[name] = hash;
    }
  }
  if (const auto token_file = root["bearer_token_file"]; token_file && !token_file.IsNull()) {
    config.bearer_token =
        ResolveSecret("file:" + ReadScalar(token_file, where + ": bearer_token_file"),
                      where + ": bearer_token_file");
  }
  return config;
}

}  // namespace

bool VerifyBcrypt(std::string_view password, const std::string& hash) {
  crypt_data data{};
  const char* result = crypt_r(std::string(password).c_str(), hash.c_str(), &data);
  return result != nullptr && result[0] != '*' && ConstantTimeEquals(result, hash);
}

std::optional<std::string> Authenticator::Check(std::string_view header) {
  if (!config_.bearer_token.empty() && header.starts_with("Bearer ")) {
    if (ConstantTimeEquals(header.substr(7), config_.bearer_token)) return std::string();
    return std::nullopt;
  }
  if (config_.basic_auth_users.empty() || !header.starts_with("Basic ")) return std::nullopt;
  const auto decoded = DecodeBase64(header.substr(6));
  if (!decoded) return std::nullopt;
  const auto colon = decoded->find(':');
  if (colon == std::string::npos) return std::nullopt;
  const std::string user = decoded->substr(0, colon);
  const auto it = config_.basic_auth_users.find(user);
  if (it == config_.basic_auth_users.end()) return std::nullopt;
  // Cache key: a digest of user, password and hash, so a changed hash or a
  // different password never hits, and no password is kept in memory.
  const std::string digest = Sha256Hex(*decoded + '\0' + it->second);
  {
    std::lock_guard lock(mutex_);
    if (verified_.contains(digest)) return user;
  }
  if (!VerifyBcrypt(decoded->substr(colon + 1), it->second)) return std::nullopt;
  std::lock_guard lock(mutex_);
  if (verified_.size() > 1024) verified_.clear();
  verified_.emplace(digest, user);
  return user;
}

}  // namespace exporter_kit
