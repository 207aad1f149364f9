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

}  // namespace

Snapshot CertScan::Run(std::chrono::steady_clock::time_point deadline) {
  Snapshot snapshot;
  SourceSet sources;
  for (const FileSpec& spec : options_.files) {
    for (const ExpandedPath& path : ExpandPattern(spec.pattern)) {
      if (sources.Contains("file", path.path)) continue;
      if (auto result = scanner_.Scan(path.path, spec.password, path.from_directory)) {
        sources.Add(std::move(*result));
      }
    }
  }

  std::vector<ListenerProbe> listener_probes;
  std::vector<ProbeRequest> requests;
  std::set<std::string> probed;
  for (const std::string& properties_path : options_.server_properties) {
    std::string text;
    try {
      auto bytes = ReadCertificateFile(properties_path);
      text.assign(bytes.begin(), bytes.end());
    } catch (const StoreError& e) {
      sources.Add({"server_properties", properties_path, "", {}, {e}, std::nullopt});
      continue;
    }
    sources.Add({"server_properties", properties_path, "properties", {}, {}, std::nullopt});
    KafkaDiscovery found =
        DiscoverFromProperties(ParseJavaProperties(text), properties_path);
    for (std::string& warning : found.warnings) {
      snapshot.warnings.push_back(properties_path + ": " + warning);
    }
    for (const DiscoveredStore& store : found.stores) {
      if (sources.Contains("file", store.path)) continue;
      if (auto result = scanner_.Scan(store.path, store.password, false)) {
        sources.Add(std::move(*result));
      }
    }
    for (const InlinePem& pem : found.inline_pems) {
      std::span<const std::uint8_t> bytes(
          reinterpret_cast<const std::uint8_t*>(pem.pem.data()), pem.pem.size());
      if (auto result = ScanBytes("inline", InlineSourceName(properties_path, pem.config_key),
                                  bytes, std::nullopt, false)) {
        sources.Add(std::move(*result));
      }
    }
    if (!options_.probe_listeners) continue;
    for (const TlsListener& listener : found.listeners) {
      ProbeTarget target;
      target.host = BindsEverywhere(listener.bind_host) ? options_.listener_host
                                                        : listener.bind_host;
      target.port = listener.port;
      target.server_name = IsHostName(listener.advertised_host) ? listener.advertised_host
                           : IsHostName(target.host)            ? target.host
                                                                : "";
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
