#pragma once
// Probes many endpoints at once with a bounded number of threads, so that
// N slow listeners cost one timeout, not N.
#include <chrono>
#include <vector>

#include "tls_probe.h"

namespace kafka_cert {

struct ProbeRequest {
  ProbeTarget target;
  TrustAnchors anchors;
};

/// Results in the order of `requests`. Each probe stops at `deadline`.
std::vector<ProbeResult> ProbeAll(const TlsProber& prober,
                                  const std::vector<ProbeRequest>& requests,
                                  std::chrono::steady_clock::time_point deadline,
                                  int concurrency);

}  // namespace kafka_cert
