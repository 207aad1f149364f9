// The kafka-broker-exporter binary against the kafka-mock-cluster binary,
// both as real processes on loopback: exact values on /metrics, an offline
// partition, a broker going down and coming back, promtool, and bad
// configuration refused with exit code 2.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>

#include "metrics_text.h"
#include "test_support/test_support.h"

namespace broker_exporter {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Not;
using test_support::ChildProcess;

constexpr char kScenario[] = R"(
brokers: 3
topics:
  - name: orders
    partitions: 3
    leaders: {0: 1, 1: 2, 2: 3}
    messages:
      - {count: 10}
  - name: audit
    partitions: 1
)";

class BrokerExporterIntegrationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test_support::TempDir();
    mock_ = new ChildProcess({test_support::FindBinary("kafka-mock-cluster"),
                              "--scenario",
                              dir_->Write("scenario.yml", kScenario).string(),
                              "--log.level=warn"});
    const auto ready = mock_->WaitForLine("READY ", 60s);
    ASSERT_TRUE(ready) << mock_->Stderr();
    bootstrap_ = ready->substr(6);
    port_ = test_support::FreePort();
    exporter_ = new ChildProcess(
        {test_support::FindBinary("kafka-broker-exporter"),
         "--kafka.server=" + bootstrap_,
         "--web.listen-address=127.0.0.1:" + std::to_string(port_),
         "--collect.interval=300ms", "--collect.timeout=2s",
         "--topic.exclude=audit"});
    ASSERT_TRUE(test_support::WaitFor(
        [] { return test_support::HttpGet(Url("/-/ready")).status == 200; }, 30s))
        << exporter_->Stderr();
  }
  static void TearDownTestSuite() {
    delete exporter_;
    delete mock_;
    delete dir_;
  }

  static std::string Url(const std::string& path) {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  static std::string Scrape() {
    const auto result = test_support::HttpGet(Url("/metrics"));
    EXPECT_EQ(result.status, 200) << result.error;
    return result.body;
  }
  /// Sends a command to the mock cluster and returns its "OK ..." reply,
  /// retrying while the mock's own client catches up with leader changes.
  static std::string Command(const std::string& line) {
    std::string reply;
    EXPECT_TRUE(test_support::WaitFor(
        [&] {
          mock_->SendLine(line);
          reply = mock_->WaitForLine("", 10s).value_or("none");
          return reply.starts_with("OK");
        },
        15s))
        << line << ": " << reply;
    return reply;
  }
  static std::optional<double> Partition(const std::string& text,
                                         const char* name, int partition) {
    return SampleValue(text, PartitionSeries(name, "orders", partition));
  }
  /// Scrapes until `condition` holds for a scrape; returns that scrape.
  static std::string ScrapeUntil(
      const std::function<bool(const std::string&)>& condition,
      std::chrono::seconds timeout = 20s) {
    std::string text;
    EXPECT_TRUE(test_support::WaitFor(
        [&] {
          text = Scrape();
          return condition(text);
        },
        timeout))
        << text;
    return text;
  }

  static inline test_support::TempDir* dir_ = nullptr;
  static inline ChildProcess* mock_ = nullptr;
  static inline ChildProcess* exporter_ = nullptr;
  static inline std::string bootstrap_;
  static inline int port_ = 0;
};

TEST_F(BrokerExporterIntegrationTest, ExposesExactClusterFactsThatPassPromtool) {
  // The mock's own view of partition 1, through its ListOffsets path.
  const auto offsets = Command("offsets orders 1");
  EXPECT_THAT(offsets, HasSubstr("low=0 high=10"));
  const auto text = ScrapeUntil([](const std::string& t) {
    return SampleValue(t, "kafka_up") == 1 &&
           Partition(t, "kafka_topic_partition_current_offset", 1).has_value();
  });
  EXPECT_EQ(SampleValue(text, "kafka_brokers"), 3);
  EXPECT_EQ(SampleValue(text, R"(kafka_topic_partitions{topic="orders"})"), 3);
  EXPECT_EQ(text.find(R"(topic="audit")"), std::string::npos);
  for (int p = 0; p < 3; ++p) {
    EXPECT_EQ(Partition(text, "kafka_topic_partition_current_offset", p), 10) << p;
    EXPECT_EQ(Partition(text, "kafka_topic_partition_oldest_offset", p), 0) << p;
    EXPECT_EQ(Partition(text, "kafka_topic_partition_leader", p), p + 1) << p;
    EXPECT_EQ(Partition(text, "kafka_topic_partition_replicas", p), 3) << p;
  }
  EXPECT_EQ(test_support::PromtoolCheckMetrics(text), "");
}

