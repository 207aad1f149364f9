#include "kafka_client/statistics.h"

#include <nlohmann/json.hpp>
#include <algorithm>
#include <stdexcept>
#include <string_view>

namespace kafka_client {
namespace {

constexpr double kMicrosPerSecond = 1e6;

BrokerStatistics ParseBroker(const nlohmann::json& broker) {
  BrokerStatistics out;
  out.node_id = broker.value("nodeid", -1);
  out.name = broker.value("name", "");
  out.state = broker.value("state", "");
  out.requests_sent = broker.value("tx", std::int64_t{0});
  out.bytes_sent = broker.value("txbytes", std::int64_t{0});
  out.responses_received = broker.value("rx", std::int64_t{0});
  out.bytes_received = broker.value("rxbytes", std::int64_t{0});
  out.request_timeouts = broker.value("req_timeouts", std::int64_t{0});
  out.connects = broker.value("connects", std::int64_t{0});
  out.disconnects = broker.value("disconnects", std::int64_t{0});
  if (const auto rtt = broker.find("rtt"); rtt != broker.end() && rtt->is_object()) {
    out.rtt_samples = rtt->value("cnt", std::int64_t{0});
    out.rtt_average_seconds = rtt->value("avg", 0.0) / kMicrosPerSecond;
    out.rtt_p99_seconds = rtt->value("p99", 0.0) / kMicrosPerSecond;
  }
  return out;
}

// "127.0.0.1:9092/bootstrap" and "127.0.0.1:9092/1" -> "127.0.0.1:9092".
std::string_view Address(const std::string& name) {
  const auto slash = name.rfind('/');
  return std::string_view(name).substr(0, slash == std::string::npos ? name.size() : slash);
}

// librdkafka keeps the connection it bootstrapped through as a broker entry
// of its own (node id -1) and goes on sending requests, metadata among them,
// over it. Those round trips were made to the broker at the same address.
void FoldBootstrapRtt(const BrokerStatistics& bootstrap, BrokerStatistics& broker) {
  if (bootstrap.rtt_samples <= 0 || Address(bootstrap.name) != Address(broker.name)) return;
  const auto total = broker.rtt_samples + bootstrap.rtt_samples;
  broker.rtt_average_seconds =
      (broker.rtt_average_seconds * static_cast<double>(broker.rtt_samples) +
       bootstrap.rtt_average_seconds * static_cast<double>(bootstrap.rtt_samples)) /
      static_cast<double>(total);
  broker.rtt_p99_seconds = std::max(broker.rtt_p99_seconds, bootstrap.rtt_p99_seconds);
  broker.rtt_samples = total;
}

}  // namespace

const BrokerStatistics* ClientStatistics::Broker(std::int32_t node_id) const {
  for (const auto& broker : brokers) {
    if (broker.node_id == node_id) return &broker;
  }
  return nullptr;
}

ClientStatistics ParseStatistics(std::string_view json) {
  // Only "brokers" and "time" matter. The per-topic and per-partition
  // sections grow with the partitions the client touched (tens of MB for
  // 20,000 partitions), so they are skipped while parsing, not built.
  const nlohmann::json::parser_callback_t keep_brokers =
      [](int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
        return !(depth == 1 && event == nlohmann::json::parse_event_t::key &&
                 parsed != "brokers" && parsed != "time");
      };
  const auto doc = nlohmann::json::parse(json, keep_brokers,
                                         /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) {
    throw std::runtime_error("librdkafka statistics: not a JSON object");
  }
  ClientStatistics out;
  try {
    out.timestamp_us = doc.value("time", std::int64_t{0}) * 1'000'000;
    const auto brokers = doc.find("brokers");
    if (brokers == doc.end()) return out;
    if (!brokers->is_object()) {
      throw std::runtime_error("librdkafka statistics: \"brokers\" is not an object");
    }
    std::vector<BrokerStatistics> bootstraps;
    for (const auto& [name, broker] : brokers->items()) {
      if (!broker.is_object()) continue;
      auto parsed = ParseBroker(broker);
      if (parsed.node_id >= 0) {
        out.brokers.push_back(std::move(parsed));
      } else if (parsed.name.ends_with("/bootstrap")) {
        bootstraps.push_back(std::move(parsed));
      }
    }
    for (auto& broker : out.brokers) {
      for (const auto& bootstrap : bootstraps) FoldBootstrapRtt(bootstrap, broker);
    }
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(std::string("librdkafka statistics: ") + e.what());
  }
  return out;
}

void CarryRoundTrips(const ClientStatistics& previous, ClientStatistics& next) {
  for (auto& broker : next.brokers) {
    if (broker.rtt_samples > 0 || !broker.Up()) continue;
    const auto* before = previous.Broker(broker.node_id);
    if (before == nullptr || before->rtt_samples <= 0) continue;
    broker.rtt_samples = before->rtt_samples;
    broker.rtt_average_seconds = before->rtt_average_seconds;
    broker.rtt_p99_seconds = before->rtt_p99_seconds;
  }
}

}  // namespace kafka_client
