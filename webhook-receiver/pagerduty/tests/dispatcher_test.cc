// The delivery rules against a real loopback HTTP endpoint (FakePagerDuty)
// through the real libcurl sender; only time is simulated, so minutes of
// outage and backoff take milliseconds.
#include "pagerduty/dispatcher.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <atomic>

#include "fake_pagerduty/fake_pagerduty.h"
#include "pagerduty/curl_sender.h"
#include "pagerduty/event_builder.h"
#include "test_support/test_support.h"

namespace webhook_receiver::pagerduty {
namespace {

using fake_pagerduty::Behaviour;
using fake_pagerduty::FakePagerDuty;
using namespace std::chrono_literals;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using TimePoint = std::chrono::system_clock::time_point;

const std::string kOncallKey = "0NCALLKEY123456789abcdefABCDEF01";
const std::string kTeamKey = "TEAMKEY00123456789abcdefABCDEF01";

// One endpoint for the whole suite: civetweb takes ~2 s to shut down.
class DispatcherTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { fake_ = new FakePagerDuty(); }
  static void TearDownTestSuite() {
    delete fake_;
    fake_ = nullptr;
  }

  void SetUp() override {
    fake_->Reset();
    Open({{"oncall", kOncallKey}, {"team", kTeamKey}});
  }

  // (Re)creates the outbox and dispatcher, as a restart would.
  void Open(std::map<std::string, std::string> routing_keys) {
    dispatcher_.reset();
    outbox_.reset();
    outbox_ = std::make_unique<Outbox>(dir_.path());
    DispatchOptions options;
    options.base_url = fake_->base_url();
    dispatcher_ = std::make_unique<Dispatcher>(
        *outbox_, sender_, std::move(routing_keys), options, stats_,
        [this] { return now_; }, 1234);
  }

  void Trigger(const std::string& key, const std::string& target = "oncall") {
    EscalationEvent event;
    event.target = target;
    event.dedup_key = key;
    event.summary = "Remediation failed for " + key;
    event.source = "prod-eu/broker-1";
    event.severity = "critical";
    outbox_->Add(target, key, Action::kTrigger, BuildTriggerBody(event, {}), now_);
  }
  void Resolve(const std::string& key, const std::string& target = "oncall") {
    outbox_->Add(target, key, Action::kResolve,
                 BuildStateChangeBody("resolve", key), now_);
  }

  // Runs the dispatcher, jumping the simulated clock to each wake-up time,
  // until the outbox is empty or the clock passes `until`. Returns the
  // number of RunOnce calls.
  int RunUntil(TimePoint until) {
    int runs = 0;
    while (auto wake = dispatcher_->RunOnce()) {
      ++runs;
      if (*wake > until) break;
      now_ = std::max(now_, *wake);
    }
    return runs;
  }

  std::vector<std::string> AcceptedActionsFor(const std::string& key) const {
    std::vector<std::string> actions;
    for (const auto& r : fake_->Accepted()) {
      if (r.body.value("dedup_key", "") == key) {
        actions.push_back(r.body["event_action"].get<std::string>());
      }
    }
    return actions;
  }

