// The engine against real processes (exec actions that append to a file),
// a real on-disk journal, and a FakeEscalation standing in for PagerDuty.
#include "engine.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "action_dispatcher.h"
#include "fake_escalation.h"
#include "journal_records.h"
#include "test_support/test_support.h"

namespace webhook_receiver {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;
using testing::FakeEscalation;

json AlertJson(const std::string& status, const std::string& fp, const std::string& topic,
               const std::string& starts_at = "2026-08-20T10:01:17.1Z") {
  return {{"status", status},
          {"labels", {{"alertname", "KafkaTopicHot"}, {"topic", topic}, {"cluster", "prod"}}},
          {"annotations", {{"runbook_url", "https://runbooks.example.com/hot"}}},
          {"startsAt", starts_at},
          {"endsAt", status == "firing" ? "0001-01-01T00:00:00Z" : "2026-08-20T11:00:00Z"},
          {"generatorURL", ""},
          {"fingerprint", fp}};
}

std::string Body(const std::vector<json>& alerts, const std::string& group_key = "{}:{x=\"y\"}") {
  bool firing = false;
  for (const json& a : alerts) firing = firing || a["status"] == "firing";
  return json{{"version", "4"},          {"groupKey", group_key}, {"truncatedAlerts", 0},
              {"receiver", "r"},         {"status", firing ? "firing" : "resolved"},
              {"alerts", alerts},        {"groupLabels", json::object()},
              {"commonLabels", json::object()}, {"commonAnnotations", json::object()},
              {"externalURL", "http://am:9093"}}
      .dump();
}

std::size_t Lines(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::size_t n = 0;
  for (std::string line; std::getline(in, line);) ++n;
  return n;
}

class EngineTest : public ::testing::Test {
 protected:
  void Start(const std::string& rules_yaml, EngineOptions options = {}) {
    options_ = options;
    rules_ = std::make_shared<RuleSet>(ParseRules(YAML::Load(rules_yaml)));
    Open();
    engine_->Start();
  }
  void Open() {
    JournalReplay replay = Journal::Replay(dir_.path() / "journal");
    journal_ = std::make_unique<Journal>(dir_.path() / "journal");
    inbox_ = std::make_unique<Inbox>();
    audit_ = std::make_unique<AuditLog>(dir_.path() / "audit.jsonl");
    metrics_ = std::make_unique<ReceiverMetrics>(std::make_shared<prometheus::Registry>());
    engine_ = std::make_unique<Engine>(
        options_, rules_,
        EngineDeps{journal_.get(), inbox_.get(), audit_.get(), &runner_, &escalation_,
                   metrics_.get()});
    engine_->Recover(replay);
  }
  void Restart() {
    engine_.reset();
    journal_.reset();
    Open();
    engine_->Start();
  }
  void Send(const std::vector<json>& alerts, const std::string& group_key = "{}:{x=\"y\"}") {
    std::string body = Body(alerts, group_key);
    auto parsed = ParseNotification(body);
    inbox_->Submit(*journal_, std::get<Notification>(parsed), body);
  }
  json Episodes(const std::string& state = "") {
    return engine_->EpisodesJson(1000, state)["episodes"];
  }
  bool WaitForState(const std::string& state, std::size_t count = 1,
                    milliseconds timeout = milliseconds(5000)) {
    return test_support::WaitFor([&] { return Episodes(state).size() == count; }, timeout);
  }
  std::vector<FakeEscalation::Call> WaitForCalls(const std::string& kind, std::size_t n) {
    test_support::WaitFor([&] { return escalation_.Calls(kind).size() >= n; }, milliseconds(5000));
    return escalation_.Calls(kind);
  }
  std::string AppendRule(const std::string& extra, const std::string& command = "") {
    return R"(
- name: fix
  matchers: ['alertname="KafkaTopicHot"']
  mode: enforce
  params: {topic: '[a-z]+'}
  escalate: {target: kafka-oncall}
  actions:
    - type: exec
      command: )" + (command.empty() ? "[/bin/sh, -c, 'echo \"$KWR_PARAM_TOPIC\" >> " + log_.string() + "']" : command) +
           "\n" + extra;
  }

  test_support::TempDir dir_;
  std::filesystem::path log_ = dir_.path() / "ran.log";
  EngineOptions options_;
  std::shared_ptr<RuleSet> rules_;
  ActionDispatcher runner_{nullptr};
  FakeEscalation escalation_;
  std::unique_ptr<Journal> journal_;
  std::unique_ptr<Inbox> inbox_;
  std::unique_ptr<AuditLog> audit_;
  std::unique_ptr<ReceiverMetrics> metrics_;
  std::unique_ptr<Engine> engine_;
};

