// kafka-broker-exporter: cluster health from the Kafka protocol, compatible
// with kafka_exporter's broker and topic metrics.
#include <memory>

#include "broker_collector.h"
#include "broker_options.h"
#include "canary.h"
#include "cluster_source.h"
#include "exporter_kit/allocator.h"
#include "exporter_kit/app.h"
#include "kafka_client/client.h"
#include "kafka_client/client_options.h"
#include "topic_config_cache.h"

int main(int argc, char** argv) {
  using namespace broker_exporter;
  // Each cycle and each scrape handles a multi-megabyte text on big
  // clusters.
  exporter_kit::LimitHeapRetention();
  exporter_kit::App app({"kafka-broker-exporter", "kafka_broker_exporter",
                         "Kafka cluster health from the Kafka protocol "
                         "(kafka_exporter compatible)",
                         ":9308"});
  kafka_client::RegisterClientOptions(app);
  RegisterBrokerOptions(app);
  return app.Main(argc, argv, [](exporter_kit::App& running,
                                 const exporter_kit::Config& config) {
    const auto options = ReadBrokerOptions(config);
    TopicFilter filter(options.topic_filter, options.topic_exclude,
                       options.include_internal_topics);
    const auto properties = kafka_client::ClientProperties(config);
    std::shared_ptr<kafka_client::Client> client =
        kafka_client::Client::Create(properties);
    std::unique_ptr<TopicConfigCache> topic_configs;
    if (options.collect_topic_configs) {
      topic_configs = std::make_unique<TopicConfigCache>(
          std::make_unique<KafkaTopicConfigSource>(client),
          options.topic_config_refresh);
    }
    running.AddCollector(std::make_unique<BrokerCollector>(
        std::make_unique<KafkaClusterSource>(client), std::move(filter),
        std::move(topic_configs)));
    if (options.canary.enabled) {
      auto canary = std::make_unique<Canary>(options.canary, properties);
      if (!config.CheckOnly()) canary->Start();
      running.AddCollector(std::make_unique<CanaryCollector>(std::move(canary)));
    }
  });
}
