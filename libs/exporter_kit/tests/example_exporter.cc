// A minimal exporter on exporter_kit for the runtime's own process-level
// tests: flags pick collectors that succeed, throw or hang.
#include <chrono>
#include <thread>

#include "exporter_kit/app.h"

namespace {
namespace po = boost::program_options;
using exporter_kit::CollectContext;
using exporter_kit::MetricWriter;

class StaticCollector : public exporter_kit::Collector {
 public:
  std::string Name() const override { return "static"; }
  void Collect(const CollectContext&, MetricWriter& out) override {
    out.Gauge("example_value", "A constant for tests.").Add({{"source", "static"}}, 42);
  }
};

class ThrowingCollector : public exporter_kit::Collector {
 public:
  std::string Name() const override { return "throwing"; }
  void Collect(const CollectContext&, MetricWriter&) override {
    throw std::runtime_error("simulated failure");
  }
};

// Succeeds once, then blocks for an hour on every later run (a stuck mount,
// a broker that never answers).
class HangingCollector : public exporter_kit::Collector {
 public:
  std::string Name() const override { return "hanging"; }
  void Collect(const CollectContext& context, MetricWriter& out) override {
    if (runs_++ > 0) {
      for (int i = 0; i < 36000 && !context.Stopping(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    }
    out.Gauge("example_hanging_runs", "Runs started.").Add({}, runs_);
  }

 private:
  int runs_ = 0;
};

// Never finishes being destroyed (a client whose teardown waits forever).
class HangingTeardownCollector : public StaticCollector {
 public:
  std::string Name() const override { return "hanging_teardown"; }
  ~HangingTeardownCollector() override { std::this_thread::sleep_for(std::chrono::hours(1)); }
};

}  // namespace

int main(int argc, char** argv) {
  exporter_kit::App app({"kit-example-exporter", "kit_example_exporter",
                         "Example exporter for exporter_kit's tests", "127.0.0.1:0"});
  app.AddOptions()("example.throwing", po::bool_switch(), "Add a collector that throws.")(
      "example.hanging", po::bool_switch(), "Add a collector that hangs after its first run.")(
      "example.hanging-teardown", po::bool_switch(), "Add a collector whose destruction hangs.")(
      "example.secret", po::value<std::string>(), "A secret, printed masked.")(
      "example.name", po::value<std::string>()->default_value("static"), "A plain setting.");
  app.MarkSecret("example.secret");
  app.AllowConfigSection("kafka");
  return app.Main(argc, argv, [](exporter_kit::App& kit, const exporter_kit::Config& config) {
    if (config.Get<std::string>("example.name").empty()) {
      throw exporter_kit::ConfigError("--example.name: must not be empty");
    }
    kit.AddCollector(std::make_unique<StaticCollector>());
    if (config.Get<bool>("example.throwing")) kit.AddCollector(std::make_unique<ThrowingCollector>());
    if (config.Get<bool>("example.hanging")) kit.AddCollector(std::make_unique<HangingCollector>());
    if (config.Get<bool>("example.hanging-teardown")) {
      kit.AddCollector(std::make_unique<HangingTeardownCollector>());
    }
  });
}
