#pragma once
// The exporter's own flags, and their validation into plain options.
#include <boost/program_options.hpp>
#include <string>
#include <vector>

#include "log_dir_worker.h"

namespace exporter_kit {
class Config;
}

namespace kafka_disk {

/// Which per-partition detail is exported.
enum class Granularity { kPartition, kTopic, kLogDir };

struct DiskOptions {
  std::vector<std::string> log_dirs;
  WalkOptions walk;
  Granularity granularity = Granularity::kPartition;
};

void AddDiskOptions(boost::program_options::options_description_easy_init add);

/// Validates the merged configuration; throws exporter_kit::ConfigError
/// naming the flag at fault.
DiskOptions ReadDiskOptions(const exporter_kit::Config& config);

}  // namespace kafka_disk
