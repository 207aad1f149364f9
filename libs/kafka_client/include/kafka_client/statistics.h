#pragma once
// The parts of librdkafka's statistics JSON (statistics.interval.ms) that
// tell whether each broker is reachable and how fast it answers.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kafka_client {

/// \brief One broker as the client sees it.
struct BrokerStatistics {
  std::int32_t node_id = -1;
  std::string name;   ///< "host:port/id"
  std::string state;  ///< "UP", "DOWN", "TRY_CONNECT", "INIT", ...
  std::int64_t requests_sent = 0;  ///< "tx": requests since the client started
  std::int64_t bytes_sent = 0;
  std::int64_t responses_received = 0;
  std::int64_t bytes_received = 0;
  std::int64_t request_timeouts = 0;
  std::int64_t connects = 0;
  std::int64_t disconnects = 0;
  /// Round-trip time over the last statistics window in which requests to
  /// this broker completed (see CarryRoundTrips), including requests sent
  /// over the bootstrap connection to the same address; 0 samples means none
  /// has completed since the broker was last up, and the values are 0.
  std::int64_t rtt_samples = 0;
  double rtt_average_seconds = 0;
  double rtt_p99_seconds = 0;

  bool Up() const { return state == "UP"; }
};

/// \brief One statistics report. Only brokers learned from metadata
/// (node id >= 0) are kept: bootstrap and internal pseudo-brokers are not.
struct ClientStatistics {
  std::int64_t timestamp_us = 0;  ///< wall clock of the report
  std::vector<BrokerStatistics> brokers;

  const BrokerStatistics* Broker(std::int32_t node_id) const;
};

/// \brief Parses a statistics JSON document; throws std::runtime_error
/// naming the problem when it is not one.
ClientStatistics ParseStatistics(std::string_view json);

/// \brief Keeps each broker's last measured round-trip times in `next`
/// when its window had no request (librdkafka restarts the window at every
/// report, and an exporter asks once per collection interval, usually
/// longer than the statistics interval). Only while the broker stays UP:
/// a broker that went down loses them.
void CarryRoundTrips(const ClientStatistics& previous, ClientStatistics& next);

}  // namespace kafka_client
