#include "disk_options.h"

#include <set>

#include "exporter_kit/config.h"
#include "exporter_kit/duration.h"
#include "server_properties.h"

namespace kafka_disk {
namespace po = boost::program_options;
using exporter_kit::ConfigError;
using exporter_kit::Duration;
using namespace std::chrono_literals;

void AddDiskOptions(po::options_description_easy_init add) {
  add("kafka.log-dirs", po::value<std::string>(),
      "Comma-separated log directories to watch (absolute paths).")(
      "kafka.server-properties", po::value<std::string>(),
      "Read the log directories from this broker server.properties "
      "(log.dirs, else log.dir), instead of --kafka.log-dirs.")(
      "walk.full-interval", po::value<Duration>()->default_value(Duration{1h}),
      "Re-list every directory at least this often; cycles in between touch "
      "only what changed.")(
      "walk.timeout", po::value<Duration>()->default_value(Duration{5min}),
      "Abandon a walk cycle that runs longer than this (its last good values "
      "stay).")(
      "metrics.granularity",
      po::value<std::string>()->default_value("partition"),
      "Detail of the usage series: partition, topic (for huge brokers) or "
      "log-dir (no per-topic series).")(
      "growth.window", po::value<Duration>()->default_value(Duration{6h}),
      "History the growth estimator fits over.")(
      "growth.bucket", po::value<Duration>()->default_value(Duration{15min}),
      "Width of the buckets whose lowest usage the estimator fits; at least "
      "one retention run should fall in each.");
}

namespace {

std::vector<std::string> ReadLogDirs(const exporter_kit::Config& config) {
  const bool by_flag = config.Has("kafka.log-dirs");
  const bool by_file = config.Has("kafka.server-properties");
  if (by_flag == by_file) {
    throw ConfigError(
        "--kafka.log-dirs: give the log directories, or "
        "--kafka.server-properties to read them from the broker (not both)");
  }
  std::vector<std::string> dirs;
  std::string flag = "--kafka.log-dirs";
  if (by_flag) {
    dirs = SplitCommaList(config.Get<std::string>("kafka.log-dirs"));
    if (dirs.empty()) throw ConfigError(flag + ": no directory given");
  } else {
    flag = "--kafka.server-properties";
    try {
      dirs = LogDirsFromPropertiesFile(
          config.Get<std::string>("kafka.server-properties"));
    } catch (const PropertiesError& e) {
      throw ConfigError(flag + ": " + e.what());
    }
  }
  std::set<std::string> seen;
  for (auto& dir : dirs) {
    if (dir.empty() || dir.front() != '/') {
      throw ConfigError(flag + ": \"" + dir + "\" is not an absolute path");
    }
    while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
    if (!seen.insert(dir).second) {
      throw ConfigError(flag + ": \"" + dir + "\" is listed twice");
    }
  }
  return dirs;
}

std::chrono::milliseconds Positive(const exporter_kit::Config& config,
                                   const std::string& key) {
  const auto value = config.Get<Duration>(key).value;
  if (value <= 0ms) throw ConfigError("--" + key + ": must be positive");
  return value;
}

Granularity ReadGranularity(const exporter_kit::Config& config) {
  const auto text = config.Get<std::string>("metrics.granularity");
  if (text == "partition") return Granularity::kPartition;
  if (text == "topic") return Granularity::kTopic;
  if (text == "log-dir") return Granularity::kLogDir;
  throw ConfigError("--metrics.granularity: \"" + text +
                    "\" is not one of partition, topic, log-dir");
}

}  // namespace

DiskOptions ReadDiskOptions(const exporter_kit::Config& config) {
  DiskOptions options;
  options.log_dirs = ReadLogDirs(config);
  options.walk.full_interval = Positive(config, "walk.full-interval");
  options.walk.timeout = Positive(config, "walk.timeout");
  options.walk.growth_window = Positive(config, "growth.window");
  options.walk.growth_bucket = Positive(config, "growth.bucket");
  if (options.walk.growth_bucket * 3 > options.walk.growth_window) {
    throw ConfigError(
        "--growth.bucket: must be at most a third of --growth.window");
  }
  options.granularity = ReadGranularity(config);
  return options;
}

}  // namespace kafka_disk
