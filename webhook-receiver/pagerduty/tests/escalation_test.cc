// PagerDutyEscalation end to end with its own delivery thread, the real
// clock and a loopback FakePagerDuty.
#include "pagerduty/pagerduty_escalation.h"

#include <exporter_kit/config.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <prometheus/registry.h>
#include <stdlib.h>

#include "fake_pagerduty/fake_pagerduty.h"
#include "test_support/test_support.h"

namespace webhook_receiver::pagerduty {
namespace {

using fake_pagerduty::Behaviour;
using fake_pagerduty::FakePagerDuty;
using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Not;

const std::string kKey = "ESCALATI0N3456789abcdefABCDEF012";

class EscalationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { fake_ = new FakePagerDuty(); }
  static void TearDownTestSuite() {
    delete fake_;
    fake_ = nullptr;
  }
  void SetUp() override { fake_->Reset(); }

  PagerDutyOptions Options(bool change_events = false) const {
    PagerDutyOptions options;
    options.dispatch.base_url = fake_->base_url();
    options.dispatch.initial_backoff = 20ms;
    options.dispatch.max_backoff = 100ms;
    options.dispatch.rate_limited_pause = 100ms;
    options.routing_keys = {{"oncall", kKey}};
    options.change_events = change_events;
    options.request_timeout = 2s;
    return options;
  }

  static EscalationEvent Event(const std::string& key) {
    EscalationEvent event;
    event.target = "oncall";
    event.dedup_key = key;
    event.summary = "Breaker tripped: 12 actions in 10m";
    event.source = "prod-eu";
    event.severity = "critical";
    event.custom_details = {{"targets", {"broker-1", "broker-2"}}};
    event.links = {{"https://runbooks.example.com/breaker", "Runbook"}};
    return event;
  }

