#include "broker_options.h"

#include "exporter_kit/app.h"
#include "exporter_kit/config.h"
#include "exporter_kit/duration.h"

namespace broker_exporter {
namespace po = boost::program_options;
using exporter_kit::ConfigError;
using exporter_kit::Duration;

void RegisterBrokerOptions(exporter_kit::App& app) {
  const BrokerOptions defaults;
  app.AddOptions()
      ("topic.filter", po::value<std::string>()->default_value(defaults.topic_filter),
       "Regex of topics to report (whole-name match)")
      ("topic.exclude", po::value<std::string>()->default_value(defaults.topic_exclude),
       "Regex of topics not to report (whole-name match)")
      ("topic.include-internal",
       po::value<bool>()->default_value(false)->implicit_value(true),
       "Also report internal topics (names starting with __)")
      ("collect.topic-configs",
       po::value<bool>()->default_value(false)->implicit_value(true),
       "Read topic configs with DescribeConfigs (min.insync.replicas, "
       "retention) for kafka_topic_config_info and under-min-ISR partitions")
      ("topic.config-refresh-interval",
       po::value<Duration>()->default_value(Duration{defaults.topic_config_refresh}),
       "How often topic configs are re-read, and how long to wait after a "
       "failure before trying again")
      ("canary.enabled", po::value<bool>()->default_value(false)->implicit_value(true),
       "Run the end-to-end canary: produce to and consume from a canary topic "
       "with a partition led by each broker")
      ("canary.topic", po::value<std::string>()->default_value(defaults.canary.topic),
       "Canary topic name")
      ("canary.create-topic",
       po::value<bool>()->default_value(defaults.canary.create_topic)->implicit_value(true),
       "Create the canary topic (one partition per broker) when it is missing")
      ("canary.interval",
       po::value<Duration>()->default_value(Duration{defaults.canary.interval}),
       "How often one canary message goes to each canary partition")
      ("canary.timeout",
       po::value<Duration>()->default_value(Duration{defaults.canary.timeout}),
       "A canary message not acknowledged, or not consumed back, within this "
       "counts as failed")
      ("canary.metadata-refresh-interval",
       po::value<Duration>()->default_value(Duration{defaults.canary.metadata_refresh}),
       "How often the canary topic's partitions and leaders are re-read");
}

namespace {

std::chrono::milliseconds PositiveDuration(const exporter_kit::Config& config,
                                           const char* flag) {
  const auto value = config.Get<Duration>(flag).value;
  if (value <= std::chrono::milliseconds::zero()) {
    throw ConfigError(std::string("--") + flag + ": must be positive");
  }
  return value;
}

CanaryOptions ReadCanaryOptions(const exporter_kit::Config& config) {
  CanaryOptions canary;
  canary.enabled = config.Get<bool>("canary.enabled");
  canary.topic = config.Get<std::string>("canary.topic");
  if (canary.topic.empty()) throw ConfigError("--canary.topic: must not be empty");
  canary.create_topic = config.Get<bool>("canary.create-topic");
  canary.interval = PositiveDuration(config, "canary.interval");
  canary.timeout = PositiveDuration(config, "canary.timeout");
  canary.metadata_refresh = PositiveDuration(config, "canary.metadata-refresh-interval");
  return canary;
}

}  // namespace

BrokerOptions ReadBrokerOptions(const exporter_kit::Config& config) {
  BrokerOptions options;
  options.topic_filter = config.Get<std::string>("topic.filter");
  options.topic_exclude = config.Get<std::string>("topic.exclude");
  exporter_kit::ValidateRegex(options.topic_filter, "--topic.filter");
  exporter_kit::ValidateRegex(options.topic_exclude, "--topic.exclude");
  options.include_internal_topics = config.Get<bool>("topic.include-internal");
  options.collect_topic_configs = config.Get<bool>("collect.topic-configs");
  options.topic_config_refresh =
      PositiveDuration(config, "topic.config-refresh-interval");
  options.canary = ReadCanaryOptions(config);
  return options;
}

}  // namespace broker_exporter
