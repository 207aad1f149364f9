// The real binary on a real fixture tree: readiness, the scrape, promtool,
// exact values, a change seen by the next cycle, config discovery from
// server.properties, and exit code 2 with a named flag for bad config.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "log_dir_fixture.h"
#include "test_support/test_support.h"

namespace kafka_disk {
namespace {

using std::chrono::milliseconds;
using ::testing::HasSubstr;

class ExporterTest : public ::testing::Test {
 protected:
  ExporterTest() : log_dir_(temp_.path() / "kafka-logs") {
    testing::MakeRootFiles(log_dir_);
    for (int p = 0; p < 3; ++p) {
      testing::MakePartition(log_dir_, "orders-" + std::to_string(p), spec_);
    }
    testing::MakePartition(
        log_dir_, "orders-9.0a1b2c3d4e5f60718293a4b5c6d7e8f9-delete", spec_);
    testing::SetAgeSeconds(log_dir_, 60);
  }

  std::unique_ptr<test_support::ChildProcess> Start(
      std::vector<std::string> flags) {
    port_ = test_support::FreePort();
    std::vector<std::string> argv{
        test_support::FindBinary("kafka-disk-exporter").string(),
        "--web.listen-address=127.0.0.1:" + std::to_string(port_),
        "--collect.interval=200ms", "--collect.timeout=2s"};
    argv.insert(argv.end(), flags.begin(), flags.end());
    auto child = std::make_unique<test_support::ChildProcess>(argv);
    const bool ready = test_support::WaitFor(
        [&] { return test_support::HttpGet(Url("/-/ready")).status == 200; },
        milliseconds(10000));
    EXPECT_TRUE(ready) << child->Stderr();
    return child;
  }

  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

  std::string Sample(const std::string& text, const std::string& series) {
    const auto at = text.find("\n" + series + " ");
    if (at == std::string::npos) return "<absent>";
    const auto start = at + series.size() + 2;
    return text.substr(start, text.find('\n', start) - start);
  }

