// kafka-disk-exporter: Kafka log-directory usage per partition, growth and
// time to full, for a sidecar sharing the broker's log volumes.
#include <spdlog/spdlog.h>

#include <memory>

#include "disk_options.h"
#include "exporter_kit/app.h"
#include "file_system.h"
#include "log_dir_collector.h"

int main(int argc, char** argv) {
  exporter_kit::App app({"kafka-disk-exporter", "kafka_disk_exporter",
                         "Kafka log-directory usage per partition, growth and "
                         "time to full",
                         ":9310"});
  kafka_disk::AddDiskOptions(app.AddOptions());
  return app.Main(
      argc, argv,
      [](exporter_kit::App& exporter, const exporter_kit::Config& config) {
        const kafka_disk::DiskOptions options =
            kafka_disk::ReadDiskOptions(config);
        if (config.CheckOnly()) return;
        for (const auto& dir : options.log_dirs)
          spdlog::info("watching log dir {}", dir);
        auto collector = std::make_unique<kafka_disk::LogDirCollector>(
            options, kafka_disk::MakePosixFileSystem());
        const kafka_disk::LogDirCollector* walked = collector.get();
        exporter.SetReadinessCheck(
            [walked] { return walked->AllWalkedOnce(); });
        exporter.AddCollector(std::move(collector));
      });
}