TEST_F(EngineTest, DuplicateDeliveriesRunTheActionOnce) {
  Start(AppendRule(""));
  json alert = AlertJson("firing", "aaaa", "orders");
  Send({alert});
  Send({alert});  // Alertmanager retry
  Send({alert}, "{}:{other=\"group\"}");  // an HA peer or another route
  ASSERT_TRUE(WaitForState("succeeded"));
  ASSERT_TRUE(engine_->WaitIdle(milliseconds(5000)));
  EXPECT_EQ(Lines(log_), 1u);
  Send({alert});  // repeat_interval, after the episode finished
  ASSERT_TRUE(engine_->WaitIdle(milliseconds(5000)));
  EXPECT_EQ(Lines(log_), 1u);
  EXPECT_TRUE(escalation_.Calls("trigger").empty());
  // Restarts remember: the episode is durable.
  Restart();
  Send({alert});
  ASSERT_TRUE(engine_->WaitIdle(milliseconds(5000)));
  EXPECT_EQ(Lines(log_), 1u);
  EXPECT_EQ(Episodes().size(), 1u);
}

TEST_F(EngineTest, EachAlertIsMatchedNotTheGroup) {
  Start(AppendRule(""));
  json other = AlertJson("firing", "cccc", "orders");
  other["labels"]["alertname"] = "SomethingElse";
  Send({AlertJson("firing", "aaaa", "orders"), other, AlertJson("firing", "bbbb", "payments")});
  ASSERT_TRUE(WaitForState("succeeded", 2));
  EXPECT_EQ(Lines(log_), 2u);
}

TEST_F(EngineTest, CooldownSkipsANewEpisodeOfTheSameAlert) {
  Start(AppendRule("  cooldown: 1h\n"));
  Send({AlertJson("firing", "aaaa", "orders")});
  ASSERT_TRUE(WaitForState("succeeded"));
  Send({AlertJson("firing", "aaaa", "orders", "2026-08-20T12:00:00Z")});  // fired again
  ASSERT_TRUE(WaitForState("skipped"));
  EXPECT_EQ(Lines(log_), 1u);
  EXPECT_NE(Episodes("skipped")[0]["reason"].get<std::string>().find("cooldown"), std::string::npos);
}

TEST_F(EngineTest, VerifiedWhenTheAlertResolvesWithinTheGrace) {
  Start(AppendRule("  verify_grace: 10s\n"));
  Send({AlertJson("firing", "aaaa", "orders")});
  ASSERT_TRUE(WaitForState("verifying"));
  Send({AlertJson("resolved", "aaaa", "orders")});
  ASSERT_TRUE(WaitForState("succeeded"));
  EXPECT_TRUE(escalation_.Calls("trigger").empty());
  EXPECT_EQ(escalation_.Calls("change").size(), 1u);  // the action, as a change event
}

TEST_F(EngineTest, StillFiringAfterTheGraceEscalatesThenResolvesWithTheSameKey) {
  Start(AppendRule("  verify_grace: 300ms\n"));
  Send({AlertJson("firing", "aaaa", "orders")});
  ASSERT_TRUE(WaitForState("failed"));
  auto triggers = WaitForCalls("trigger", 1);
  ASSERT_EQ(triggers.size(), 1u);
  EXPECT_EQ(triggers[0].target, "kafka-oncall");
  EXPECT_EQ(triggers[0].dedup_key, "kwr:e:" + EpisodeId("fix", "aaaa", "2026-08-20T10:01:17.1Z"));
  EXPECT_EQ(triggers[0].details["actions"][0]["outcome"], "success");
  Send({AlertJson("resolved", "aaaa", "orders")});
  ASSERT_TRUE(test_support::WaitFor([&] { return escalation_.Calls("resolve").size() == 1; },
                                    milliseconds(5000)));
  EXPECT_EQ(escalation_.Calls("resolve")[0].dedup_key, triggers[0].dedup_key);
}

TEST_F(EngineTest, RetriesWithBackoffThenSucceeds) {
  // Fails on the first two runs, succeeds on the third.
  std::string script = "[/bin/sh, -c, 'echo x >> " + log_.string() + "; test $(wc -l < " +
                       log_.string() + ") -ge 3']";
  Start(AppendRule("  max_attempts: 3\n  backoff: 50ms\n", script));
  Send({AlertJson("firing", "aaaa", "orders")});
  ASSERT_TRUE(WaitForState("succeeded"));
  json e = Episodes()[0];
  EXPECT_EQ(e["attempt"], 3);
  EXPECT_EQ(e["actions"].size(), 3u);
  EXPECT_EQ(e["actions"][0]["outcome"], "failure");
}