  test_support::TempDir temp_;
  std::filesystem::path log_dir_;
  testing::PartitionSpec spec_;
  int port_ = 0;
};

TEST_F(ExporterTest, ServesExactValuesThatPassPromtool) {
  auto child = Start({"--kafka.log-dirs=" + log_dir_.string()});
  const auto response = test_support::HttpGet(Url("/metrics"));
  ASSERT_EQ(response.status, 200);
  const std::string& text = response.body;
  EXPECT_EQ(test_support::PromtoolCheckMetrics(text), "");

  const std::string dir = "log_dir=\"" + log_dir_.string() + "\"";
  const std::string p1 = "{" + dir + ",topic=\"orders\",partition=\"1\"}";
  EXPECT_EQ(Sample(text, "kafka_logdir_partition_size_bytes" + p1),
            std::to_string(testing::PartitionApparentBytes(spec_)));
  EXPECT_EQ(Sample(text, "kafka_logdir_partition_allocated_bytes" + p1),
            std::to_string(testing::PartitionAllocatedBytes(spec_)));
  EXPECT_EQ(Sample(text, "kafka_logdir_partition_segments" + p1), "3");
  EXPECT_EQ(Sample(text, "kafka_logdir_directories{" + dir + ",kind=\"live\"}"),
            "3");
  EXPECT_EQ(
      Sample(text, "kafka_logdir_directories{" + dir + ",kind=\"delete\"}"),
      "1");
  EXPECT_EQ(Sample(text, "kafka_logdir_fs_readonly{" + dir + "}"), "0");
  EXPECT_EQ(Sample(text, "kafka_logdir_walk_stale{" + dir + "}"), "0");
  EXPECT_EQ(Sample(text, "kafka_logdir_walk_success{" + dir + "}"), "1");
  EXPECT_THAT(text, HasSubstr("kafka_logdir_fs_info{" + dir + ",device=\""));
  EXPECT_THAT(text, HasSubstr("kafka_disk_exporter_scrape_collector_success{"
                              "collector=\"logdir\"} 1"));

  // An append to an active segment appears in a later cycle.
  testing::AppendBytes(
      log_dir_ / "orders-1" / (testing::SegmentStem(2000) + ".log"), 4096);
  const std::string expected =
      std::to_string(testing::PartitionApparentBytes(spec_) + 4096);
  EXPECT_TRUE(test_support::WaitFor(
      [&] {
        return Sample(test_support::HttpGet(Url("/metrics")).body,
                      "kafka_logdir_partition_size_bytes" + p1) == expected;
      },
      milliseconds(5000)));
  EXPECT_EQ(Sample(test_support::HttpGet(Url("/metrics")).body,
                   "kafka_logdir_written_bytes_total{" + dir + "}"),
            "4096");
  EXPECT_EQ(child->Stop(SIGTERM, milliseconds(5000)), 0);
}

TEST_F(ExporterTest, DiscoversLogDirsFromServerProperties) {
  const auto missing = temp_.path() / "not-mounted-yet";
  const auto properties = temp_.Write(
      "server.properties", "broker.id=1\nlog.dirs=" + log_dir_.string() + "," +
                               missing.string() + "\n");
  auto child = Start({"--kafka.server-properties=" + properties.string(),
                      "--metrics.granularity=topic"});
  const std::string text = test_support::HttpGet(Url("/metrics")).body;
  EXPECT_EQ(test_support::PromtoolCheckMetrics(text), "");
  EXPECT_EQ(Sample(text, "kafka_logdir_topic_partitions{log_dir=\"" +
                             log_dir_.string() + "\",topic=\"orders\"}"),
            "3");
  // A log dir that does not exist yet is reported, not fatal.
  const std::string gone = "{log_dir=\"" + missing.string() + "\"}";
  EXPECT_EQ(Sample(text, "kafka_logdir_walk_success" + gone), "0");
  EXPECT_EQ(Sample(text, "kafka_logdir_fs_device_error" + gone), "1");
  EXPECT_THAT(text, HasSubstr("kafka_logdir_walk_errors_total{log_dir=\"" +
                              missing.string() + "\",reason=\"not_found\"}"));
  EXPECT_EQ(text.find("kafka_logdir_partition_"), std::string::npos);
}

TEST_F(ExporterTest, BadConfigExitsWithTwoAndNamesTheFlag) {
  const std::string binary =
      test_support::FindBinary("kafka-disk-exporter").string();
  const std::string dirs = "--kafka.log-dirs=" + log_dir_.string();
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
      {{}, "--kafka.log-dirs"},
      {{dirs, "--kafka.server-properties=/etc/x"}, "--kafka.log-dirs"},
      {{"--kafka.log-dirs=relative/dir"}, "not an absolute path"},
      {{"--kafka.log-dirs=/a,/a/"}, "listed twice"},
      {{"--kafka.log-dirs= , "}, "no directory given"},
      {{"--kafka.server-properties=" + (temp_.path() / "none").string()},
       "--kafka.server-properties"},
      {{dirs, "--metrics.granularity=broker"}, "--metrics.granularity"},
      {{dirs, "--walk.full-interval=0s"}, "--walk.full-interval"},
      {{dirs, "--growth.window=1h", "--growth.bucket=30m"}, "--growth.bucket"},
      {{dirs, "--walk.timeout=soon"}, "walk.timeout"},
  };
  for (const auto& [flags, message] : cases) {
    std::vector<std::string> argv{binary, "--check-config"};
    argv.insert(argv.end(), flags.begin(), flags.end());
    const auto result = test_support::RunCommand(argv);
    EXPECT_EQ(result.exit_code, 2) << result.output;
    EXPECT_THAT(result.output, HasSubstr(message));
  }
  const auto ok = test_support::RunCommand({binary, "--check-config", dirs});
  EXPECT_EQ(ok.exit_code, 0) << ok.output;
}

}  // namespace
}  // namespace kafka_disk
