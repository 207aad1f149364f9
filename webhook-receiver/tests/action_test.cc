// exec, http and kafka actions against real peers: real processes, a real
// HTTP server, and (for Kafka admin calls the mock cluster lacks) a fake.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>

#include "action_dispatcher.h"
#include "exporter_kit/http.h"
#include "fake_kafka_admin.h"
#include "process.h"
#include "test_support/test_support.h"

namespace webhook_receiver {
namespace {

using std::chrono::milliseconds;
using testing::FakeKafkaAdmin;

std::vector<Rule> Rules(const std::string& yaml) { return ParseRules(YAML::Load(yaml)); }

ActionContext Context(ParamValues params, bool dry_run = false) {
  return {"r", "fp1", "2026-08-20T10:01:17.1Z", std::move(params), dry_run};
}

TEST(ProcessTest, CapturesOutputAndExitCode) {
  ProcessResult r = RunProcess({"/bin/sh", "-c", "echo out; echo err >&2; exit 3"},
                               {"PATH=/bin"}, {});
  EXPECT_TRUE(r.started);
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.output, "out\nerr\n");
}

TEST(ProcessTest, HangingCommandAndItsChildrenAreKilledAtTheTimeout) {
  test_support::TempDir dir;
  auto marker = dir.path() / "survivor";
  ProcessOptions options;
  options.timeout = milliseconds(300);
  options.kill_grace = milliseconds(200);
  auto start = std::chrono::steady_clock::now();
  // The grandchild ignores SIGTERM and would write the marker after 2 s.
  ProcessResult r = RunProcess(
      {"/bin/sh", "-c", "(trap '' TERM; sleep 2; touch " + marker.string() + ") & sleep 30"},
      {"PATH=/bin:/usr/bin"}, options);
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_TRUE(r.timed_out);
  EXPECT_LT(took, std::chrono::seconds(2));
  std::this_thread::sleep_for(std::chrono::milliseconds(2200) - took);
  EXPECT_FALSE(std::filesystem::exists(marker)) << "a process of the group survived";
}

TEST(ProcessTest, OutputIsBounded) {
  ProcessOptions options;
  options.max_output = 1000;
  ProcessResult r = RunProcess({"/usr/bin/head", "-c", "100000", "/dev/zero"}, {}, options);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.output.size(), 1000u);
  EXPECT_TRUE(r.output_truncated);
}

TEST(ProcessTest, MissingProgramIsAnErrorNotACrash) {
  ProcessResult r = RunProcess({"/no/such/program"}, {}, {});
  EXPECT_FALSE(r.started);
  EXPECT_NE(r.error.find("/no/such/program"), std::string::npos);
}

TEST(ExecActionTest, ValuesArriveAsSingleArgumentsAndEnvironmentNeverThroughAShell) {
  test_support::TempDir dir;
  auto pwned = dir.path() / "pwned";
  auto rules = Rules(R"(
- name: r
  matchers: [a=b]
  mode: enforce
  params: {topic: '.*'}
  actions: [{type: exec, command: [/usr/bin/printf, '[%s]\n', '{{topic}}', 'x{{topic}}y']}]
)");
  // Even a permissive pattern cannot inject: there is no shell to interpret it.
  std::string evil = "a; touch " + pwned.string() + " $(touch " + pwned.string() + ")";
  ExecActionRunner runner;
  ActionResult r = runner.Run(rules[0].actions[0], Context({{"topic", evil}}));
  EXPECT_EQ(r.outcome, ActionOutcome::kSuccess) << r.detail;
  EXPECT_EQ(r.record["output"], "[" + evil + "]\n[x" + evil + "y]\n");
  EXPECT_FALSE(std::filesystem::exists(pwned));

  auto env_rules = Rules(R"(
- name: r
  matchers: [a=b]
  params: {topic: '.*'}
  actions: [{type: exec, command: [/usr/bin/env]}]
)");
  r = runner.Run(env_rules[0].actions[0], Context({{"topic", "orders"}}));
  std::string env = r.record["output"];
  EXPECT_NE(env.find("KWR_PARAM_TOPIC=orders\n"), std::string::npos) << env;
  EXPECT_NE(env.find("KWR_FINGERPRINT=fp1\n"), std::string::npos);
  EXPECT_EQ(env.find("HOME="), std::string::npos) << "the receiver's environment leaked";
}

TEST(ExecActionTest, DryRunDescribesWithoutRunning) {
  test_support::TempDir dir;
  auto marker = dir.path() / "ran";
  auto rules = Rules("- {name: r, matchers: [a=b], actions: [{type: exec, command: [/usr/bin/touch, " +
                     marker.string() + "]}]}");
  ActionResult r = ExecActionRunner().Run(rules[0].actions[0], Context({}, true));
  EXPECT_EQ(r.outcome, ActionOutcome::kDryRun);
  EXPECT_EQ(r.record["argv"][1], marker.string());
  EXPECT_FALSE(std::filesystem::exists(marker));
}

