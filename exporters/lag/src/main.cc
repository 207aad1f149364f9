// kafka-lag-exporter: consumer lag in records and seconds, Burrow-style
// health and data loss, under kafka_exporter's and kafka-lag-exporter's
// metric names.
#include <chrono>
#include <memory>

#include "exporter_kit/allocator.h"
#include "exporter_kit/app.h"
#include "kafka_client/client.h"
#include "kafka_client/client_options.h"
#include "kafka_client/group_offsets.h"
#include "lag_collector.h"
#include "lag_options.h"

int main(int argc, char** argv) {
  // Each cycle writes up to ~100 MB of text (compressed as it goes) on a
  // large cluster, beside three librdkafka handles' threads.
  exporter_kit::LimitHeapRetention();
  // The Kafka handles live as long as main: never destroyed on a collect
  // path (rd_kafka_destroy can block). Declared before the app, so that
  // they outlive its collectors, whose record reader thread uses one of
  // them until the collector is destroyed.
  std::shared_ptr<kafka_client::Client> admin;
  std::shared_ptr<kafka_client::Client> consumer;
  std::shared_ptr<kafka_client::Client> directory;
  exporter_kit::App app({"kafka-lag-exporter", "kafka_lag_exporter",
                         "Kafka consumer group lag in records and seconds, "
                         "with health status",
                         ":9309"});
  kafka_client::RegisterClientOptions(app);
  lag_exporter::AddLagOptions(app);
  return app.Main(argc, argv, [&](exporter_kit::App& a,
                                  const exporter_kit::Config& config) {
    auto options = lag_exporter::LagOptionsFromConfig(config);
    auto properties = kafka_client::ClientProperties(config);
    if (config.CheckOnly()) return;
    // This binary publishes no client statistics. Left on, librdkafka
    // would write (and the client parse) a JSON report of every known
    // partition each second, per handle: most of a core at 20,000
    // partitions.
    kafka_client::ClientSettings settings;
    settings.statistics_interval = std::chrono::milliseconds(0);
    admin = kafka_client::Client::Create(properties, settings);
    std::unique_ptr<lag_exporter::RecordTimestampReader> reader;
    if (options.read_records) {
      auto consumer_properties = properties;
      for (const auto& [key, value] : lag_exporter::ReaderConsumerProperties()) {
        if (!properties.Get(key)) {
          consumer_properties.Set(key, value, "record reader defaults");
        }
      }
      // Background rd_kafka_poll serves statistics and errors; the reader
      // polls the consumer queue itself.
      auto consumer_settings = settings;
      consumer_settings.type = kafka_client::ClientType::kConsumer;
      consumer = kafka_client::Client::Create(consumer_properties,
                                              consumer_settings);
      reader = std::make_unique<lag_exporter::RecordTimestampReader>(
          consumer->get());
    }
    // Discovery and describe get a handle of their own: on librdkafka 2.0.2
    // an unsupported ListConsumerGroups followed by many
    // ListConsumerGroupOffsets on the same handle aborted the process
    // (rd_kafka_enq_once_del_source_return assertion) in the benchmark.
    directory = kafka_client::Client::Create(properties, settings);
    auto groups = std::make_unique<lag_exporter::GroupSource>(
        std::make_unique<kafka_client::KafkaGroupDirectory>(directory->get()),
        options.groups);
    a.AddCollector(std::make_unique<lag_exporter::LagCollector>(
        std::move(options.collector), admin->get(), std::move(groups),
        std::move(reader)));
  });
}