  static FakePagerDuty* fake_;
  test_support::TempDir dir_;
  TimePoint now_{std::chrono::seconds(1'800'000'000)};
  CurlSender sender_{2s};
  DeliveryStats stats_{nullptr};
  std::unique_ptr<Outbox> outbox_;
  std::unique_ptr<Dispatcher> dispatcher_;
};

FakePagerDuty* DispatcherTest::fake_ = nullptr;

TEST_F(DispatcherTest, TriggerThenResolveWithTheSameKey) {
  Trigger("episode-1");
  Resolve("episode-1");
  RunUntil(now_ + 1min);
  EXPECT_EQ(outbox_->size(), 0u);
  EXPECT_THAT(AcceptedActionsFor("episode-1"), ElementsAre("trigger", "resolve"));
  const auto incidents = fake_->Incidents();
  ASSERT_EQ(incidents.size(), 1u);
  EXPECT_EQ(incidents[0].status, "resolved");
  EXPECT_EQ(incidents[0].routing_key, kOncallKey);
}

TEST_F(DispatcherTest, DuplicateTriggersCollapseToOneIncident) {
  for (int i = 0; i < 3; ++i) Trigger("episode-1");  // repeats, HA twins
  RunUntil(now_ + 1min);
  const auto incidents = fake_->Incidents();
  ASSERT_EQ(incidents.size(), 1u);
  EXPECT_EQ(incidents[0].triggers, 3);
  EXPECT_EQ(incidents[0].status, "triggered");
}

TEST_F(DispatcherTest, OutageOfSeveralMinutesLosesNothing) {
  fake_->SetBehaviour(Behaviour::kServerError);
  for (int i = 0; i < 10; ++i) Trigger("episode-" + std::to_string(i));
  for (int i = 0; i < 10; i += 2) Resolve("episode-" + std::to_string(i));
  const TimePoint outage_end = now_ + 12min;
  RunUntil(outage_end);
  EXPECT_EQ(outbox_->size(), 15u) << "nothing is lost or given up";
  const auto attempts = fake_->Requests().size();
  // Backing off, the routing key is tried about once per backoff step
  // (5 s doubling up to 5 min), not once per event per step.
  EXPECT_GE(attempts, 5u);
  EXPECT_LE(attempts, 12u);
  EXPECT_GE(stats_.Status()["retries"]["server_error"].get<double>(), 5.0);

  now_ = outage_end;
  fake_->SetBehaviour(Behaviour::kAccept);
  RunUntil(now_ + 10min);
  EXPECT_EQ(outbox_->size(), 0u);
  EXPECT_EQ(fake_->Accepted().size(), 15u);
  for (int i = 0; i < 10; ++i) {
    const auto key = "episode-" + std::to_string(i);
    if (i % 2 == 0) {
      EXPECT_THAT(AcceptedActionsFor(key), ElementsAre("trigger", "resolve"));
    } else {
      EXPECT_THAT(AcceptedActionsFor(key), ElementsAre("trigger"));
    }
  }
  EXPECT_EQ(stats_.Status()["events"]["trigger"]["delivered"], 10.0);
}

TEST_F(DispatcherTest, ResolveNeverOvertakesItsTriggerUnderRetries) {
  Trigger("a");
  Trigger("b");
  Resolve("a");
  Resolve("b");
  Trigger("a");  // a new episode on the same key after the resolve
  // The first attempt (trigger a) fails; b goes ahead after the pause, a is
  // retried, and each key keeps its own order.
  fake_->SetBehaviourForNext(1, Behaviour::kServerError);
  RunUntil(now_ + 10min);
  EXPECT_EQ(outbox_->size(), 0u);
  EXPECT_THAT(AcceptedActionsFor("a"), ElementsAre("trigger", "resolve", "trigger"));
  EXPECT_THAT(AcceptedActionsFor("b"), ElementsAre("trigger", "resolve"));
  const auto accepted = fake_->Accepted();
  EXPECT_EQ(accepted.front().body["dedup_key"], "b")
      << "the failed event goes to the back of the line";
  ASSERT_EQ(fake_->Incidents().size(), 3u);
  EXPECT_EQ(fake_->Incidents()[2].status, "triggered");
}

TEST_F(DispatcherTest, ABadRequestIsNeverRetried) {
  fake_->SetBehaviourForNext(1, Behaviour::kBadRequest);
  Trigger("bad");
  RunUntil(now_ + 1h);
  EXPECT_EQ(outbox_->size(), 0u);
  EXPECT_EQ(fake_->Requests().size(), 1u);
  const auto status = stats_.Status();
  EXPECT_EQ(status["events"]["trigger"]["rejected"], 1.0);
  const auto& failure = status["recent_failures"][0];
  EXPECT_EQ(failure["http_status"], 400);
  EXPECT_EQ(failure["will_retry"], false);
  EXPECT_THAT(failure["message"].get<std::string>(),
              HasSubstr("rejected on purpose"));
  EXPECT_THAT(status.dump(), Not(HasSubstr(kOncallKey)));
}

TEST_F(DispatcherTest, RateLimitedKeyPausesAtLeastThirtySeconds) {
  fake_->SetBehaviourForNext(1, Behaviour::kRateLimit);
  Trigger("busy");
  const TimePoint start = now_;
  auto wake = dispatcher_->RunOnce();
  ASSERT_TRUE(wake.has_value());
  EXPECT_GE(*wake - start, 30s);
  EXPECT_LE(*wake - start, 5min);
  now_ = *wake;
  RunUntil(now_ + 1min);
  EXPECT_EQ(fake_->Accepted().size(), 1u);
  EXPECT_EQ(stats_.Status()["retries"]["rate_limited"], 1.0);
}

TEST_F(DispatcherTest, AtMost120EventsPerMinutePerRoutingKey) {
  for (int i = 0; i < 130; ++i) Trigger("k" + std::to_string(i));
  Trigger("other", "team");
  const TimePoint start = now_;
  auto wake = dispatcher_->RunOnce();
  EXPECT_EQ(fake_->Accepted().size(), 121u) << "120 for oncall, 1 for team";
  ASSERT_TRUE(wake.has_value());
  EXPECT_EQ(*wake, start) << "settled events free their queue at once";
  wake = dispatcher_->RunOnce();
  ASSERT_TRUE(wake.has_value());
  EXPECT_EQ(*wake, start + 1min) << "the window frees up a minute later";
  EXPECT_EQ(fake_->Accepted().size(), 121u);
  now_ = *wake;
  RunUntil(now_ + 1min);
  EXPECT_EQ(fake_->Accepted().size(), 131u);
}

TEST_F(DispatcherTest, AHungEndpointTimesOutAndIsRetried) {
  CurlSender quick(300ms);
  DispatchOptions options;
  options.base_url = fake_->base_url();
  Dispatcher dispatcher(*outbox_, quick, {{"oncall", kOncallKey}}, options,
                        stats_, [this] { return now_; }, 99);
  fake_->SetBehaviour(Behaviour::kHang);
  Trigger("slow");
  auto wake = dispatcher.RunOnce();
  ASSERT_TRUE(wake.has_value());
  EXPECT_EQ(stats_.Status()["retries"]["network_error"], 1.0);
  fake_->SetBehaviour(Behaviour::kAccept);  // also releases the hung request
  now_ = *wake;
  dispatcher.RunOnce();
  EXPECT_EQ(outbox_->size(), 0u);
  EXPECT_EQ(AcceptedActionsFor("slow"), std::vector<std::string>{"trigger"});
}

TEST_F(DispatcherTest, AnOversizedEventIsCutAndAccepted) {
  EscalationEvent event;
  event.target = "oncall";
  event.dedup_key = "huge";
  event.summary = std::string(5000, 's');
  event.source = "prod-eu";
  event.custom_details = {{"log", std::string(700'000, 'x')}};
  outbox_->Add("oncall", "huge", Action::kTrigger, BuildTriggerBody(event, {}), now_);
  RunUntil(now_ + 1min);
  const auto accepted = fake_->Accepted();
  ASSERT_EQ(accepted.size(), 1u) << "the fake checks the 512 KB and 1024-char limits";
  EXPECT_TRUE(accepted[0].body["payload"]["custom_details"].contains("note"));
}

TEST_F(DispatcherTest, ChangeEventsGoToTheirOwnEndpoint) {
  ChangeRecord change;
  change.summary = "Lowered retention of orders to 2h";
  change.source = "kafka-webhook-receiver";
  change.custom_details = {{"rule", "disk"}};
  outbox_->Add("oncall", "", Action::kChange, BuildChangeBody(change), now_);
  RunUntil(now_ + 1min);
  const auto accepted = fake_->Accepted();
  ASSERT_EQ(accepted.size(), 1u);
  EXPECT_EQ(accepted[0].path, "/v2/change/enqueue");
  EXPECT_TRUE(fake_->Incidents().empty()) << "change events never page";
}

TEST_F(DispatcherTest, EventsOfARemovedTargetAreDroppedVisibly) {
  Trigger("orphan", "team");
  Open({{"oncall", kOncallKey}});  // restarted without the team target
  RunUntil(now_ + 1min);
  EXPECT_EQ(outbox_->size(), 0u);
  EXPECT_TRUE(fake_->Requests().empty());
  const auto status = stats_.Status();
  EXPECT_EQ(status["events"]["trigger"]["dropped"], 1.0);
  EXPECT_THAT(status["recent_failures"][0]["message"].get<std::string>(),
              HasSubstr("\"team\" is not configured"));
}

TEST_F(DispatcherTest, MetricsPassPromtool) {
  auto registry = std::make_shared<prometheus::Registry>();
  DeliveryStats stats(registry.get());
  DispatchOptions options;
  options.base_url = fake_->base_url();
  Dispatcher dispatcher(*outbox_, sender_, {{"oncall", kOncallKey}}, options,
                        stats, [this] { return now_; }, 5);
  fake_->SetBehaviourForNext(1, Behaviour::kServerError);
  Trigger("m");
  dispatcher.RunOnce();
  now_ += 1h;
  dispatcher.RefreshOutboxStats();
  const std::string text =
      prometheus::TextSerializer().Serialize(registry->Collect());
  EXPECT_EQ(test_support::PromtoolCheckMetrics(text), "");
  EXPECT_THAT(text, HasSubstr("kafka_webhook_receiver_pagerduty_outbox_events 1"));
  EXPECT_THAT(text, HasSubstr(
      "kafka_webhook_receiver_pagerduty_outbox_oldest_event_age_seconds 3600"));
  EXPECT_THAT(text, HasSubstr(
      "kafka_webhook_receiver_pagerduty_retries_total{reason=\"server_error\"} 1"));
  now_ += 1h;
  while (auto wake = dispatcher.RunOnce()) now_ = std::max(now_, *wake);
  const std::string after =
      prometheus::TextSerializer().Serialize(registry->Collect());
  EXPECT_THAT(after, HasSubstr("kafka_webhook_receiver_pagerduty_events_total{"
                               "action=\"trigger\",outcome=\"delivered\"} 1"));
  EXPECT_THAT(after, HasSubstr("kafka_webhook_receiver_pagerduty_outbox_events 0"));
  EXPECT_THAT(after, Not(HasSubstr(kOncallKey)));
}

}  // namespace
}  // namespace webhook_receiver::pagerduty
