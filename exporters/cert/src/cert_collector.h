#pragma once
// The exporter_kit collector: runs a CertScan every --collect.interval and
// writes its metrics, logging each source error once when it first appears.
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "cert_metrics.h"
#include "cert_scan.h"
#include "exporter_kit/collector.h"

namespace kafka_cert {

class CertCollector : public exporter_kit::Collector {
 public:
  explicit CertCollector(ScanOptions options) : scan_(std::move(options)) {}
  std::string Name() const override { return "certificates"; }
  void Collect(const exporter_kit::CollectContext& context,
               exporter_kit::MetricWriter& out) override;

 private:
  void LogNewProblems(const Snapshot& snapshot);

  std::mutex mutex_;
  CertScan scan_;
  ErrorCounters errors_;
  std::set<std::string> logged_;  // problems already logged
};

}  // namespace kafka_cert
