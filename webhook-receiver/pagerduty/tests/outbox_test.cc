#include "pagerduty/outbox.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_support/test_support.h"

namespace webhook_receiver::pagerduty {
namespace {

using std::chrono::system_clock;

const system_clock::time_point kT0{std::chrono::seconds(1'800'000'000)};

std::vector<std::string> Keys(const Outbox& outbox) {
  std::vector<std::string> keys;
  for (const auto& e : outbox.Pending()) keys.push_back(e->dedup_key);
  return keys;
}

TEST(OutboxTest, PendingEventsSurviveARestartInOrder) {
  test_support::TempDir dir;
  {
    Outbox outbox(dir.path());
    outbox.Add("oncall", "a", Action::kTrigger, R"({"event_action":"trigger"})", kT0);
    const auto b = outbox.Add("oncall", "b", Action::kTrigger, "{}", kT0);
    outbox.Add("oncall", "a", Action::kResolve, "{}", kT0 + std::chrono::seconds(5));
    outbox.Settle(b->seq, Settlement::kDelivered);
    outbox.Sync();
  }
  Outbox reopened(dir.path());
  EXPECT_THAT(Keys(reopened), ::testing::ElementsAre("a", "a"));
  const auto pending = reopened.Pending();
  EXPECT_EQ(pending[0]->action, Action::kTrigger);
  EXPECT_EQ(pending[0]->body, R"({"event_action":"trigger"})");
  EXPECT_EQ(pending[0]->enqueued_at, kT0);
  EXPECT_EQ(pending[1]->action, Action::kResolve);
  EXPECT_EQ(reopened.OldestEnqueuedAt(), kT0);
  // New events continue the sequence instead of reusing numbers.
  EXPECT_GT(reopened.Add("oncall", "c", Action::kTrigger, "{}", kT0)->seq,
            pending[1]->seq);
}

TEST(OutboxTest, CompactionKeepsOnlyLiveEvents) {
  test_support::TempDir dir;
  const auto log = dir.path() / "pagerduty-outbox.log";
  {
    Outbox outbox(dir.path());
    outbox.Add("oncall", "survivor", Action::kTrigger, "{}", kT0);
    for (int i = 0; i < 1000; ++i) {
      const auto e = outbox.Add("oncall", "k" + std::to_string(i),
                                Action::kTrigger, std::string(200, 'x'), kT0);
      outbox.Settle(e->seq, Settlement::kDelivered);
    }
    outbox.Sync();
    EXPECT_LT(std::filesystem::file_size(log), 100'000u)
        << "1000 settled events of 200 bytes were compacted away";
  }
  Outbox reopened(dir.path());
  EXPECT_THAT(Keys(reopened), ::testing::ElementsAre("survivor"));
}

TEST(OutboxTest, ASecondOpenerIsRefused) {
  test_support::TempDir dir;
  Outbox first(dir.path());
  EXPECT_THROW(Outbox second(dir.path()), std::runtime_error);
}

TEST(OutboxTest, EmptyOutboxHasNoOldestEvent) {
  test_support::TempDir dir;
  Outbox outbox(dir.path());
  EXPECT_EQ(outbox.size(), 0u);
  EXPECT_FALSE(outbox.OldestEnqueuedAt().has_value());
}

TEST(OutboxTest, SettlingTwiceOrUnknownIsHarmless) {
  test_support::TempDir dir;
  Outbox outbox(dir.path());
  const auto e = outbox.Add("oncall", "a", Action::kTrigger, "{}", kT0);
  outbox.Settle(e->seq, Settlement::kRejected);
  outbox.Settle(e->seq, Settlement::kDelivered);
  outbox.Settle(12345, Settlement::kDelivered);
  EXPECT_EQ(outbox.size(), 0u);
}

}  // namespace
}  // namespace webhook_receiver::pagerduty
