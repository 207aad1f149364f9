#include "kafka_client/client_options.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>

#include "exporter_kit/app.h"
#include "exporter_kit/config.h"

namespace kafka_client {
namespace po = boost::program_options;
namespace {

using exporter_kit::ConfigError;

constexpr char kSection[] = "kafka";
const char* const kSecretFlags[] = {"kafka.sasl.password",
                                    "kafka.tls.key-password",
                                    "kafka.sasl.oauthbearer.client-secret"};

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return text;
}

std::string Flag(const exporter_kit::Config& config, const char* name) {
  return config.Has(name) ? config.Get<std::string>(name) : std::string();
}

bool Switch(const exporter_kit::Config& config, const char* name) {
  return config.Has(name) && config.Get<bool>(name);
}

std::string BootstrapServers(const exporter_kit::Config& config) {
  std::string servers;
  for (const auto& value : config.List("kafka.server")) {
    std::size_t start = 0;
    while (start <= value.size()) {
      auto end = value.find(',', start);
      if (end == std::string::npos) end = value.size();
      const auto server = value.substr(start, end - start);
      if (server.empty()) {
        throw ConfigError("--kafka.server: empty server in \"" + value + "\"");
      }
      if (server.find(':') == std::string::npos) {
        throw ConfigError("--kafka.server: \"" + server +
                          "\" must be host:port");
      }
      servers += (servers.empty() ? "" : ",") + server;
      start = end + 1;
    }
  }
  if (servers.empty()) throw ConfigError("--kafka.server: no server given");
  return servers;
}

// Accepts librdkafka's spellings and kafka_exporter's (scram-sha256).
std::string SaslMechanism(const std::string& text) {
  static const std::map<std::string, std::string> kMechanisms = {
      {"plain", "PLAIN"},
      {"scram-sha-256", "SCRAM-SHA-256"},
      {"scram-sha256", "SCRAM-SHA-256"},
      {"scram-sha-512", "SCRAM-SHA-512"},
      {"scram-sha512", "SCRAM-SHA-512"},
      {"oauthbearer", "OAUTHBEARER"}};
  const auto it = kMechanisms.find(Lower(text));
  if (it == kMechanisms.end()) {
    throw ConfigError("--kafka.sasl.mechanism: \"" + text +
                      "\" is not one of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, "
                      "OAUTHBEARER");
  }
  return it->second;
}

std::string SecurityProtocol(const std::string& text, bool tls, bool sasl) {
  if (text.empty()) {
    if (sasl) return tls ? "sasl_ssl" : "sasl_plaintext";
    return tls ? "ssl" : "plaintext";
  }
  const auto protocol = Lower(text);
  if (protocol != "plaintext" && protocol != "ssl" &&
      protocol != "sasl_plaintext" && protocol != "sasl_ssl") {
    throw ConfigError("--kafka.security-protocol: \"" + text +
                      "\" is not one of plaintext, ssl, sasl_plaintext, "
                      "sasl_ssl");
  }
  return protocol;
}

void AddTlsFile(const exporter_kit::Config& config, const char* flag,
                const char* key, Properties& out) {
  const auto path = Flag(config, flag);
  if (path.empty()) return;
  if (!std::filesystem::is_regular_file(path)) {
    throw ConfigError(std::string("--") + flag + ": " + path +
                      " is not a readable file");
  }
  out.Set(key, path, std::string("--") + flag);
}

bool AddTls(const exporter_kit::Config& config, Properties& out) {
  const auto before = out.items().size();
  AddTlsFile(config, "kafka.tls.ca-file", "ssl.ca.location", out);
  AddTlsFile(config, "kafka.tls.cert-file", "ssl.certificate.location", out);
  AddTlsFile(config, "kafka.tls.key-file", "ssl.key.location", out);
  const auto key_password = Flag(config, "kafka.tls.key-password");
  if (!key_password.empty()) {
    out.Set("ssl.key.password",
            exporter_kit::ResolveSecret(key_password, "--kafka.tls.key-password"),
            "--kafka.tls.key-password", true);
  }
  if (Switch(config, "kafka.tls.insecure-skip-verify")) {
    out.Set("enable.ssl.certificate.verification", "false",
            "--kafka.tls.insecure-skip-verify");
  }
  return Switch(config, "kafka.tls.enabled") || out.items().size() > before;
}

void AddOauthBearer(const exporter_kit::Config& config, Properties& out) {
  const auto url = Flag(config, "kafka.sasl.oauthbearer.token-url");
  if (url.empty()) return;  // e.g. unsecured JWTs via --kafka.config
  out.Set("sasl.oauthbearer.method", "oidc",
          "--kafka.sasl.oauthbearer.token-url");
  out.Set("sasl.oauthbearer.token.endpoint.url", url,
          "--kafka.sasl.oauthbearer.token-url");
  const auto client_id = Flag(config, "kafka.sasl.oauthbearer.client-id");
  if (!client_id.empty()) {
    out.Set("sasl.oauthbearer.client.id", client_id,
            "--kafka.sasl.oauthbearer.client-id");
  }
  const auto secret = Flag(config, "kafka.sasl.oauthbearer.client-secret");
  if (!secret.empty()) {
    out.Set("sasl.oauthbearer.client.secret",
            exporter_kit::ResolveSecret(
                secret, "--kafka.sasl.oauthbearer.client-secret"),
            "--kafka.sasl.oauthbearer.client-secret", true);
  }
  const auto scope = Flag(config, "kafka.sasl.oauthbearer.scope");
  if (!scope.empty()) {
    out.Set("sasl.oauthbearer.scope", scope, "--kafka.sasl.oauthbearer.scope");
  }
}

bool AddSasl(const exporter_kit::Config& config, Properties& out) {
  const auto mechanism_flag = Flag(config, "kafka.sasl.mechanism");
  if (mechanism_flag.empty()) return false;
  const auto mechanism = SaslMechanism(mechanism_flag);
  out.Set("sasl.mechanism", mechanism, "--kafka.sasl.mechanism");
  if (mechanism == "OAUTHBEARER") {
    AddOauthBearer(config, out);
    return true;
  }
  const auto username = Flag(config, "kafka.sasl.username");
  const auto password = Flag(config, "kafka.sasl.password");
  if (username.empty()) {
    throw ConfigError("--kafka.sasl.username: required with --kafka.sasl.mechanism=" +
                      mechanism);
  }
  if (password.empty()) {
    throw ConfigError("--kafka.sasl.password: required with --kafka.sasl.mechanism=" +
                      mechanism);
  }
  out.Set("sasl.username", username, "--kafka.sasl.username");
  out.Set("sasl.password",
          exporter_kit::ResolveSecret(password, "--kafka.sasl.password"),
          "--kafka.sasl.password", true);
  return true;
}

void AddPassThrough(const std::string& key, const std::string& value,
                    const std::string& origin, Properties& out) {
  const bool secret = IsSecretKey(key);
  out.Set(key,
          secret ? exporter_kit::ResolveSecret(value, origin + ": " + key)
                 : value,
          origin, secret);
}

void AddSection(const YAML::Node& section, Properties& out) {
  if (!section || section.IsNull()) return;
  const std::string origin = "config file section kafka";
  if (!section.IsMap()) {
    throw ConfigError(origin + ": must be a map of librdkafka properties");
  }
  for (const auto& entry : section) {
    const auto key = entry.first.as<std::string>();
    if (!entry.second.IsScalar()) {
      throw ConfigError(origin + ": key \"" + key + "\" must have a scalar value");
    }
    AddPassThrough(key, entry.second.Scalar(), origin, out);
  }
}

}  // namespace

