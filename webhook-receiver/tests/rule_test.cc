#include "rule.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "exporter_kit/config.h"
#include "test_support/test_support.h"

namespace webhook_receiver {
namespace {

using exporter_kit::ConfigError;

std::vector<Rule> Rules(const std::string& yaml) { return ParseRules(YAML::Load(yaml)); }

std::string ErrorOf(const std::string& yaml) {
  try {
    Rules(yaml);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(MatcherTest, EqualityRegexAndNegation) {
  LabelSet labels{{"alertname", "KafkaLag"}, {"topic", "orders-eu"}, {"env", "prod"}};
  auto m = [&](const char* text) { return LabelMatcher::Parse(text, "m").Matches(labels); };
  EXPECT_TRUE(m("alertname=\"KafkaLag\""));
  EXPECT_TRUE(m("alertname = KafkaLag"));
  EXPECT_FALSE(m("alertname=\"Kafka\""));
  EXPECT_TRUE(m("topic=~\"orders-.*\""));
  EXPECT_FALSE(m("topic=~\"orders\""));  // anchored, as in Alertmanager
  EXPECT_TRUE(m("env!=\"dev\""));
  EXPECT_FALSE(m("env!~\"pr.d\""));
  EXPECT_TRUE(m("missing=\"\""));  // a missing label is the empty string
  EXPECT_TRUE(m("missing!~\".+\""));
}

TEST(MatcherTest, BadMatchersNameThePlace) {
  EXPECT_THROW(LabelMatcher::Parse("=\"x\"", "here"), ConfigError);
  EXPECT_THROW(LabelMatcher::Parse("a~b", "here"), ConfigError);
  try {
    LabelMatcher::Parse("a=~\"(\"", "rules[0].matchers[1]");
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("rules[0].matchers[1]"), std::string::npos);
  }
}

constexpr const char* kFullRule = R"(
- name: raise-partitions
  matchers: ['alertname="KafkaTopicHot"', 'cluster=~"prod-.*"', 'env!="dev"']
  mode: enforce
  params: {topic: '[A-Za-z0-9._-]{1,249}', cluster: '[a-z0-9-]+'}
  cooldown: 30m
  max_attempts: 3
  backoff: 5s
  timeout: 20s
  verify_grace: 10m
  escalate: {target: kafka-oncall, severity: error, dedup: group}
  actions:
    - type: exec
      command: [/usr/local/bin/fix-topic, --topic, '{{topic}}', '--cluster={{ cluster }}']
      timeout: 5s
    - type: http
      method: POST
      url: 'http://cruise-control:9090/kafkacruisecontrol/rebalance?dryrun=false&topic={{topic}}'
      headers: {Content-Type: application/json}
      body: '{"topic":"{{topic}}"}'
    - type: kafka
      operation: ensure_partitions
      topic: '{{topic}}'
      partitions: 24
      max_partitions: 48
    - type: kafka
      operation: set_retention
      topic: '{{topic}}'
      retention: 2d
      min_retention: 6h
)";

TEST(RuleTest, ParsesEveryKey) {
  std::vector<Rule> rules = Rules(kFullRule);
  ASSERT_EQ(rules.size(), 1u);
  const Rule& r = rules[0];
  EXPECT_EQ(r.name, "raise-partitions");
  EXPECT_TRUE(r.enforce);
  EXPECT_EQ(r.cooldown, std::chrono::minutes(30));
  EXPECT_EQ(r.max_attempts, 3);
  EXPECT_EQ(r.backoff, std::chrono::seconds(5));
  EXPECT_EQ(r.verify_grace, std::chrono::minutes(10));
  ASSERT_TRUE(r.escalate.has_value());
  EXPECT_EQ(r.escalate->target, "kafka-oncall");
  EXPECT_EQ(r.escalate->severity, "error");
  EXPECT_TRUE(r.escalate->per_group);
  ASSERT_EQ(r.actions.size(), 4u);
  EXPECT_EQ(r.actions[0].timeout, std::chrono::seconds(5));
  EXPECT_EQ(r.actions[1].timeout, std::chrono::seconds(20));  // rule default
  EXPECT_EQ(r.actions[0].name, "raise-partitions/0:exec");
  ParamValues values{{"topic", "orders"}, {"cluster", "prod-eu"}};
  EXPECT_EQ(r.actions[0].argv[3].Render(values), "--cluster=prod-eu");
  EXPECT_EQ(r.actions[2].max_partitions, 48);
  EXPECT_EQ(r.actions[3].min_retention, std::chrono::hours(6));
  EXPECT_TRUE(r.Matches({{"alertname", "KafkaTopicHot"}, {"cluster", "prod-eu"}}));
  EXPECT_FALSE(r.Matches({{"alertname", "KafkaTopicHot"}, {"cluster", "prod-eu"}, {"env", "dev"}}));
}

TEST(RuleTest, DefaultsAreSafe) {
  std::vector<Rule> rules = Rules(R"(
- name: r
  matchers: [alertname=X]
  actions: [{type: exec, command: [/bin/true]}]
)");
  EXPECT_FALSE(rules[0].enforce);  // dry run unless the rule says enforce
  EXPECT_EQ(rules[0].max_attempts, 1);
  EXPECT_EQ(rules[0].actions[0].timeout, std::chrono::seconds(60));
  EXPECT_TRUE(Rules("").empty());
}

TEST(RuleTest, ErrorsNameTheKey) {
  EXPECT_EQ(ErrorOf("{a: 1}"), "rules: expected a list of rules");
  EXPECT_EQ(ErrorOf("- {name: r, matchers: [a=b], actions: [{type: exec, command: [x]}], colldown: 5m}"),
            "rules[0].colldown: unknown key");
  EXPECT_EQ(ErrorOf("- {name: r, matchers: [a=b]}"),
            "rules[0]: a rule needs actions, escalate, or both");
  EXPECT_EQ(ErrorOf("- {name: r, matchers: [a=b], actions: [{type: exec, command: [x, '{{topic}}']}]}"),
            "rules[0].actions[0].command[1]: placeholder {{topic}} has no pattern; declare it "
            "under the rule's params");
  EXPECT_EQ(ErrorOf("- {name: r, matchers: [a=b], params: {t: '.*'}, actions: [{type: exec, command: ['{{t}}']}]}"),
            "rules[0].actions[0].command[0]: the program may not be a placeholder");
  EXPECT_EQ(ErrorOf("- {name: r, matchers: [a=b], cooldown: soon, actions: [{type: exec, command: [x]}]}")
                .substr(0, 18),
            "rules[0].cooldown:");
  EXPECT_EQ(ErrorOf("- {name: r, matchers: [a=b], actions: [{type: kafka, operation: ensure_partitions, topic: t, partitions: 3}]}"),
            "rules[0].actions[0].max_partitions: required (the ceiling)");
  EXPECT_EQ(ErrorOf("- {name: r, matchers: [a=b], actions: [{type: kafka, operation: set_retention, topic: t, retention: 1d}]}"),
            "rules[0].actions[0].min_retention: required (the floor)");
  EXPECT_EQ(ErrorOf("- {name: r, matchers: [a=b], actions: [{type: http, url: 'ftp://x'}]}"),
            "rules[0].actions[0].url: must start with http:// or https://");
  EXPECT_EQ(ErrorOf("- {name: r, matchers: [a=b], escalate: {target: t}}\n- {name: r, matchers: [a=b], escalate: {target: t}}"),
            "rules[1].name: duplicate rule name \"r\"");
  EXPECT_EQ(ErrorOf("- {name: r, matchers: [a=b], mode: yolo, escalate: {target: t}}"),
            "rules[0].mode: must be dry_run or enforce");
}

std::string HttpRuleWithHeader(const std::string& value) {
  return R"(
- name: rebalance
  matchers: [a=b]
  actions:
    - type: http
      url: 'http://cc:9090/rebalance'
      headers: {Authorization: ')" + value + R"(', Content-Type: application/json}
)";
}

TEST(RuleTest, HeaderValuesComeFromFilesAndTheEnvironmentTakenLiterally) {
  test_support::TempDir dir;
  // Braces in a token are part of it, not a placeholder.
  const auto token = dir.Write("token", "Bearer tok{{en}}-from-file\n");
  Rule from_file = Rules(HttpRuleWithHeader("file:" + token.string()))[0];
  const HttpHeaderSpec& authorization = from_file.actions[0].headers[0];
  EXPECT_EQ(authorization.name, "Authorization");
  EXPECT_EQ(authorization.value.Render({}), "Bearer tok{{en}}-from-file");
  EXPECT_TRUE(authorization.secret);
  EXPECT_FALSE(from_file.actions[0].headers[1].secret);  // Content-Type

  ::setenv("KWR_RULE_TEST_TOKEN", "Bearer from-env", 1);
  Rule from_env = Rules(HttpRuleWithHeader("env:KWR_RULE_TEST_TOKEN"))[0];
  EXPECT_EQ(from_env.actions[0].headers[0].value.Render({}), "Bearer from-env");
  ::unsetenv("KWR_RULE_TEST_TOKEN");
}

TEST(RuleTest, AMissingHeaderSecretNamesTheRuleAndHeaderNeverTheValue) {
  test_support::TempDir dir;
  const std::string missing = (dir.path() / "missing").string();
  EXPECT_EQ(ErrorOf(HttpRuleWithHeader("file:" + missing)),
            "rules[0].actions[0].headers.Authorization (rule \"rebalance\"): cannot read "
            "secret file " + missing);
  ::unsetenv("KWR_RULE_TEST_UNSET");
  EXPECT_EQ(ErrorOf(HttpRuleWithHeader("env:KWR_RULE_TEST_UNSET")),
            "rules[0].actions[0].headers.Authorization (rule \"rebalance\"): environment "
            "variable KWR_RULE_TEST_UNSET is not set");
  // A second line would be a header of the file's choosing.
  const auto two_lines = dir.Write("two-lines", "Bearer SecretPart\r\nX-Evil: 1\n");
  const std::string error = ErrorOf(HttpRuleWithHeader("file:" + two_lines.string()));
  EXPECT_NE(error.find("must be a single line"), std::string::npos) << error;
  EXPECT_EQ(error.find("SecretPart"), std::string::npos) << error;
}

TEST(ParamsTest, ShellInjectionInALabelIsRejected) {
  ParamPatterns patterns{{"topic", std::regex("[A-Za-z0-9._-]{1,249}")}};
  ParamCheck ok = ExtractParams({{"topic", "orders.v2"}}, patterns);
  EXPECT_EQ(ok.error, "");
  EXPECT_EQ(ok.values.at("topic"), "orders.v2");
  for (const char* evil : {"orders; rm -rf /", "$(reboot)", "`id`", "a\nb", "orders && curl x",
                           ""}) {
    ParamCheck bad = ExtractParams({{"topic", evil}}, patterns);
    EXPECT_EQ(bad.error, "label topic does not match its params pattern") << evil;
  }
  EXPECT_EQ(ExtractParams({}, patterns).error, "label topic is missing");
}

}  // namespace
}  // namespace webhook_receiver
