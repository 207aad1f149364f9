#include "cert_collector.h"

#include <spdlog/spdlog.h>

#include <chrono>

namespace kafka_cert {

void CertCollector::Collect(const exporter_kit::CollectContext& context,
                            exporter_kit::MetricWriter& out) {
  std::lock_guard lock(mutex_);
  Snapshot snapshot = scan_.Run(context.deadline);
  for (const SourceResult& source : snapshot.sources) errors_.Count(source);
  LogNewProblems(snapshot);
  auto now = std::chrono::duration_cast<std::chrono::seconds>(
                 std::chrono::system_clock::now().time_since_epoch())
                 .count();
  WriteSnapshot(snapshot, now, out);
  errors_.Write(out);
}

void CertCollector::LogNewProblems(const Snapshot& snapshot) {
  std::set<std::string> current;
  for (const std::string& warning : snapshot.warnings) {
    if (!logged_.count(warning)) spdlog::warn("{}", warning);
    current.insert(warning);
  }
  for (const SourceResult& source : snapshot.sources) {
    for (const StoreError& error : source.errors) {
      std::string line = source.kind + " " + source.name + ": " + error.what();
      if (!logged_.count(line)) {
        spdlog::warn("source={} reason={} msg=\"{}\"", source.name,
                     ReasonName(error.reason()), error.what());
      }
      current.insert(line);
    }
  }
  logged_ = std::move(current);
}

}  // namespace kafka_cert