TEST(ExecActionTest, TimeoutIsReported) {
  auto rules = Rules("- {name: r, matchers: [a=b], actions: [{type: exec, timeout: 200ms, command: [/bin/sleep, '30']}]}");
  ActionResult r = ExecActionRunner().Run(rules[0].actions[0], Context({}));
  EXPECT_EQ(r.outcome, ActionOutcome::kTimeout);
  EXPECT_EQ(r.detail, "killed after the 200 ms timeout");
}

class HttpActionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<exporter_kit::HttpServer>(
        exporter_kit::HttpServerOptions{{"127.0.0.1:0"}, "", 2, milliseconds(5000)});
    server_->Handle("/scale", [this](const exporter_kit::HttpRequest& request) {
      seen_ = request;
      return exporter_kit::HttpResponse::Json(status_, "{\"ok\":true}");
    }, {.max_body_bytes = 65536, .methods = {"POST", "PUT"}});
    // A server that echoes credentials, as debugging endpoints and some error
    // pages do.
    server_->Handle("/echo", [this](const exporter_kit::HttpRequest& request) {
      seen_ = request;
      return exporter_kit::HttpResponse::Text(
          200, "auth=" + request.Header("authorization") + " source=" +
                   request.Header("x-request-source"));
    }, {.max_body_bytes = 65536, .methods = {"POST"}});
    server_->Start();
    base_ = "http://127.0.0.1:" + std::to_string(server_->Ports().at(0));
  }
  ActionSpec Spec(const std::string& url) {
    rules_ = Rules(R"(
- name: r
  matchers: [a=b]
  params: {topic: '.*'}
  actions:
    - type: http
      method: PUT
      url: ')" + url + R"('
      headers: {X-Topic: '{{topic}}', Content-Type: application/json}
      body: '{"topic":"{{topic}}"}'
      timeout: 2s
)");
    return rules_[0].actions[0];
  }
  std::unique_ptr<exporter_kit::HttpServer> server_;
  std::string base_;
  int status_ = 200;
  exporter_kit::HttpRequest seen_;
  std::vector<Rule> rules_;
};

TEST_F(HttpActionTest, SendsMethodHeadersBodyAndEncodesUrlValues) {
  ActionSpec spec = Spec(base_ + "/scale?topic={{topic}}");
  ActionResult r = HttpActionRunner().Run(spec, Context({{"topic", "a b&c=d"}}));
  EXPECT_EQ(r.outcome, ActionOutcome::kSuccess) << r.detail;
  EXPECT_EQ(r.detail, "HTTP 200");
  EXPECT_EQ(seen_.method, "PUT");
  EXPECT_EQ(seen_.query, "topic=a%20b%26c%3Dd");
  EXPECT_EQ(seen_.Header("x-topic"), "a b&c=d");
  EXPECT_EQ(seen_.body, "{\"topic\":\"a b&c=d\"}");
}

TEST_F(HttpActionTest, Non2xxAndUnreachableFail) {
  status_ = 500;
  ActionResult r = HttpActionRunner().Run(Spec(base_ + "/scale"), Context({{"topic", "t"}}));
  EXPECT_EQ(r.outcome, ActionOutcome::kFailure);
  EXPECT_EQ(r.detail, "HTTP 500");
  int port = test_support::FreePort();
  r = HttpActionRunner().Run(Spec("http://127.0.0.1:" + std::to_string(port) + "/x"),
                             Context({{"topic", "t"}}));
  EXPECT_EQ(r.outcome, ActionOutcome::kFailure);
  EXPECT_NE(r.detail.find("request failed"), std::string::npos);
}

TEST_F(HttpActionTest, DryRunSendsNothing) {
  ActionResult r = HttpActionRunner().Run(Spec(base_ + "/scale"), Context({{"topic", "t"}}, true));
  EXPECT_EQ(r.outcome, ActionOutcome::kDryRun);
  EXPECT_EQ(seen_.method, "");
}

