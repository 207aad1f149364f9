#include "cert_scan.h"

#include <algorithm>
#include <map>
#include <set>

#include "file_sources.h"
#include "kafka_discovery.h"

namespace kafka_cert {
namespace {

bool BindsEverywhere(const std::string& host) {
  return host.empty() || host == "0.0.0.0" || host == "::";
}

bool IsHostName(const std::string& host) {
  return !host.empty() && host.find_first_not_of("0123456789.:") != std::string::npos;
}

/// Collects sources once each, by (kind, name).
class SourceSet {
 public:
  bool Contains(const std::string& kind, const std::string& name) const {
    return index_.count({kind, name}) > 0;
  }
  void Add(SourceResult result) {
    if (Contains(result.kind, result.name)) return;
    index_[{result.kind, result.name}] = results_.size();
    results_.push_back(std::move(result));
  }
  const SourceResult* Find(const std::string& kind, const std::string& name) const {
    auto it = index_.find({kind, name});
    return it == index_.end() ? nullptr : &results_[it->second];
  }
  /// A store named by a listener: a file path or an inline PEM source.
  const SourceResult* FindStore(const std::string& name) const {
    const SourceResult* file = Find("file", name);
    return file ? file : Find("inline", name);
  }
  std::vector<SourceResult> Take() { return std::move(results_); }

 private:
  std::vector<SourceResult> results_;
  std::map<std::pair<std::string, std::string>, std::size_t> index_;
};

struct ListenerProbe {
  TlsListener listener;
  std::string endpoint;
};

/// The files to read, each once. A path named twice (a --source.path
/// directory holding a keystore that server.properties also names) keeps
/// the password of whichever names one, and counts as listed explicitly.
class FileJobs {
 public:
  void Add(const std::string& path, const std::optional<std::string>& password,
           bool from_directory) {
    auto [it, inserted] = jobs_.try_emplace(path, Job{password, from_directory});
    if (inserted) {
      order_.push_back(path);
      return;
    }
    if (!it->second.password) it->second.password = password;
    it->second.from_directory &= from_directory;
  }
  template <typename Visit>
  void ForEach(Visit visit) const {
    for (const std::string& path : order_) {
      const Job& job = jobs_.at(path);
      visit(path, job.password, job.from_directory);
    }
  }

 private:
  struct Job {
    std::optional<std::string> password;
    bool from_directory;
  };
  std::map<std::string, Job> jobs_;
  std::vector<std::string> order_;
};

struct PropertiesFile {
  std::string path;
  KafkaDiscovery found;
};

ProbeTarget ListenerTarget(const TlsListener& listener, const std::string& listener_host) {
  ProbeTarget target;
  target.host = BindsEverywhere(listener.bind_host) ? listener_host : listener.bind_host;
  target.port = listener.port;
  target.server_name = IsHostName(listener.advertised_host) ? listener.advertised_host
                       : IsHostName(target.host)            ? target.host
                                                            : "";
  return target;
}

}  // namespace

Snapshot CertScan::Run(std::chrono::steady_clock::time_point deadline) {
  Snapshot snapshot;
  SourceSet sources;
  FileJobs files;
  for (const FileSpec& spec : options_.files) {
    for (const ExpandedPath& path : ExpandPattern(spec.pattern)) {
      files.Add(path.path, spec.password, path.from_directory);
    }
  }
  std::vector<PropertiesFile> configs;
  for (const std::string& path : options_.server_properties) {
    try {
      auto bytes = ReadCertificateFile(path);
      std::string text(bytes.begin(), bytes.end());
      configs.push_back({path, DiscoverFromProperties(ParseJavaProperties(text), path)});
      sources.Add({"server_properties", path, "properties", {}, {}, std::nullopt});
    } catch (const StoreError& e) {
      sources.Add({"server_properties", path, "", {}, {e}, std::nullopt});
    }
  }
  for (const PropertiesFile& config : configs) {
    for (const std::string& warning : config.found.warnings) {
      snapshot.warnings.push_back(config.path + ": " + warning);
    }
    for (const DiscoveredStore& store : config.found.stores) {
      files.Add(store.path, store.password, false);
    }
  }

  files.ForEach([&](const std::string& path, const std::optional<std::string>& password,
                    bool from_directory) {
    if (auto result = scanner_.Scan(path, password, from_directory)) {
      sources.Add(std::move(*result));
    }
  });
  for (const PropertiesFile& config : configs) {
    for (const InlinePem& pem : config.found.inline_pems) {
      std::span<const std::uint8_t> bytes(
          reinterpret_cast<const std::uint8_t*>(pem.pem.data()), pem.pem.size());
      if (auto result = ScanBytes("inline", InlineSourceName(config.path, pem.config_key),
                                  bytes, std::nullopt, false)) {
        sources.Add(std::move(*result));
      }
    }
  }

  std::vector<ListenerProbe> listener_probes;
  std::vector<ProbeRequest> requests;
  std::set<std::string> probed;
  for (const PropertiesFile& config : configs) {
    if (!options_.probe_listeners) break;
    for (const TlsListener& listener : config.found.listeners) {
      ProbeTarget target = ListenerTarget(listener, options_.listener_host);
      listener_probes.push_back({listener, target.Address()});
      if (!probed.insert(target.Address()).second) continue;
      TrustAnchors anchors = options_.ca_anchors;
      if (const SourceResult* trust = sources.FindStore(listener.truststore);
          anchors.empty() && trust) {
        for (const CertRecord& record : trust->certs) anchors.push_back(record.der);
      }
      requests.push_back({target, std::move(anchors)});
    }
  }
  for (const ProbeTarget& target : options_.targets) {
    if (probed.insert(target.Address()).second) {
      requests.push_back({target, options_.ca_anchors});
    }
  }

  auto probe_deadline = std::min(deadline, std::chrono::steady_clock::now() +
                                               options_.probe_timeout);
  auto results = ProbeAll(prober_, requests, probe_deadline, options_.probe_concurrency);
  for (std::size_t i = 0; i < requests.size(); ++i) {
    sources.Add(DescribeProbe(requests[i].target.Address(), std::move(results[i])));
  }
  for (const ListenerProbe& probe : listener_probes) {
    snapshot.listeners.push_back(CheckListener(probe.listener, probe.endpoint,
                                               sources.Find("endpoint", probe.endpoint),
                                               sources.FindStore(probe.listener.keystore)));
  }
  scanner_.Sweep();
  snapshot.sources = sources.Take();
  return snapshot;
}

}  // namespace kafka_cert