void RegisterClientOptions(exporter_kit::App& app) {
  app.AddOptions()
      ("kafka.server", po::value<std::vector<std::string>>()->composing()
           ->default_value({"kafka:9092"}, "kafka:9092"),
       "Kafka bootstrap server host:port (repeatable, or comma-separated)")
      ("kafka.client-id", po::value<std::string>()->default_value(app.info().binary),
       "client.id the brokers see in their logs and quotas")
      ("kafka.security-protocol", po::value<std::string>(),
       "plaintext, ssl, sasl_plaintext or sasl_ssl (default: derived from the "
       "TLS and SASL flags)")
      ("kafka.tls.enabled", po::value<bool>()->default_value(false)->implicit_value(true),
       "Connect to Kafka with TLS")
      ("kafka.tls.ca-file", po::value<std::string>(),
       "PEM file of CA certificates that sign the brokers' certificates")
      ("kafka.tls.cert-file", po::value<std::string>(),
       "PEM client certificate for mutual TLS")
      ("kafka.tls.key-file", po::value<std::string>(),
       "PEM private key of the client certificate")
      ("kafka.tls.key-password", po::value<std::string>(),
       "Password of the client key (literal, file:/path or env:NAME)")
      ("kafka.tls.insecure-skip-verify",
       po::value<bool>()->default_value(false)->implicit_value(true),
       "Do not verify the brokers' certificates (testing only)")
      ("kafka.sasl.mechanism", po::value<std::string>(),
       "PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 or OAUTHBEARER (enables SASL)")
      ("kafka.sasl.username", po::value<std::string>(), "SASL username")
      ("kafka.sasl.password", po::value<std::string>(),
       "SASL password (literal, file:/path or env:NAME)")
      ("kafka.sasl.oauthbearer.token-url", po::value<std::string>(),
       "OIDC token endpoint for OAUTHBEARER (client-credentials grant)")
      ("kafka.sasl.oauthbearer.client-id", po::value<std::string>(),
       "OIDC client id")
      ("kafka.sasl.oauthbearer.client-secret", po::value<std::string>(),
       "OIDC client secret (literal, file:/path or env:NAME)")
      ("kafka.sasl.oauthbearer.scope", po::value<std::string>(),
       "OIDC scope")
      ("kafka.config", po::value<std::vector<std::string>>()->composing(),
       "Any librdkafka property as key=value (repeatable); overrides the "
       "other kafka flags");
  for (const char* flag : kSecretFlags) app.MarkSecret(flag);
  app.AllowConfigSection(kSection);
}

Properties ClientProperties(const exporter_kit::Config& config) {
  Properties out;
  out.Set("bootstrap.servers", BootstrapServers(config), "--kafka.server");
  if (config.Has("kafka.client-id")) {
    out.Set("client.id", config.Get<std::string>("kafka.client-id"),
            "--kafka.client-id");
  }
  const bool tls = AddTls(config, out);
  const bool sasl = AddSasl(config, out);
  out.Set("security.protocol",
          SecurityProtocol(Flag(config, "kafka.security-protocol"), tls, sasl),
          "--kafka.security-protocol");
  AddSection(config.Section(kSection), out);
  for (const auto& item : config.List("kafka.config")) {
    auto [key, value] = SplitKeyValue(item, "--kafka.config");
    AddPassThrough(key, value, "--kafka.config", out);
  }
  return out;
}

}  // namespace kafka_client
