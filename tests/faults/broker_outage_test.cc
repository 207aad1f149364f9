// The whole cluster going down and coming back while kafka-broker-exporter
// and kafka-lag-exporter run as real processes: every scrape answers within a
// second, kafka_up / broker reachability and the lag exporter's collector
// success flip to 0 and back, neither process dies.
// (One broker down is covered by the broker exporter's own integration test.)
#include <gtest/gtest.h>

#include <functional>

#include "fault_kit.h"
#include "test_support/test_support.h"

namespace faults {
namespace {

using namespace std::chrono_literals;

constexpr char kScenario[] = R"(
brokers: 3
topics:
  - name: orders
    partitions: 3
    leaders: {0: 1, 1: 2, 2: 3}
    messages:
      - {count: 20}
groups:
  - name: billing
    topics:
      - {topic: orders, lag: 5}
)";

class BrokerOutageTest : public ::testing::Test {
 protected:
  BrokerOutageTest()
      : mock_({test_support::FindBinary("kafka-mock-cluster").string(), "--scenario",
               dir_.Write("scenario.yml", kScenario).string(), "--log.level=warn"}) {
    const auto ready = mock_.WaitForLine("READY ", 60s);
    EXPECT_TRUE(ready) << mock_.Stderr();
    bootstrap_ = ready.value_or("READY ").substr(6);
  }

  void Command(const std::string& line) {
    mock_.SendLine(line);
    const auto reply = mock_.WaitForLine("", 10s);
    EXPECT_TRUE(reply && reply->starts_with("OK")) << line << ": " << reply.value_or("none");
  }

  /// Scrapes `exporter` (each scrape within a second) until `condition`.
  static std::string ScrapeUntil(const std::string& what, Served& exporter,
                                 const std::function<bool(const std::string&)>& condition,
                                 std::chrono::seconds timeout) {
    std::string text;
    EXPECT_TRUE(test_support::WaitFor(
        [&] {
          text = exporter.Scrape(1s);
          return condition(text);
        },
        timeout))
        << "waiting for " << what << ":\n" << text.substr(0, 6000);
    return text;
  }

  test_support::TempDir dir_;
  test_support::ChildProcess mock_;
  std::string bootstrap_;
};

constexpr char kLagCollectorSuccess[] =
    R"(kafka_lag_exporter_scrape_collector_success{collector="consumergroups"})";

bool HasLag(const std::string& text) {
  return SampleValue(text,
                     R"(kafka_consumergroup_lag{consumergroup="billing",topic="orders",partition="1"})") ==
         5;
}

TEST_F(BrokerOutageTest, WholeClusterDownThenUpWhileBothExportersRun) {
  std::vector<std::string> common{"--kafka.server=" + bootstrap_, "--collect.interval=300ms",
                                        "--collect.timeout=2s"};
  Served broker("kafka-broker-exporter", common);
  common.push_back("--kafka.groups=billing");
  Served lag("kafka-lag-exporter", common);
  ScrapeUntil("broker exporter up", broker, [](const std::string& t) {
    return SampleValue(t, "kafka_up") == 1 && SampleValue(t, R"(kafka_broker_up{id="3"})") == 1;
  }, 30s);
  ScrapeUntil("lag reported", lag, HasLag, 30s);

  for (int id = 1; id <= 3; ++id) Command("down " + std::to_string(id));
  auto text = ScrapeUntil("broker exporter sees the cluster down", broker, [](const std::string& t) {
    return SampleValue(t, "kafka_up") == 0 && SampleValue(t, R"(kafka_broker_up{id="1"})") == 0;
  }, 30s);
  EXPECT_EQ(test_support::PromtoolCheckMetrics(text), "");
  // The lag exporter's cycle fails; it says so and keeps serving the last
  // good text (the runtime's rule for a failed collection).
  text = ScrapeUntil("lag exporter reports the failed cycle", lag, [](const std::string& t) {
    return SampleValue(t, kLagCollectorSuccess) == 0;
  }, 30s);
  EXPECT_EQ(test_support::PromtoolCheckMetrics(text), "");
  // Several cycles into the outage, every scrape of both still answers fast.
  for (int i = 0; i < 10; ++i) {
    broker.Scrape(1s);
    lag.Scrape(1s);
    std::this_thread::sleep_for(300ms);  // spread the scrapes over collection cycles
  }
  EXPECT_TRUE(broker.process().Running()) << broker.process().Stderr();
  EXPECT_TRUE(lag.process().Running()) << lag.process().Stderr();

  for (int id = 1; id <= 3; ++id) Command("up " + std::to_string(id));
  ScrapeUntil("broker exporter recovered", broker, [](const std::string& t) {
    return SampleValue(t, "kafka_up") == 1 && SampleValue(t, R"(kafka_broker_up{id="1"})") == 1 &&
           SampleValue(t, R"(kafka_topic_partition_current_offset{topic="orders",partition="0"})") ==
               20;
  }, 60s);
  ScrapeUntil("lag exporter recovered", lag, [](const std::string& t) {
    return HasLag(t) && SampleValue(t, kLagCollectorSuccess) == 1;
  }, 60s);
  // A graceful stop after an outage must not hang (librdkafka teardown).
  EXPECT_EQ(broker.process().Stop(SIGTERM, 10s), 0) << "broker exporter stop: "
                                                    << broker.process().Stderr().substr(0, 3000);
  EXPECT_EQ(lag.process().Stop(SIGTERM, 10s), 0) << "lag exporter stop: "
                                                 << lag.process().Stderr().substr(0, 3000);
}

}  // namespace
}  // namespace faults
