// kill -9 while the outbox is full, restart, and everything acknowledged as
// durable is delivered exactly once.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include "fake_pagerduty/fake_pagerduty.h"
#include "test_support/test_support.h"

namespace {

using fake_pagerduty::Behaviour;
using namespace std::chrono_literals;

const std::string kKey = "CRASHKEY0123456789abcdefABCDEF01";

TEST(CrashRestartTest, KillNineWithAFullOutboxThenEverythingDeliveredOnce) {
  const auto driver = test_support::FindBinary("pagerduty-outbox-driver");
  test_support::TempDir dir;
  fake_pagerduty::FakePagerDuty fake;
  fake.SetBehaviour(Behaviour::kServerError);  // PagerDuty is down
  // 110 events: under the 120/min rate limit, so the restart drains at once.

  int last_queued = -1;
  {
    test_support::ChildProcess first(
        {driver.string(), dir.path().string(), fake.base_url(), "110"},
        {{"PD_DRIVER_KEY", kKey}});
    ASSERT_TRUE(first.WaitForLine("QUEUED 60", 30s)) << first.Stderr();
    // Killed in the middle of an outage, once it has tried to send.
    ASSERT_TRUE(test_support::WaitFor([&] { return !fake.Requests().empty(); }, 10s));
    ASSERT_EQ(first.Stop(SIGKILL, 10s), 128 + SIGKILL);
    // Whatever else it printed before dying was durable too.
    while (auto line = first.WaitForLine("QUEUED ", 100ms)) {
      last_queued = std::stoi(line->substr(7));
    }
    last_queued = std::max(last_queued, 60);
  }
  EXPECT_TRUE(fake.Accepted().empty());

  fake.SetBehaviour(Behaviour::kAccept);
  test_support::ChildProcess second(
      {driver.string(), dir.path().string(), fake.base_url(), "0"},
      {{"PD_DRIVER_KEY", kKey}});
  ASSERT_TRUE(second.WaitForLine("DRAINED", 60s)) << second.Stderr();

  std::map<std::string, int> delivered;
  for (const auto& r : fake.Accepted()) ++delivered[r.body["dedup_key"]];
  for (int i = 0; i <= last_queued; ++i) {
    EXPECT_EQ(delivered["crash-" + std::to_string(i)], 1) << i;
  }
  for (const auto& [key, count] : delivered) EXPECT_EQ(count, 1) << key;
  EXPECT_EQ(fake.Incidents().size(), delivered.size());
}

}  // namespace
