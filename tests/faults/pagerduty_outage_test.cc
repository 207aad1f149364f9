// The PagerDuty endpoint (the fake-pagerduty binary) failing with 500, then
// hanging, with a kill -9 of the receiver in the middle, then back: every
// page is delivered exactly once after the outage.
// (The delivery logic's outage, hang and restart cases run in simulated time
// in the pagerduty library's own tests; this runs the real binaries.)
#include <gtest/gtest.h>

#include <csignal>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "fault_kit.h"
#include "test_support/test_support.h"

namespace faults {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

constexpr int kPages = 8;
constexpr char kRoutingKey[] = "R0UT1NGKEYR0UT1NGKEYR0UT1NGKEY32";

class FakePagerDutyProcess {
 public:
  FakePagerDutyProcess()
      : process_({test_support::FindBinary("fake-pagerduty").string(), "--port", "0",
                  "--behaviour", "500"}) {
    const auto ready = process_.WaitForLine("READY ", 10s);
    EXPECT_TRUE(ready) << process_.Stderr();
    port_ = std::stoi(ready.value_or("READY 0").substr(6));
  }
  int port() const { return port_; }
  void SetBehaviour(const std::string& behaviour) {
    test_support::HttpOptions options;
    options.method = "PUT";
    options.body = behaviour;
    EXPECT_EQ(test_support::HttpRequest(Url("/fake/behaviour"), options).status, 200);
  }
  /// dedup_key -> accepted trigger events.
  std::map<std::string, int> AcceptedTriggers() const {
    std::map<std::string, int> triggers;
    std::istringstream lines(test_support::HttpGet(Url("/fake/events")).body);
    for (std::string line; std::getline(lines, line);) {
      const json event = json::parse(line)["event"];
      if (event["event_action"] == "trigger") ++triggers[event["dedup_key"]];
    }
    return triggers;
  }

 private:
  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  test_support::ChildProcess process_;
  int port_ = 0;
};

double Metric(Served& receiver, const std::string& series) {
  return SampleValue(receiver.Scrape(), series).value_or(-1);
}

TEST(PagerDutyOutageTest, PagesQueuedThroughErrorsHangsAndACrashAreDeliveredOnce) {
  FakePagerDutyProcess pagerduty;
  test_support::TempDir dir;
  const std::vector<std::string> flags{"--storage.path=" + (dir.path() / "data").string(),
                                       "--config.file=" +
                                           dir.Write("r.yml", PagingConfig("http://127.0.0.1:" + std::to_string(pagerduty.port()),
                                                  "KWR_FAULT_PD_KEY"))
                    .string()};
  const std::map<std::string, std::string> env{{"KWR_FAULT_PD_KEY", kRoutingKey}};
  {
    Served receiver("kafka-webhook-receiver", flags, "/-/healthy", env);
    for (int i = 0; i < kPages; ++i) {
      ASSERT_EQ(receiver.Post("/api/v1/alerts", AlertBody(i)).status, 200);
    }
    // 500s: every page stays queued and is retried.
    EXPECT_TRUE(test_support::WaitFor(
        [&] {
          return Metric(receiver, "kafka_webhook_receiver_pagerduty_outbox_events") == kPages &&
                 Metric(receiver,
                        R"(kafka_webhook_receiver_pagerduty_retries_total{reason="server_error"})") >=
                     2 * kPages;
        },
        20s))
        << receiver.Scrape();
    // A hanging endpoint: requests time out and are retried.
    pagerduty.SetBehaviour("hang");
    EXPECT_TRUE(test_support::WaitFor(
        [&] {
          return Metric(receiver,
                        R"(kafka_webhook_receiver_pagerduty_retries_total{reason="network_error"})") >=
                 2;
        },
        20s))
        << receiver.Scrape();
    EXPECT_TRUE(pagerduty.AcceptedTriggers().empty());
    receiver.process().Stop(SIGKILL, 5s);
  }
  Served restarted("kafka-webhook-receiver", flags, "/-/healthy", env);
  EXPECT_EQ(Metric(restarted, "kafka_webhook_receiver_pagerduty_outbox_events"), kPages);
  pagerduty.SetBehaviour("accept");
  EXPECT_TRUE(test_support::WaitFor(
      [&] { return Metric(restarted, "kafka_webhook_receiver_pagerduty_outbox_events") == 0; }, 30s))
      << restarted.Scrape();
  const auto triggers = pagerduty.AcceptedTriggers();
  EXPECT_EQ(triggers.size(), static_cast<size_t>(kPages));
  for (const auto& [key, count] : triggers) EXPECT_EQ(count, 1) << key << " delivered twice";
  // Alertmanager repeating the same firing alerts pages nobody again.
  for (int i = 0; i < kPages; ++i) {
    ASSERT_EQ(restarted.Post("/api/v1/alerts", AlertBody(i)).status, 200);
  }
  EXPECT_TRUE(test_support::WaitFor(
      [&] {
        return Metric(restarted, R"(kafka_webhook_receiver_decisions_total{decision="duplicate"})") ==
               kPages;
      },
      10s));
  EXPECT_EQ(pagerduty.AcceptedTriggers(), triggers);
}

}  // namespace
}  // namespace faults
