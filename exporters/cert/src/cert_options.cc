#include "cert_options.h"

#include <stdexcept>

#include "exporter_kit/duration.h"
#include "file_sources.h"
#include "store_parser.h"

namespace kafka_cert {
namespace {

namespace po = boost::program_options;
using exporter_kit::ConfigError;
using exporter_kit::Duration;
using namespace std::chrono_literals;

/// sources: [{path: <file|dir|glob>, password: <file:/p | env:NAME | text>}]
std::vector<FileSpec> SourcesSection(const YAML::Node& section) {
  std::vector<FileSpec> out;
  if (!section || section.IsNull()) return out;
  if (!section.IsSequence()) {
    throw ConfigError("sources: must be a list of {path, password}");
  }
  for (std::size_t i = 0; i < section.size(); ++i) {
    const YAML::Node& item = section[i];
    std::string where = "sources[" + std::to_string(i) + "]";
    if (!item.IsMap()) throw ConfigError(where + ": must be a map with 'path'");
    FileSpec spec;
    for (const auto& field : item) {
      std::string key = field.first.as<std::string>();
      if (!field.second.IsScalar()) throw ConfigError(where + "." + key + ": must be a string");
      if (key == "path") {
        spec.pattern = field.second.as<std::string>();
      } else if (key == "password") {
        spec.password = exporter_kit::ResolveSecret(field.second.as<std::string>(),
                                                    where + ".password");
      } else {
        throw ConfigError(where + ": unknown key '" + key + "' (want path, password)");
      }
    }
    if (spec.pattern.empty()) throw ConfigError(where + ".path: missing or empty");
    out.push_back(std::move(spec));
  }
  return out;
}

TrustAnchors LoadCaFile(const std::string& path) {
  try {
    auto bytes = ReadCertificateFile(path);
    TrustAnchors anchors;
    for (StoreEntry& entry : ParseStore(bytes, std::nullopt).entries) {
      anchors.push_back(std::move(entry.der));
    }
    if (anchors.empty()) throw StoreError(ErrorReason::kNoCertificateFound, "no certificate");
    return anchors;
  } catch (const StoreError& e) {
    throw ConfigError("--probe.ca-file: " + path + ": " + e.what());
  }
}

}  // namespace

void AddCertOptions(exporter_kit::App& app) {
  app.AddOptions()
      ("source.path", po::value<std::vector<std::string>>(),
       "Certificate file, directory or glob to watch (PEM, DER, PKCS#12, JKS, "
       "JCEKS; detected from content); repeatable. For store passwords use "
       "the config file's 'sources' list.")
      ("kafka.server-properties", po::value<std::vector<std::string>>(),
       "Broker server.properties: watch every ssl.keystore/ssl.truststore it "
       "names and probe its TLS listeners; repeatable.")
      ("kafka.probe-listeners", po::value<bool>()->default_value(true),
       "Probe the TLS listeners found in server.properties.")
      ("kafka.listener-host", po::value<std::string>()->default_value("127.0.0.1"),
       "Host to connect to for listeners bound to every interface.")
      ("probe.target", po::value<std::vector<std::string>>(),
       "TLS endpoint host:port to probe (SNI is the host name); repeatable.")
      ("probe.timeout", po::value<Duration>()->default_value(Duration{5s}),
       "Deadline of each TLS probe (connect and handshake).")
      ("probe.concurrency", po::value<int>()->default_value(8),
       "TLS probes run at the same time.")
      ("probe.ca-file", po::value<std::string>(),
       "CA certificates (any supported format) to verify served chains; "
       "default: the listener's truststore, else the system CAs.");
  app.AllowConfigSection("sources");
}

ScanOptions ScanOptionsFromConfig(const exporter_kit::Config& config) {
  ScanOptions options;
  for (const std::string& path : config.List("source.path")) {
    if (path.empty()) throw ConfigError("--source.path: must not be empty");
    options.files.push_back({path, std::nullopt});
  }
  for (FileSpec& spec : SourcesSection(config.Section("sources"))) {
    options.files.push_back(std::move(spec));
  }
  options.server_properties = config.List("kafka.server-properties");
  options.probe_listeners = config.Get<bool>("kafka.probe-listeners");
  options.listener_host = config.Get<std::string>("kafka.listener-host");
  if (options.listener_host.empty()) {
    throw ConfigError("--kafka.listener-host: must not be empty");
  }
  for (const std::string& text : config.List("probe.target")) {
    try {
      options.targets.push_back(ParseTarget(text));
    } catch (const std::invalid_argument& e) {
      throw ConfigError(std::string("--probe.target: ") + e.what());
    }
  }
  options.probe_timeout = config.Get<Duration>("probe.timeout").value;
  if (options.probe_timeout <= 0ms) throw ConfigError("--probe.timeout: must be positive");
  options.probe_concurrency = config.Get<int>("probe.concurrency");
  if (options.probe_concurrency < 1 || options.probe_concurrency > 256) {
    throw ConfigError("--probe.concurrency: must be between 1 and 256");
  }
  if (config.Has("probe.ca-file")) {
    options.ca_anchors = LoadCaFile(config.Get<std::string>("probe.ca-file"));
  }
  if (options.files.empty() && options.server_properties.empty() && options.targets.empty()) {
    throw ConfigError(
        "nothing to watch: give --source.path, --kafka.server-properties, "
        "--probe.target or a 'sources' list");
  }
  return options;
}

}  // namespace kafka_cert