TEST_F(BrokerExporterIntegrationTest, RoundTripTimesFromTheClientStatisticsForEveryBroker) {
  const auto text = ScrapeUntil([](const std::string& t) {
    for (const char* id : {"1", "2", "3"}) {
      const auto average = SampleValue(
          t, std::string("kafka_broker_rtt_average_seconds{id=\"") + id + "\"}");
      if (!average || *average <= 0) return false;
    }
    return true;
  });
  for (const char* id : {"1", "2", "3"}) {
    const auto p99 = SampleValue(text, std::string("kafka_broker_rtt_p99_seconds{id=\"") + id + "\"}");
    ASSERT_TRUE(p99.has_value()) << id;
    EXPECT_GT(*p99, 0) << id;
    EXPECT_LT(*p99, 5.0) << id;  // loopback: well under the request timeout
  }
}

TEST_F(BrokerExporterIntegrationTest, OfflinePartitionThenLeaderBack) {
  Command("leader orders 2 -1");
  auto text = ScrapeUntil([](const std::string& t) {
    return Partition(t, "kafka_topic_partition_leader", 2) == -1;
  });
  EXPECT_EQ(SampleValue(text, R"(kafka_topic_offline_partitions{topic="orders"})"), 1);
  EXPECT_EQ(Partition(text, "kafka_topic_partition_current_offset", 2), std::nullopt);

  Command("leader orders 2 3");
  text = ScrapeUntil([](const std::string& t) {
    return Partition(t, "kafka_topic_partition_current_offset", 2) == 10;
  });
  EXPECT_EQ(SampleValue(text, R"(kafka_topic_offline_partitions{topic="orders"})"), 0);
}

TEST_F(BrokerExporterIntegrationTest, BrokerDownFailsOnlyItsPartitionsAndRecovers) {
  ScrapeUntil([](const std::string& t) {
    return SampleValue(t, R"(kafka_broker_up{id="2"})") == 1;
  });
  Command("down 2");
  auto text = ScrapeUntil([](const std::string& t) {
    return SampleValue(t, R"(kafka_broker_up{id="2"})") == 0 &&
           SampleValue(t, R"(kafka_broker_exporter_offsets_failed_partitions{leader="2"})") == 1;
  });
  // The cycle still completes within its deadline, with the rest fresh.
  EXPECT_EQ(SampleValue(text, R"(kafka_broker_exporter_scrape_collector_success{collector="broker"})"), 1);
  EXPECT_EQ(SampleValue(text, "kafka_up"), 1);
  EXPECT_EQ(Partition(text, "kafka_topic_partition_current_offset", 1), std::nullopt);
  EXPECT_EQ(Partition(text, "kafka_topic_partition_current_offset", 0), 10);

  Command("up 2");
  text = ScrapeUntil(
      [](const std::string& t) {
        return SampleValue(t, R"(kafka_broker_up{id="2"})") == 1 &&
               Partition(t, "kafka_topic_partition_current_offset", 1) == 10;
      },
      30s);
  EXPECT_EQ(SampleValue(text, R"(kafka_broker_exporter_offsets_failed_partitions{leader="2"})"), 0);
}

test_support::CommandResult RunExporter(std::vector<std::string> args) {
  args.insert(args.begin(), test_support::FindBinary("kafka-broker-exporter"));
  return test_support::RunCommand(args);
}

TEST(BrokerExporterConfigTest, BadConfigurationExitsWithCodeTwoNamingTheProblem) {
  auto result = RunExporter({"--topic.filter=orders(", "--check-config"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.output, HasSubstr("--topic.filter"));

  result = RunExporter({"--kafka.config=no.such.key=1", "--check-config"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.output, HasSubstr("no.such.key"));

  result = RunExporter({"--kafka.sasl.mechanism=KERBEROS5", "--check-config"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.output, HasSubstr("--kafka.sasl.mechanism"));

  result = RunExporter({"--topic.config-refresh-interval=5 minutes"});
  EXPECT_EQ(result.exit_code, 2);
}

TEST(BrokerExporterConfigTest, CheckConfigNeverPrintsSecrets) {
  const auto result = RunExporter(
      {"--kafka.sasl.mechanism=PLAIN", "--kafka.sasl.username=alice",
       "--kafka.sasl.password=hunter2", "--kafka.config=ssl.key.password=p4ss",
       "--kafka.server=127.0.0.1:1", "--check-config"});
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_THAT(result.output, HasSubstr("alice"));
  EXPECT_THAT(result.output, Not(HasSubstr("hunter2")));
  EXPECT_THAT(result.output, Not(HasSubstr("p4ss")));
}

}  // namespace
}  // namespace broker_exporter