TEST_F(HttpActionTest, RecordsHeaderNamesOnlyAndCutsSecretValuesOutOfTheRecord) {
  rules_ = Rules(R"(
- name: r
  matchers: [a=b]
  actions:
    - type: http
      url: ')" + base_ + R"(/echo?pasted=Tok-0123456789'
      headers: {Authorization: 'Bearer Tok-0123456789', X-Request-Source: kwr-test}
      body: 'pasted by hand: Tok-0123456789'
)");
  ActionResult r = HttpActionRunner().Run(rules_[0].actions[0], Context({}));
  EXPECT_EQ(r.outcome, ActionOutcome::kSuccess) << r.detail;
  EXPECT_EQ(seen_.Header("authorization"), "Bearer Tok-0123456789");  // sent as configured
  EXPECT_EQ(r.record["headers"],
            nlohmann::json({{"Authorization", "<redacted>"}, {"X-Request-Source", "<redacted>"}}));
  const std::string recorded = r.record.dump();
  EXPECT_EQ(recorded.find("Tok-0123456789"), std::string::npos) << recorded;
  // Only credentials are cut out of the echo; the rest stays readable.
  EXPECT_EQ(r.record["response"], "auth=<redacted> source=kwr-test");
  EXPECT_EQ(r.record["body"], "pasted by hand: <redacted>");
}

class KafkaActionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    admin_ = std::make_shared<FakeKafkaAdmin>();
    admin_->topics["orders"] = {6, 604800000};
    rules_ = Rules(R"(
- name: r
  matchers: [a=b]
  params: {topic: '[a-z]+', want: '[0-9]+', keep: '[0-9a-z]+'}
  actions:
    - {type: kafka, operation: ensure_partitions, topic: '{{topic}}', partitions: '{{want}}', max_partitions: 24}
    - {type: kafka, operation: set_retention, topic: '{{topic}}', retention: '{{keep}}', min_retention: 6h}
)");
  }
  ActionResult Run(int index, ParamValues params, bool dry_run = false) {
    return KafkaActionRunner(admin_).Run(rules_[0].actions[index], Context(std::move(params), dry_run));
  }
  std::shared_ptr<FakeKafkaAdmin> admin_;
  std::vector<Rule> rules_;
};

TEST_F(KafkaActionTest, EnsurePartitionsRaisesAndRecordsThePreviousCount) {
  ActionResult r = Run(0, {{"topic", "orders"}, {"want", "12"}});
  EXPECT_EQ(r.outcome, ActionOutcome::kSuccess) << r.detail;
  EXPECT_EQ(r.record["previous"], 6);
  EXPECT_EQ(admin_->topics["orders"].partitions, 12);
  // Already there: done without another call.
  r = Run(0, {{"topic", "orders"}, {"want", "8"}});
  EXPECT_EQ(r.outcome, ActionOutcome::kSuccess);
  EXPECT_EQ(r.detail, "already 12 partitions");
  EXPECT_EQ(admin_->calls.size(), 1u);
}

TEST_F(KafkaActionTest, GuardsRefuseAboveTheCeilingAndBelowTheFloor) {
  ActionResult r = Run(0, {{"topic", "orders"}, {"want", "100"}});
  EXPECT_EQ(r.outcome, ActionOutcome::kFailure);
  EXPECT_EQ(r.detail, "refused: 100 partitions is above the ceiling of 24");
  r = Run(1, {{"topic", "orders"}, {"keep", "1h"}});
  EXPECT_EQ(r.outcome, ActionOutcome::kFailure);
  EXPECT_EQ(r.detail, "refused: retention 3600000 ms is below the floor of 21600000 ms");
  EXPECT_TRUE(admin_->calls.empty());
}

TEST_F(KafkaActionTest, SetRetentionRecordsThePreviousValue) {
  ActionResult r = Run(1, {{"topic", "orders"}, {"keep", "1d"}});
  EXPECT_EQ(r.outcome, ActionOutcome::kSuccess) << r.detail;
  EXPECT_EQ(r.record["previous"], 604800000);
  EXPECT_EQ(admin_->topics["orders"].retention_ms, 86400000);
}

TEST_F(KafkaActionTest, DryRunOnlyValidates) {
  ActionResult r = Run(0, {{"topic", "orders"}, {"want", "12"}}, true);
  EXPECT_EQ(r.outcome, ActionOutcome::kDryRun);
  EXPECT_EQ(admin_->calls, std::vector<std::string>{"create_partitions orders 12 validate_only"});
  EXPECT_EQ(admin_->topics["orders"].partitions, 6);
}

TEST_F(KafkaActionTest, BrokerErrorsAndNoConnectionFailCleanly) {
  ActionResult r = Run(0, {{"topic", "missing"}, {"want", "3"}});
  EXPECT_EQ(r.outcome, ActionOutcome::kFailure);
  EXPECT_EQ(r.detail, "kafka: UNKNOWN_TOPIC_OR_PART: missing");
  r = KafkaActionRunner(nullptr).Run(rules_[0].actions[0], Context({{"topic", "orders"}}));
  EXPECT_EQ(r.outcome, ActionOutcome::kFailure);
}

}  // namespace
}  // namespace webhook_receiver
