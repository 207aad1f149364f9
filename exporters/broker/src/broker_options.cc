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
       "failure before trying again");
}

BrokerOptions ReadBrokerOptions(const exporter_kit::Config& config) {
  BrokerOptions options;
  options.topic_filter = config.Get<std::string>("topic.filter");
  options.topic_exclude = config.Get<std::string>("topic.exclude");
  exporter_kit::ValidateRegex(options.topic_filter, "--topic.filter");
  exporter_kit::ValidateRegex(options.topic_exclude, "--topic.exclude");
  options.include_internal_topics = config.Get<bool>("topic.include-internal");
  options.collect_topic_configs = config.Get<bool>("collect.topic-configs");
  options.topic_config_refresh =
      config.Get<Duration>("topic.config-refresh-interval").value;
  if (options.topic_config_refresh <= std::chrono::milliseconds::zero()) {
    throw ConfigError("--topic.config-refresh-interval: must be positive");
  }
  return options;
}

}  // namespace broker_exporter
