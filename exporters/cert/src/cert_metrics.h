#pragma once
// Writes a Snapshot as Prometheus metrics: enix x509-certificate-exporter
// names where the meaning is the same, kafka_cert_* for what enix lacks.
#include <cstdint>
#include <map>
#include <string>
#include <tuple>

#include "cert_scan.h"
#include "exporter_kit/exposition.h"

namespace kafka_cert {

/// \brief x509_source_errors_total: counts survive across collections and
/// across a source disappearing, as counters must.
class ErrorCounters {
 public:
  void Count(const SourceResult& source);
  void Write(exporter_kit::MetricWriter& out) const;

 private:
  std::map<std::tuple<std::string, std::string, std::string>, std::uint64_t> counts_;
};

/// `now` (Unix seconds) decides x509_cert_expired.
void WriteSnapshot(const Snapshot& snapshot, std::int64_t now,
                   exporter_kit::MetricWriter& out);

}  // namespace kafka_cert
