// kafka-cert-exporter: expiry of every certificate a Kafka broker depends
// on, in its keystores on disk and on its TLS listeners.
#include <memory>

#include "cert_collector.h"
#include "cert_options.h"
#include "exporter_kit/app.h"

int main(int argc, char** argv) {
  exporter_kit::App app({"kafka-cert-exporter", "kafka_cert_exporter",
                         "Expiry of Kafka broker certificates on disk and on the wire",
                         ":9311"});
  kafka_cert::AddCertOptions(app);
  return app.Main(argc, argv, [](exporter_kit::App& exporter, const exporter_kit::Config& config) {
    exporter.AddCollector(
        std::make_unique<kafka_cert::CertCollector>(kafka_cert::ScanOptionsFromConfig(config)));
  });
}
