#include "probe_pool.h"

#include <algorithm>
#include <atomic>
#include <thread>

namespace kafka_cert {

std::vector<ProbeResult> ProbeAll(const TlsProber& prober,
                                  const std::vector<ProbeRequest>& requests,
                                  std::chrono::steady_clock::time_point deadline,
                                  int concurrency) {
  std::vector<ProbeResult> results(requests.size());
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i = next++; i < requests.size(); i = next++) {
      results[i] = prober.Probe(requests[i].target, deadline, requests[i].anchors);
    }
  };
  std::size_t threads = std::min<std::size_t>(
      requests.size(), static_cast<std::size_t>(std::max(concurrency, 1)));
  {
    std::vector<std::jthread> pool;
    for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(worker);
    if (threads > 0) worker();
  }
  return results;
}

}  // namespace kafka_cert