  static FakePagerDuty* fake_;
  test_support::TempDir dir_;
};

FakePagerDuty* EscalationTest::fake_ = nullptr;

TEST_F(EscalationTest, PagesAndResolvesThroughTheDeliveryThread) {
  auto registry = std::make_shared<prometheus::Registry>();
  PagerDutyEscalation escalation(Options(), dir_.path(), registry);
  escalation.Trigger(Event("breaker-prod-eu"));
  escalation.Acknowledge("oncall", "breaker-prod-eu");
  escalation.Resolve("oncall", "breaker-prod-eu");
  ASSERT_TRUE(escalation.WaitUntilDrained(10s));
  const auto incidents = fake_->Incidents();
  ASSERT_EQ(incidents.size(), 1u);
  EXPECT_EQ(incidents[0].status, "resolved");
  EXPECT_EQ(incidents[0].last_payload["custom_details"]["targets"][1], "broker-2");
  const auto status = escalation.Status();
  EXPECT_EQ(status["outbox"]["depth"], 0);
  EXPECT_EQ(status["events"]["resolve"]["delivered"], 1.0);
  EXPECT_EQ(status["targets"], nlohmann::json::array({"oncall"}));
}

TEST_F(EscalationTest, RetriesThroughAnOutageInRealTime) {
  fake_->SetBehaviourForNext(3, Behaviour::kServerError);
  PagerDutyEscalation escalation(Options(), dir_.path(), nullptr);
  escalation.Trigger(Event("outage"));
  ASSERT_TRUE(escalation.WaitUntilDrained(10s));
  EXPECT_EQ(fake_->Requests().size(), 4u);
  EXPECT_EQ(fake_->Accepted().size(), 1u);
  EXPECT_EQ(escalation.Status()["retries"]["server_error"], 3.0);
}

TEST_F(EscalationTest, ARestartKeepsTheOutbox) {
  fake_->SetBehaviour(Behaviour::kServerError);
  {
    auto options = Options();
    options.dispatch.initial_backoff = 1min;  // no retry before shutdown
    options.dispatch.max_backoff = 1min;
    PagerDutyEscalation first(options, dir_.path(), nullptr);
    for (int i = 0; i < 5; ++i) first.Trigger(Event("restart-" + std::to_string(i)));
    first.Resolve("oncall", "restart-0");
    ASSERT_TRUE(test_support::WaitFor([&] { return !fake_->Requests().empty(); }, 5s));
    EXPECT_EQ(first.OutboxDepth(), 6u);
  }
  fake_->SetBehaviour(Behaviour::kAccept);
  PagerDutyEscalation second(Options(), dir_.path(), nullptr);
  ASSERT_TRUE(second.WaitUntilDrained(10s));
  std::map<std::string, int> triggers;
  for (const auto& r : fake_->Accepted()) {
    if (r.body["event_action"] == "trigger") ++triggers[r.body["dedup_key"]];
  }
  EXPECT_EQ(triggers.size(), 5u);
  for (const auto& [key, count] : triggers) EXPECT_EQ(count, 1) << key;
  EXPECT_EQ(fake_->Incidents()[0].status, "resolved");
}

TEST_F(EscalationTest, ChangeEventsOnlyWhenEnabled) {
  ChangeRecord change;
  change.target = "oncall";
  change.summary = "Raised partitions of orders to 24";
  {
    PagerDutyEscalation off(Options(false), dir_.path(), nullptr);
    off.RecordChange(change);
    EXPECT_EQ(off.OutboxDepth(), 0u);
  }
  PagerDutyEscalation on(Options(true), dir_.path(), nullptr);
  on.RecordChange(change);
  ASSERT_TRUE(on.WaitUntilDrained(10s));
  ASSERT_EQ(fake_->Accepted().size(), 1u);
  EXPECT_EQ(fake_->Accepted()[0].path, "/v2/change/enqueue");
}

TEST_F(EscalationTest, MisuseIsAClearError) {
  PagerDutyEscalation escalation(Options(), dir_.path(), nullptr);
  EXPECT_TRUE(escalation.HasTarget("oncall"));
  EXPECT_FALSE(escalation.HasTarget("nobody"));
  auto event = Event("x");
  event.target = "nobody";
  EXPECT_THROW(escalation.Trigger(event), std::invalid_argument);
  EXPECT_THROW(escalation.Resolve("oncall", ""), std::invalid_argument);
  EXPECT_THROW(escalation.Acknowledge("nobody", "x"), std::invalid_argument);
  EXPECT_EQ(escalation.OutboxDepth(), 0u);
}

TEST_F(EscalationTest, TriggerWithoutKeyGetsAStableOne) {
  PagerDutyEscalation escalation(Options(), dir_.path(), nullptr);
  auto event = Event("");
  escalation.Trigger(event);
  escalation.Trigger(event);
  ASSERT_TRUE(escalation.WaitUntilDrained(10s));
  ASSERT_EQ(fake_->Incidents().size(), 1u);
  EXPECT_EQ(fake_->Incidents()[0].triggers, 2);
}

TEST_F(EscalationTest, FactoryReadsTheSectionAndNeverShowsTheKey) {
  setenv("KWR_ESCALATION_TEST_KEY", kKey.c_str(), 1);
  const YAML::Node section = YAML::Load(
      "base_url: " + fake_->base_url() + "\n"
      "targets: {oncall: {routing_key: env:KWR_ESCALATION_TEST_KEY}}\n");
  auto registry = std::make_shared<prometheus::Registry>();
  auto escalation = MakePagerDutyEscalation(section, dir_.path(), registry);
  fake_->SetBehaviourForNext(1, Behaviour::kBadRequest);
  escalation->Trigger(Event("rejected"));
  ASSERT_TRUE(escalation->WaitUntilDrained(10s));
  const auto status = escalation->Status().dump();
  EXPECT_THAT(status, HasSubstr("\"http_status\":400"));
  EXPECT_THAT(status, Not(HasSubstr(kKey)));
  EXPECT_EQ(fake_->Requests().size(), 1u) << "a 400 is not retried";
  unsetenv("KWR_ESCALATION_TEST_KEY");
  EXPECT_THROW(MakePagerDutyEscalation(YAML::Load("targets: {}"), dir_.path(),
                                       registry),
               exporter_kit::ConfigError);
}

}  // namespace
}  // namespace webhook_receiver::pagerduty
