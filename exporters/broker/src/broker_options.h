#pragma once
// The broker exporter's own flags (the Kafka connection flags come from
// kafka_client::RegisterClientOptions).
#include <chrono>
#include <string>

#include "canary_options.h"


namespace exporter_kit {
class App;
class Config;
}  // namespace exporter_kit

namespace broker_exporter {

struct BrokerOptions {
  std::string topic_filter = ".*";
  std::string topic_exclude = "^$";
  bool include_internal_topics = false;
  bool collect_topic_configs = false;
  std::chrono::milliseconds topic_config_refresh{std::chrono::minutes(5)};
  CanaryOptions canary;
};

void RegisterBrokerOptions(exporter_kit::App& app);
/// Reads and validates; throws exporter_kit::ConfigError naming the flag.
BrokerOptions ReadBrokerOptions(const exporter_kit::Config& config);

}  // namespace broker_exporter
