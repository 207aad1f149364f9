#pragma once
// The lag exporter's flags (beyond the shared web, log, collect and Kafka
// connection flags) and their validation into collector options.
#include <chrono>

#include "group_source.h"
#include "lag_collector.h"

namespace exporter_kit {
class App;
class Config;
}  // namespace exporter_kit

namespace lag_exporter {

struct LagOptions {
  LagCollectorOptions collector;
  GroupSourceOptions groups;
  bool read_records = true;  ///< --lag.seconds.read-records
};

/// \brief Declares the flags listed in the README on `app`.
void AddLagOptions(exporter_kit::App& app);

/// \brief Reads and validates them; throws exporter_kit::ConfigError naming
/// the flag at fault (exit code 2).
LagOptions LagOptionsFromConfig(const exporter_kit::Config& config);

}  // namespace lag_exporter