TEST_F(EngineTest, ExhaustedAttemptsEscalateWithWhatWasTried) {
  Start(AppendRule("  max_attempts: 2\n  backoff: 10ms\n", "[/bin/false]"));
  Send({AlertJson("firing", "aaaa", "orders")});
  ASSERT_TRUE(WaitForState("failed"));
  auto trigger = WaitForCalls("trigger", 1).at(0);
  EXPECT_EQ(trigger.details["actions"].size(), 2u);
  EXPECT_NE(trigger.summary.find("exit code 1"), std::string::npos) << trigger.summary;
}

TEST_F(EngineTest, HangingActionIsKilledAtItsTimeoutAndEscalated) {
  Start(AppendRule("", "[/bin/sleep, '60']\n      timeout: 300ms"));
  Send({AlertJson("firing", "aaaa", "orders")});
  ASSERT_TRUE(WaitForState("failed"));
  json run = Episodes()[0]["actions"][0];
  EXPECT_EQ(run["outcome"], "timeout");
  EXPECT_LT(run["finished_at"].get<TimeMs>() - run["started_at"].get<TimeMs>(), 5000);
}

TEST_F(EngineTest, ShellInjectionLabelNeverReachesTheCommand) {
  Start(AppendRule(""));
  Send({AlertJson("firing", "aaaa", "x; touch /tmp/kwr-pwned")});
  ASSERT_TRUE(WaitForState("failed"));
  EXPECT_EQ(Lines(log_), 0u);
  EXPECT_EQ(Episodes()[0]["reason"],
            "cannot fill the action parameters: label topic does not match its params pattern");
  EXPECT_EQ(WaitForCalls("trigger", 1).size(), 1u);
}

TEST_F(EngineTest, DryRunIsTheDefaultAndGlobal) {
  std::string rule = AppendRule("");
  rule.replace(rule.find("mode: enforce"), 13, "mode: dry_run");
  Start(rule);
  Send({AlertJson("firing", "aaaa", "orders")});
  ASSERT_TRUE(WaitForState("succeeded"));
  EXPECT_EQ(Episodes()[0]["actions"][0]["outcome"], "dry_run");
  EXPECT_EQ(Lines(log_), 0u);
}

TEST_F(EngineTest, GlobalDryRunOverridesEnforce) {
  EngineOptions options;
  options.dry_run = true;
  Start(AppendRule(""), options);
  Send({AlertJson("firing", "aaaa", "orders")});
  ASSERT_TRUE(WaitForState("succeeded"));
  EXPECT_TRUE(Episodes()[0]["dry_run"].get<bool>());
  EXPECT_EQ(Lines(log_), 0u);
}

TEST_F(EngineTest, BreakerTripsStopsActionsAndPagesOnceWithTheList) {
  EngineOptions options;
  options.breaker_max_actions = 2;
  options.concurrency = 1;
  Start(AppendRule(""), options);
  Send({AlertJson("firing", "aaaa", "orders"), AlertJson("firing", "bbbb", "payments"),
        AlertJson("firing", "cccc", "refunds"), AlertJson("firing", "dddd", "invoices")});
  ASSERT_TRUE(WaitForState("failed", 2));
  ASSERT_TRUE(engine_->WaitIdle(milliseconds(5000)));
  EXPECT_EQ(Lines(log_), 2u);
  EXPECT_TRUE(engine_->BreakerJson()["open"].get<bool>());
  auto triggers = WaitForCalls("trigger", 2);
  std::set<std::string> keys;
  for (const auto& t : triggers) keys.insert(t.dedup_key);
  ASSERT_EQ(keys.size(), 1u) << "one incident for the breaker";
  EXPECT_EQ(triggers.back().details["targets"].size(), 4u);  // 2 ran + 2 blocked
  // Still open after a restart.
  Restart();
  EXPECT_TRUE(engine_->BreakerJson()["open"].get<bool>());
}

TEST_F(EngineTest, PageOnlyRuleTriggersAndResolves) {
  Start(R"(
- name: page
  matchers: ['alertname="KafkaTopicHot"']
  escalate: {target: kafka-oncall, dedup: group}
)");
  Send({AlertJson("firing", "aaaa", "orders")}, "{}:{g=\"1\"}");
  ASSERT_TRUE(WaitForState("escalated"));
  auto trigger = WaitForCalls("trigger", 1).at(0);
  EXPECT_EQ(trigger.dedup_key, "kwr:g:" + Sha256Hex("{}:{g=\"1\"}"));
  Send({AlertJson("resolved", "aaaa", "orders")}, "{}:{g=\"1\"}");
  ASSERT_TRUE(WaitForState("resolved"));
  ASSERT_TRUE(test_support::WaitFor([&] { return escalation_.Calls("resolve").size() == 1; },
                                    milliseconds(2000)));
  EXPECT_EQ(escalation_.Calls("resolve")[0].dedup_key, trigger.dedup_key);
}

