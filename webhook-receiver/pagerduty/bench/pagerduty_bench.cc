// pagerduty_bench: how fast the pieces of the paging path are.
//  - building a typical trigger body, and an oversized one (custom_details
//    dropped);
//  - Outbox::Add (append + fsync: what Trigger() costs the receiver);
//  - replaying an outbox of 10,000 pending events at start-up;
//  - delivering 2,000 events to the loopback fake through libcurl.
// Prints one line per measurement.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <string>

#include <unistd.h>

#include "fake_pagerduty/fake_pagerduty.h"
#include "pagerduty/curl_sender.h"
#include "pagerduty/delivery_stats.h"
#include "pagerduty/dispatcher.h"
#include "pagerduty/event_builder.h"
#include "pagerduty/outbox.h"

namespace {

using namespace webhook_receiver;
using namespace webhook_receiver::pagerduty;
using Wall = std::chrono::steady_clock;

double Seconds(Wall::time_point start) {
  return std::chrono::duration<double>(Wall::now() - start).count();
}

void Report(const char* what, int n, double seconds) {
  std::printf("%-44s %8d ops %10.3f s %12.0f ops/s %10.1f us/op\n", what, n,
              seconds, n / seconds, seconds * 1e6 / n);
}

EscalationEvent TypicalEvent(int i) {
  EscalationEvent e;
  e.target = "oncall";
  e.dedup_key = "amrx:" + std::to_string(i);
  e.summary = "Remediation failed: KafkaLogDirFillingUp on broker-2 (retention "
              "lowered, still 93%)";
  e.source = "prod-eu/broker-2";
  e.severity = "critical";
  e.component = "kafka-broker";
  e.group = "prod-eu";
  e.event_class = "disk";
  e.timestamp = std::chrono::system_clock::now();
  e.custom_details = {{"fingerprint", "c7244ae83ae3fea1"},
                      {"action", "kafka.lower_retention"},
                      {"attempts", {{{"at", "10:01"}, {"result", "ok"}},
                                    {{"at", "10:06"}, {"result", "still 93%"}}}},
                      {"labels", {{"cluster", "prod-eu"}, {"topic", "orders"}}}};
  e.links = {{"https://runbooks.example.com/kafka/disk", "Runbook"},
             {"http://prometheus-0:9090/graph?g0.expr=x", "Source"}};
  return e;
}

template <typename F>
void Time(const char* what, int n, F&& body) {
  const auto start = Wall::now();
  for (int i = 0; i < n; ++i) body(i);
  Report(what, n, Seconds(start));
}

}  // namespace

int main() {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("pagerduty_bench." + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  const EventStyle style;

  std::size_t sink = 0;
  Time("build trigger body (typical, ~0.9 KB)", 20000,
       [&](int i) { sink += BuildTriggerBody(TypicalEvent(i), style).size(); });
  auto huge = TypicalEvent(0);
  huge.custom_details = {{"log", std::string(600'000, 'x')}};
  Time("build trigger body (600 KB details, cut)", 50,
       [&](int) { sink += BuildTriggerBody(huge, style).size(); });

  const std::string body = BuildTriggerBody(TypicalEvent(0), style);
  {
    Outbox outbox(dir);
    Time("outbox add (append + fsync)", 2000, [&](int i) {
      outbox.Add("oncall", "k" + std::to_string(i), Action::kTrigger, body,
                 std::chrono::system_clock::now());
    });
    for (int i = 2000; i < 10000; ++i) {
      outbox.Add("oncall", "k" + std::to_string(i), Action::kTrigger, body,
                 std::chrono::system_clock::now());
    }
  }
  {
    const auto start = Wall::now();
    Outbox reopened(dir);
    Report("replay outbox of 10000 pending events", 1, Seconds(start));
    sink += reopened.size();
  }
  std::filesystem::remove_all(dir);

  {
    fake_pagerduty::FakePagerDuty fake;
    Outbox outbox(dir);
    for (int i = 0; i < 2000; ++i) {
      outbox.Add("oncall", "d" + std::to_string(i), Action::kTrigger, body,
                 std::chrono::system_clock::now());
    }
    CurlSender sender(std::chrono::seconds(5));
    DeliveryStats stats(nullptr);
    DispatchOptions options;
    options.base_url = fake.base_url();
    options.rate_limit_per_minute = 1'000'000;  // measure the path, not PagerDuty's limit
    Dispatcher dispatcher(outbox, sender, {{"oncall", std::string(32, 'k')}},
                          options, stats,
                          [] { return std::chrono::system_clock::now(); }, 1);
    const auto start = Wall::now();
    while (outbox.size() > 0) dispatcher.RunOnce();
    Report("deliver to loopback fake (HTTP + settle)", 2000, Seconds(start));

    auto large = TypicalEvent(0);
    large.custom_details = {{"log", std::string(100'000, 'x')}};
    const std::string large_body = BuildTriggerBody(large, style);
    for (int i = 0; i < 200; ++i) {
      outbox.Add("oncall", "l" + std::to_string(i), Action::kTrigger, large_body,
                 std::chrono::system_clock::now());
    }
    const auto large_start = Wall::now();
    while (outbox.size() > 0) dispatcher.RunOnce();
    Report("deliver 100 KB events to loopback fake", 200, Seconds(large_start));
  }
  std::filesystem::remove_all(dir);
  return sink == 0 ? 1 : 0;
}
