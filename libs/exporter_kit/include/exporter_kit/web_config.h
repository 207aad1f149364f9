#pragma once
// The exporter-toolkit web configuration file (--web.config.file):
//
//   tls_server_config: {cert_file, key_file, client_ca_file,
//                       client_auth_type, min_version, max_version}
//   http_server_config: {headers: {Name: value}}
//   basic_auth_users: {user: <bcrypt hash>}
//   bearer_token_file: <path>   # this suite's extension, for the receiver
//
// Unknown keys are errors, as in exporter-toolkit.
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace exporter_kit {

struct TlsServerConfig {
  std::string cert_file;
  std::string key_file;
  std::string client_ca_file;
  /// NoClientCert, RequestClientCert, RequireAnyClientCert,
  /// VerifyClientCertIfGiven, RequireAndVerifyClientCert.
  std::string client_auth_type = "NoClientCert";
  std::string min_version = "TLS12";
  std::string max_version = "TLS13";
};

struct WebConfig {
  std::optional<TlsServerConfig> tls;
  std::map<std::string, std::string> headers;
  std::map<std::string, std::string> basic_auth_users;  ///< user -> bcrypt
  std::string bearer_token;  ///< read from bearer_token_file

  bool AuthEnabled() const {
    return !basic_auth_users.empty() || !bearer_token.empty();
  }
};

/// Loads and validates a web config file; throws ConfigError naming the key.
WebConfig LoadWebConfig(const std::string& path);
/// The same, from text already read (`where` names it in errors).
WebConfig ParseWebConfig(const std::string& text, const std::string& where);

/// \brief Checks Authorization headers against a WebConfig. bcrypt costs
/// ~70 ms at cost 10, so successful checks are cached (by a hash of the
/// credentials, never the password itself).
class Authenticator {
 public:
  explicit Authenticator(WebConfig config) : config_(std::move(config)) {}
  /// Returns the user name ("" for a bearer token) if the header is valid.
  std::optional<std::string> Check(std::string_view authorization_header);
  bool Enabled() const { return config_.AuthEnabled(); }

 private:
  WebConfig config_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::string> verified_;  // digest -> user
};

/// Verifies a password against a bcrypt ($2a$, $2b$, $2y$) hash with crypt_r.
bool VerifyBcrypt(std::string_view password, const std::string& hash);

}  // namespace exporter_kit
