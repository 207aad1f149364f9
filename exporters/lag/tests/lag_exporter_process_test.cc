// The kafka-lag-exporter binary as SREs run it, against the librdkafka mock
// cluster: values on /metrics, promtool, a restart mid-scenario, and exit
// code 2 for bad configuration.
#include <gtest/gtest.h>

#include <memory>

#include "metrics_text.h"
#include "mock_cluster/mock_cluster.h"
#include "test_support/test_support.h"

namespace lag_exporter {
namespace {

using mock_cluster::NowMs;
using testing::GroupSeries;
using testing::PartitionSeries;
using testing::SampleValue;
using namespace std::chrono_literals;

std::string Binary() {
  return test_support::FindBinary("kafka-lag-exporter").string();
}

// A running exporter, ready once its first cycle has completed.
class RunningExporter {
 public:
  RunningExporter(const std::string& bootstrap,
                  std::vector<std::string> extra = {})
      : port_(test_support::FreePort()) {
    std::vector<std::string> argv = {
        Binary(),
        "--kafka.server=" + bootstrap,
        "--web.listen-address=127.0.0.1:" + std::to_string(port_),
        "--collect.interval=300ms",
        "--collect.timeout=5s",
        "--status.window=3"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    process_ = std::make_unique<test_support::ChildProcess>(argv);
    ready_ = test_support::WaitFor(
        [&] { return test_support::HttpGet(Url("/-/ready")).status == 200; },
        20s);
  }
  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  std::string Metrics() const { return test_support::HttpGet(Url("/metrics")).body; }
  bool ready() const { return ready_; }
  test_support::ChildProcess& process() { return *process_; }

 private:
  int port_;
  std::unique_ptr<test_support::ChildProcess> process_;
  bool ready_ = false;
};

class LagExporterProcessTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { cluster_ = new mock_cluster::MockCluster(3); }
  static mock_cluster::MockCluster* cluster_;  // left to process exit
};
mock_cluster::MockCluster* LagExporterProcessTest::cluster_ = nullptr;

TEST_F(LagExporterProcessTest, ServesExactLagAndSurvivesARestart) {
  cluster_->CreateTopic("events", 2);
  const int64_t written = NowMs() - 300'000;
  cluster_->Produce("events", 0, {.count = 30, .timestamp_ms = written});
  cluster_->Produce("events", 1, {.count = 30, .timestamp_ms = written});
  cluster_->Commit("reporting", "events", {{0, 30}, {1, 12}});

  const int64_t expected_lag[] = {18, 10};
  for (int run = 0; run < 2; ++run) {
    RunningExporter exporter(cluster_->bootstrap(), {"--kafka.groups=reporting"});
    ASSERT_TRUE(exporter.ready()) << exporter.process().Stderr();
    const int64_t after_ready = NowMs();
    const auto text = exporter.Metrics();
    const int64_t scraped = NowMs();
    EXPECT_EQ(SampleValue(text, PartitionSeries("kafka_consumergroup_lag",
                                                "reporting", "events", 1)),
              expected_lag[run])
        << "run " << run;
    EXPECT_EQ(SampleValue(text, PartitionSeries("kafka_consumergroup_lag",
                                                "reporting", "events", 0)),
              0);
    // Exact on the first served cycle of every run: the records are 300 s
    // old, and the value was computed at most one cycle before the scrape.
    const auto seconds = SampleValue(
        text, GroupSeries("kafka_consumergroup_group_max_lag_seconds",
                          "reporting", "group"));
    ASSERT_TRUE(seconds.has_value()) << text;
    EXPECT_GE(*seconds, (after_ready - written) / 1000.0 - 6.0);
    EXPECT_LE(*seconds, (scraped - written) / 1000.0);
    EXPECT_EQ(test_support::PromtoolCheckMetrics(text), "");
    EXPECT_EQ(exporter.process().Stop(SIGTERM, 10s), 0);
    // The scenario moves on while the exporter is down.
    cluster_->Commit("reporting", "events", {{1, 20}});
  }
}

// SIGTERM while the reader thread is still working off a backlog (100
// groups at 100 offsets of one partition: 100 rounds, one offset each):
// the exporter stops its reads and exits cleanly, at once.
TEST_F(LagExporterProcessTest, ExitsPromptlyWhileRecordReadsAreInFlight) {
  cluster_->CreateTopic("deep", 1);
  cluster_->Produce("deep", 0, {.count = 200, .timestamp_ms = NowMs() - 60'000});
  std::string groups = "--kafka.groups=";
  for (int g = 0; g < 100; ++g) {
    const std::string group = "deep-" + std::to_string(g);
    cluster_->Commit(group, "deep", {{0, g}});
    groups += (g ? "," : "") + group;
  }
  RunningExporter exporter(cluster_->bootstrap(),
                           {groups, "--lag.seconds.read-budget=1s",
                            "--lag.seconds.wait-limit=0"});
  ASSERT_TRUE(exporter.ready()) << exporter.process().Stderr();
  const auto queued = SampleValue(exporter.Metrics(), "kafka_lag_exporter_record_reads_queued");
  ASSERT_TRUE(queued.has_value());
  EXPECT_GT(*queued, 0);  // the reads are still going on
  EXPECT_EQ(exporter.process().Stop(SIGTERM, 10s), 0) << exporter.process().Stderr();
}

TEST_F(LagExporterProcessTest, BadConfigurationExitsWithCodeTwo) {
  const std::vector<std::vector<std::string>> bad = {
      {"--shard=2/2"},
      {"--metrics.granularity=cluster"},
      {"--group.filter=("},
      {"--kafka.describe-groups=maybe"},
      {"--kafka.discover-groups=false"},  // and no --kafka.groups
      {"--status.window=0"},
      {"--status.window=5000"},
      {"--lag.seconds.read-budget=0s"},
      {"--lag.seconds.wait-limit=-1"},
      {"--lag.seconds.max-reads=-5"},
      {"--group.topics=no-topics"},
  };
  for (const auto& flags : bad) {
    std::vector<std::string> argv = {Binary(), "--kafka.server=127.0.0.1:1",
                                     "--check-config"};
    argv.insert(argv.end(), flags.begin(), flags.end());
    const auto result = test_support::RunCommand(argv);
    EXPECT_EQ(result.exit_code, 2) << flags[0] << ": " << result.output;
    const auto flag = flags[0].substr(0, flags[0].find('='));
    EXPECT_NE(result.output.find(flag == "--kafka.discover-groups"
                                     ? "--kafka.groups"
                                     : flag),
              std::string::npos)
        << result.output;
  }
}

}  // namespace
}  // namespace lag_exporter
