#include "lag_options.h"

#include <algorithm>
#include <boost/algorithm/string.hpp>
#include <unordered_map>

#include "exporter_kit/app.h"
#include "exporter_kit/config.h"
#include "exporter_kit/duration.h"

namespace lag_exporter {
namespace {

namespace po = boost::program_options;
using exporter_kit::ConfigError;
using exporter_kit::Duration;
using namespace std::chrono_literals;

// "a,b" and repeated flags alike.
std::vector<std::string> SplitList(const std::vector<std::string>& values,
                                   const std::string& flag) {
  std::vector<std::string> out;
  for (const auto& value : values) {
    std::vector<std::string> parts;
    boost::split(parts, value, boost::is_any_of(","));
    for (auto& part : parts) {
      boost::trim(part);
      if (part.empty()) {
        throw ConfigError("--" + flag + ": empty name in \"" + value + "\"");
      }
      out.push_back(std::move(part));
    }
  }
  return out;
}

// "group=t1,t2": split at the last '=' (topic names cannot contain one,
// group ids can).
std::unordered_map<std::string, std::vector<std::string>> GroupTopics(
    const std::vector<std::string>& values) {
  std::unordered_map<std::string, std::vector<std::string>> out;
  for (const auto& value : values) {
    const auto eq = value.rfind('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == value.size()) {
      throw ConfigError("--group.topics: \"" + value +
                        "\" is not GROUP=TOPIC[,TOPIC...]");
    }
    auto topics = SplitList({value.substr(eq + 1)}, "group.topics");
    std::sort(topics.begin(), topics.end());
    auto& known = out[value.substr(0, eq)];
    known.insert(known.end(), topics.begin(), topics.end());
  }
  return out;
}

std::string Regex(const exporter_kit::Config& config, const char* flag) {
  auto text = config.Get<std::string>(flag);
  exporter_kit::ValidateRegex(text, std::string("--") + flag);
  return text;
}

int Positive(const exporter_kit::Config& config, const char* flag) {
  const int value = config.Get<int>(flag);
  if (value <= 0) {
    throw ConfigError(std::string("--") + flag + ": must be positive, got " +
                      std::to_string(value));
  }
  return value;
}

std::size_t NonNegative(const exporter_kit::Config& config, const char* flag) {
  const int value = config.Get<int>(flag);
  if (value < 0) {
    throw ConfigError(std::string("--") + flag + ": must be >= 0, got " +
                      std::to_string(value));
  }
  return static_cast<std::size_t>(value);
}

}  // namespace

void AddLagOptions(exporter_kit::App& app) {
  app.AddOptions()
      ("kafka.groups", po::value<std::vector<std::string>>()->composing(),
       "Consumer groups to report by name (repeatable or comma-separated); "
       "works without group discovery and bypasses the group regexes.")
      ("group.topics", po::value<std::vector<std::string>>()->composing(),
       "GROUP=TOPIC[,TOPIC...]: the topics a group consumes, so that it is "
       "never scanned over every partition (repeatable). Saves the scan "
       "on clusters with many partitions.")
      ("group.filter", po::value<std::string>()->default_value(".*"),
       "Regex (whole name) of discovered groups to report.")
      ("group.exclude", po::value<std::string>()->default_value("^$"),
       "Regex (whole name) of discovered groups to skip.")
      ("topic.filter", po::value<std::string>()->default_value(".*"),
       "Regex (whole name) of topics whose lag is reported.")
      ("topic.exclude", po::value<std::string>()->default_value("^$"),
       "Regex (whole name) of topics to skip.")
      ("kafka.discover-groups", po::value<bool>()->default_value(true),
       "Discover groups with ListConsumerGroups.")
      ("kafka.describe-groups", po::value<std::string>()->default_value("auto"),
       "DescribeConsumerGroups for members: auto (only when "
       "ListConsumerGroups works), true, false. Never runs on a cluster "
       "without ListConsumerGroups.")
      ("group.discovery-retry", po::value<Duration>()->default_value(Duration{10min}),
       "After a cluster answered that it does not support "
       "ListConsumerGroups, ask again after this long.")
      ("group.offset-concurrency", po::value<int>()->default_value(20),
       "Committed-offset requests in flight at once.")
      ("group.rescan-interval", po::value<Duration>()->default_value(Duration{5min}),
       "How often each group is asked for every partition (to find topics "
       "it newly commits to); in between, only its known topics.")
      ("lag.seconds.read-records", po::value<bool>()->default_value(true),
       "Read the first unconsumed record of each lagging partition for "
       "exact lag in seconds (else estimate from end-offset history).")
      ("lag.seconds.max-reads", po::value<int>()->default_value(20000),
       "Most records queued for reading per cycle; the rest use the "
       "end-offset history until read.")
      ("lag.seconds.read-budget", po::value<Duration>()->default_value(Duration{2s}),
       "Most time a cycle waits for its record reads; records not read by "
       "then are read in the background for later cycles (read timestamps "
       "are cached while a group sits on the same offset).")
      ("lag.seconds.wait-limit", po::value<int>()->default_value(2000),
       "A cycle waits for its record reads only when at most this many are "
       "missing (the first cycle waits for one round of a larger backlog); "
       "the rest is read in the background and is exact from a later cycle.")
      ("status.window", po::value<int>()->default_value(10),
       "Collection cycles in a status evaluation window (Burrow's "
       "intervals).")
      ("metrics.granularity", po::value<std::string>()->default_value("partition"),
       "partition: per-partition series; topic: per-topic series only.")
      ("metrics.sums", po::value<bool>()->default_value(false),
       "Also write kafka_exporter's kafka_consumergroup_{current_offset,lag}"
       "_sum series per group and topic (promtool flags their names; "
       "kafka_consumergroup_group_topic_sum_lag carries the same lag sum).")
      ("metrics.series-limit", po::value<int>()->default_value(0),
       "Most group-partition rows at partition level (0: no limit); groups "
       "past it are written per topic.")
      ("shard", po::value<std::string>()->default_value("0/1"),
       "i/n: report only the groups whose stable hash modulo n is i, to "
       "split a large cluster across n replicas.");
}

LagOptions LagOptionsFromConfig(const exporter_kit::Config& config) {
  LagOptions options;
  auto& c = options.collector;
  c.groups = SplitList(config.List("kafka.groups"), "kafka.groups");
  c.group_topics = GroupTopics(config.List("group.topics"));
  for (const auto& [group, topics] : c.group_topics) c.groups.push_back(group);
  c.group_filter = Regex(config, "group.filter");
  c.group_exclude = Regex(config, "group.exclude");
  c.topic_filter = Regex(config, "topic.filter");
  c.topic_exclude = Regex(config, "topic.exclude");
  const auto shard = ParseShard(config.Get<std::string>("shard"));
  if (!shard) {
    throw ConfigError("--shard: \"" + config.Get<std::string>("shard") +
                      "\" is not i/n with 0 <= i < n");
  }
  c.shard = *shard;
  c.offset_concurrency = Positive(config, "group.offset-concurrency");
  const auto interval = config.Get<Duration>("collect.interval").value;
  const auto rescan = config.Get<Duration>("group.rescan-interval").value;
  if (rescan <= 0ms) throw ConfigError("--group.rescan-interval: must be positive");
  c.rescan_cycles = static_cast<int>(
      std::max<int64_t>(1, (rescan + interval - 1ms) / interval));
  c.max_record_reads = NonNegative(config, "lag.seconds.max-reads");
  c.record_wait_limit = NonNegative(config, "lag.seconds.wait-limit");
  c.record_read_budget = config.Get<Duration>("lag.seconds.read-budget").value;
  if (c.record_read_budget <= 0ms) {
    throw ConfigError("--lag.seconds.read-budget: must be positive");
  }
  c.tracker.status_window =
      static_cast<std::size_t>(Positive(config, "status.window"));
  if (c.tracker.status_window > GroupWindows::kMaxCapacity) {
    throw ConfigError("--status.window: at most " +
                      std::to_string(GroupWindows::kMaxCapacity) + " cycles, got " +
                      std::to_string(c.tracker.status_window));
  }
  const auto granularity =
      ParseGranularity(config.Get<std::string>("metrics.granularity"));
  if (!granularity) {
    throw ConfigError("--metrics.granularity: want partition or topic, got \"" +
                      config.Get<std::string>("metrics.granularity") + "\"");
  }
  c.render.granularity = *granularity;
  c.render.sums = config.Get<bool>("metrics.sums");
  c.render.series_limit = NonNegative(config, "metrics.series-limit");

  options.groups.discover = config.Get<bool>("kafka.discover-groups");
  const auto describe =
      ParseDescribeMode(config.Get<std::string>("kafka.describe-groups"));
  if (!describe) {
    throw ConfigError("--kafka.describe-groups: want auto, true or false, got \"" +
                      config.Get<std::string>("kafka.describe-groups") + "\"");
  }
  options.groups.describe = *describe;
  options.groups.discovery_retry =
      config.Get<Duration>("group.discovery-retry").value;
  if (options.groups.discovery_retry <= 0ms) {
    throw ConfigError("--group.discovery-retry: must be positive");
  }
  options.read_records = config.Get<bool>("lag.seconds.read-records");
  if (c.groups.empty() && !options.groups.discover) {
    throw ConfigError(
        "--kafka.groups: no groups to report (give some, or leave "
        "--kafka.discover-groups on)");
  }
  return options;
}

}  // namespace lag_exporter
