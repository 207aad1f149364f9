// kafka-mock-cluster: librdkafka's mock cluster on loopback, built from a
// scenario and steered by commands on stdin. See README.md.
#include <exporter_kit/build_info.h>
#include <exporter_kit/config.h>
#include <exporter_kit/logging.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include "cli_options.h"
#include "command_executor.h"
#include "default_scenario.h"
#include "mock_cluster/mock_cluster.h"
#include "rate_driver.h"
#include "scale_scenario.h"
#include "scenario.h"
#include "scenario_setup.h"
#include "timeline.h"
#include "workload.h"

namespace mock_cluster {
namespace {

constexpr int kExitBadConfig = 2;

// Destroying a mock cluster with tens of thousands of partitions can take
// minutes, so the process leaves without running destructors.
[[noreturn]] void Exit(int code) {
  std::fflush(stdout);
  std::fflush(stderr);
  _exit(code);
}

void PrintLine(const std::string& line) {
  std::fputs(line.c_str(), stdout);
  std::fputc('\n', stdout);
  std::fflush(stdout);
}

Scenario LoadScenario(const CliOptions& options) {
  const int64_t now = NowMs();
  if (options.scale.topics > 0) {
    return MakeScaleScenario(options.scale, options.brokers.value_or(3), now);
  }
  if (options.scenario_file) {
    return LoadScenarioFile(*options.scenario_file, now, options.brokers);
  }
  return ParseScenario(kDefaultScenario, now, options.brokers);
}

int Run(const CliOptions& options) {
  Scenario scenario;
  try {
    exporter_kit::SetupLogging(options.log_level, options.log_format);
    scenario = LoadScenario(options);
  } catch (const std::exception& e) {
    std::cerr << "kafka-mock-cluster: " << e.what() << "\n";
    return kExitBadConfig;
  }

  MockClusterOptions cluster_options;
  // Bulk history on large shapes needs time; commands wait request_timeout.
  cluster_options.delivery_timeout = std::chrono::seconds(30);
  cluster_options.request_timeout = std::chrono::seconds(5);
  cluster_options.producer_shards =
      std::min<int>(8, 1 + static_cast<int>(scenario.topics.size()) / 25);
  std::unique_ptr<MockCluster> cluster;
  std::unique_ptr<Workload> workload;
  try {
    cluster = std::make_unique<MockCluster>(scenario.brokers, cluster_options);
    workload = std::make_unique<Workload>(*cluster);
    ApplyScenario(scenario, *cluster, *workload);
  } catch (const std::exception& e) {
    spdlog::error("setup failed: {}", e.what());
    Exit(1);
  }

  CommandExecutor executor(*cluster, *workload, std::chrono::seconds(5));
  RateDriver driver(*workload);
  Timeline timeline(std::move(scenario.events), executor, [] { Exit(0); });
  PrintLine("READY " + cluster->bootstrap());
  spdlog::info("ready: bootstrap={}", cluster->bootstrap());

  std::string line;
  while (std::getline(std::cin, line)) {
    const Reply reply = executor.Execute(line);
    PrintLine(reply.text);
    if (reply.quit) break;
  }
  Exit(0);  // also on EOF
}

}  // namespace
}  // namespace mock_cluster

int main(int argc, char** argv) {
  using namespace mock_cluster;
  // A reader that closes stdout must not kill the cluster exporters watch.
  std::signal(SIGPIPE, SIG_IGN);
  CliOptions options;
  try {
    options = ParseCommandLine(argc, argv);
  } catch (const UsageError& e) {
    std::cerr << "kafka-mock-cluster: " << e.what()
              << "\nTry 'kafka-mock-cluster --help'.\n";
    return kExitBadConfig;
  }
  if (options.help) {
    std::cout << HelpText();
    return 0;
  }
  if (options.version) {
    std::cout << "kafka-mock-cluster version "
              << exporter_kit::build_info::kVersion << " (revision "
              << exporter_kit::build_info::kRevision << ")\n";
    return 0;
  }
  return Run(options);
}