// What a kill -9 (or a journal that could not take the result) leaves
// behind: an action started and never finished.
Episode InterruptedEpisode(bool dry_run) {
  Episode e;
  e.id = EpisodeId("fix", "aaaa", "2026-08-20T10:01:17.1Z");
  e.rule = "fix";
  e.fingerprint = "aaaa";
  e.starts_at = "2026-08-20T10:01:17.1Z";
  e.labels = {{"alertname", "KafkaTopicHot"}, {"topic", "orders"}};
  e.state = EpisodeState::kActing;
  e.dry_run = dry_run;
  e.attempt = 1;
  e.actions.push_back({"fix/0:exec", "exec", 1, NowMs(), 0, std::nullopt, "", json::object()});
  return e;
}

TEST_F(EngineTest, InterruptedDryRunRunsAgainWithoutAPage) {
  rules_ = std::make_shared<RuleSet>(ParseRules(YAML::Load(AppendRule(""))));
  {
    Journal journal(dir_.path() / "journal");
    journal.Append(JsonRecord('e', Dump(ToJson(InterruptedEpisode(/*dry_run=*/true)))));
  }
  Open();
  engine_->Start();
  ASSERT_TRUE(test_support::WaitFor(
      [&] { return Episodes()[0]["actions"].size() == 2; }, milliseconds(5000)))
      << Episodes().dump();
  ASSERT_TRUE(engine_->WaitIdle(milliseconds(5000)));
  const json e = Episodes()[0];
  EXPECT_EQ(e["actions"][0]["outcome"], "unknown");
  EXPECT_NE(e["actions"][1]["outcome"], "unknown") << e.dump();
  EXPECT_NE(e["state"], "unknown") << e.dump();
  EXPECT_EQ(escalation_.Calls("trigger").size(), 0u);
  EXPECT_EQ(Lines(log_), 0u);  // a dry run does not run the command
}

TEST_F(EngineTest, InterruptedActionIsMarkedUnknownAndNotRerun) {
  rules_ = std::make_shared<RuleSet>(ParseRules(YAML::Load(AppendRule(""))));
  {
    Journal journal(dir_.path() / "journal");
    journal.Append(JsonRecord('e', Dump(ToJson(InterruptedEpisode(/*dry_run=*/false)))));
  }
  Open();
  engine_->Start();
  json e = Episodes()[0];
  EXPECT_EQ(e["state"], "unknown");
  EXPECT_EQ(e["actions"][0]["outcome"], "unknown");
  ASSERT_TRUE(test_support::WaitFor([&] { return escalation_.Calls("trigger").size() == 1; },
                                    milliseconds(2000)));
  Send({AlertJson("firing", "aaaa", "orders")});
  ASSERT_TRUE(engine_->WaitIdle(milliseconds(5000)));
  EXPECT_EQ(Lines(log_), 0u);
}

TEST_F(EngineTest, AcknowledgedButUnprocessedNotificationsAreReplayed) {
  rules_ = std::make_shared<RuleSet>(ParseRules(YAML::Load(AppendRule(""))));
  {
    Journal journal(dir_.path() / "journal");
    journal.Append(NotificationRecord(7, Body({AlertJson("firing", "aaaa", "orders")})));
  }
  Open();
  engine_->Start();
  ASSERT_TRUE(WaitForState("succeeded"));
  EXPECT_EQ(Lines(log_), 1u);
  Restart();  // processed now: not again
  ASSERT_TRUE(engine_->WaitIdle(milliseconds(5000)));
  EXPECT_EQ(Lines(log_), 1u);
}

TEST_F(EngineTest, AuditLogRecordsSkipsWithReasons) {
  Start(AppendRule(""));
  json alert = AlertJson("firing", "aaaa", "orders");
  Send({alert});
  ASSERT_TRUE(WaitForState("succeeded"));
  Send({alert});
  ASSERT_TRUE(engine_->WaitIdle(milliseconds(5000)));
  engine_.reset();
  std::ifstream in(dir_.path() / "audit.jsonl");
  std::vector<std::string> events;
  for (std::string line; std::getline(in, line);) events.push_back(json::parse(line)["event"]);
  for (const char* expected : {"notification", "episode_opened", "episode_acting",
                               "action_finished", "episode_succeeded", "duplicate"}) {
    EXPECT_NE(std::find(events.begin(), events.end(), expected), events.end()) << expected;
  }
}

}  // namespace
}  // namespace webhook_receiver
