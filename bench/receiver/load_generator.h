#pragma once
// A closed-loop HTTP/1.1 load generator: N threads, one keep-alive socket
// each, the same POST over and over; records every latency.
#include <chrono>
#include <string>
#include <vector>

namespace receiver_bench {

struct LoadResult {
  std::size_t ok = 0;      ///< 2xx responses
  std::size_t failed = 0;  ///< other statuses and transport errors
  double seconds = 0;
  std::vector<double> latencies_ms;  ///< of the 2xx responses

  double Rate() const { return seconds > 0 ? static_cast<double>(ok) / seconds : 0; }
  double Percentile(double p) const;
};

LoadResult RunLoad(int port, const std::string& path, const std::string& body,
                   int connections, std::chrono::seconds duration);

}  // namespace receiver_bench
