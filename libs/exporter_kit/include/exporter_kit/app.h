#pragma once
// The standard exporter surface, written once: flags and config file,
// --help/--version/--check-config, logging, the web server with landing page,
// /-/healthy, /-/ready and the telemetry path, background collectors,
// self-metrics, and graceful shutdown on SIGTERM/SIGINT.
//
//   int main(int argc, char** argv) {
//     exporter_kit::App app({"kafka-disk-exporter", "kafka_disk_exporter",
//                            "Kafka log-directory usage", ":9310"});
//     app.AddOptions()("kafka.log-dirs", po::value<std::string>(), "...");
//     return app.Main(argc, argv, [](exporter_kit::App& app,
//                                    const exporter_kit::Config& config) {
//       app.AddCollector(std::make_unique<LogDirCollector>(...));
//     });
//   }
#include <boost/program_options.hpp>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "exporter_kit/collector.h"
#include "exporter_kit/config.h"
#include "exporter_kit/http.h"

namespace prometheus {
class Registry;
}

namespace exporter_kit {

struct AppInfo {
  std::string binary;            ///< "kafka-broker-exporter"
  std::string metric_namespace;  ///< prefix of self-metrics
  std::string description;       ///< one line, for --help and the landing page
  std::string default_listen_address;  ///< ":9308"
};

class App {
 public:
  explicit App(AppInfo info);
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  /// Adds component flags (dotted names, e.g. "kafka.server").
  boost::program_options::options_description_easy_init AddOptions();
  /// Declares a raw YAML section handed to the component unflattened.
  void AllowConfigSection(std::string key);
  /// Flags whose values --check-config prints as <secret>.
  void MarkSecret(std::string flag);

  using Setup = std::function<void(App&, const Config&)>;
  /// Parses, sets up logging, calls `setup` (which may throw ConfigError:
  /// exit 2), then serves until SIGTERM/SIGINT or RequestStop(). Returns the
  /// process exit code: 0, 1 on a runtime failure, 2 on bad config.
  int Main(int argc, char** argv, const Setup& setup);

  // --- for use inside `setup` ---
  void AddCollector(std::unique_ptr<Collector> collector);
  /// A registry of directly instrumented metrics (counters, histograms of
  /// the binary's own work), serialised on every scrape.
  void AddRegistry(std::shared_ptr<prometheus::Registry> registry);
  /// Extra routes (the receiver's API, status pages).
  void Handle(std::string path, HttpHandler handler, RouteOptions options = {});
  void AddLandingLink(std::string path, std::string text);
  /// Readiness beyond "every collector has run once".
  void SetReadinessCheck(std::function<bool()> ready);
  /// Runs on SIGHUP, on a runtime thread.
  void OnReload(std::function<void()> reload);
  /// Runs on shutdown, before the web server stops.
  void OnShutdown(std::function<void()> shutdown);
  /// True if the configured web server enforces auth (for the receiver's
  /// refusal to listen openly).
  bool AuthEnabled() const;
  const AppInfo& info() const { return info_; }

  // --- for tests and embedding ---
  void RequestStop();
  /// Bound ports once serving (empty before).
  std::vector<int> Ports() const;

 private:
  struct Impl;
  AppInfo info_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace exporter_kit
