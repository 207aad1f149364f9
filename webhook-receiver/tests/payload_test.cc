#include "payload.h"

#include <gtest/gtest.h>

#include "fixtures.h"

namespace webhook_receiver {
namespace {

using testing::Fixture;

Notification Parse(const std::string& body) {
  auto result = ParseNotification(body);
  if (auto* error = std::get_if<PayloadError>(&result)) {
    ADD_FAILURE() << error->message;
    return {};
  }
  return std::get<Notification>(result);
}

std::string Error(const std::string& body) {
  auto result = ParseNotification(body);
  if (auto* error = std::get_if<PayloadError>(&result)) return error->message;
  return "";
}

std::string Replace(std::string body, const std::string& from, const std::string& to) {
  auto pos = body.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  return body.replace(pos, from.size(), to);
}

TEST(PayloadTest, FiringFromAlertmanager025HasEveryField) {
  Notification n = Parse(Fixture("firing.json"));
  EXPECT_EQ(n.version, "4");
  EXPECT_EQ(n.status, "firing");
  EXPECT_EQ(n.receiver, "kafka\\-remediation");
  EXPECT_EQ(n.group_key,
            "{}/{team=\"kafka\"}:{alertname=\"KafkaUnderReplicatedPartitions\"}");
  EXPECT_EQ(n.truncated_alerts, 0);
  EXPECT_EQ(n.external_url, "http://alertmanager-0:9093");
  EXPECT_EQ(n.group_labels.at("alertname"), "KafkaUnderReplicatedPartitions");
  EXPECT_EQ(n.common_labels.at("cluster"), "prod-eu");
  EXPECT_EQ(n.common_annotations.at("summary"), "Partitions are under-replicated.");
  EXPECT_FALSE(n.notification_reason.has_value());
  EXPECT_FALSE(n.route_labels.has_value());
  ASSERT_EQ(n.alerts.size(), 2u);
  const Alert& a = n.alerts[1];
  EXPECT_TRUE(a.Firing());
  EXPECT_EQ(a.labels.at("topic"), "payments");
  EXPECT_EQ(a.starts_at, "2026-08-20T10:02:10.5Z");
  EXPECT_EQ(a.ends_at, "0001-01-01T00:00:00Z");
  EXPECT_EQ(a.fingerprint, "9a8b7c6d5e4f3a2b");
  // Go escapes & as \u0026; the parser must give back the real character.
  EXPECT_NE(a.generator_url.find("&g0.tab=1"), std::string::npos);
  EXPECT_EQ(a.annotations.at("runbook_url"), "https://runbooks.example.com/kafka/urp");
}

TEST(PayloadTest, ResolvedMixedAndTruncated) {
  Notification resolved = Parse(Fixture("resolved.json"));
  EXPECT_EQ(resolved.status, "resolved");
  for (const Alert& a : resolved.alerts) EXPECT_FALSE(a.Firing());
  EXPECT_EQ(resolved.alerts[0].ends_at, "2026-08-20T10:09:47.1Z");

  Notification mixed = Parse(Fixture("mixed.json"));
  EXPECT_EQ(mixed.status, "firing");
  EXPECT_FALSE(mixed.alerts[0].Firing());
  EXPECT_TRUE(mixed.alerts[1].Firing());
  EXPECT_EQ(mixed.notification_reason, "some alerts resolved");
  ASSERT_TRUE(mixed.route_labels.has_value());
  EXPECT_EQ(mixed.route_labels->at("team"), "kafka");

  Notification truncated = Parse(Fixture("truncated.json"));
  EXPECT_EQ(truncated.truncated_alerts, 41);
  EXPECT_EQ(truncated.alerts.size(), 1u);
}

TEST(PayloadTest, UnicodeLabelsSurviveIntact) {
  Notification n = Parse(Fixture("unicode_labels.json"));
  const Alert& a = n.alerts.at(0);
  EXPECT_EQ(a.labels.at("cluster"), "prod-東京");
  EXPECT_EQ(a.labels.at("group"), "заказы-consumer");
  EXPECT_EQ(a.labels.at("note"), "emoji 🚒 and \"quotes\" and \\backslash");
  EXPECT_EQ(a.starts_at, "2026-08-20T10:01:17.123456789+09:00");
  // Round trip through our own JSON keeps every byte.
  EXPECT_EQ(ToJson(a)["labels"]["cluster"], "prod-東京");
}

TEST(PayloadTest, ThousandAlerts) {
  Notification n = Parse(Fixture("alerts_1000.json"));
  ASSERT_EQ(n.alerts.size(), 1000u);
  EXPECT_EQ(n.alerts[999].labels.at("topic"), "topic-0999");
}

TEST(PayloadTest, UnknownFieldsAreIgnored) {
  std::string body = Fixture("firing.json");
  body.insert(1, "\"somethingNew\":{\"x\":[1,2]},");
  EXPECT_EQ(Parse(body).alerts.size(), 2u);
  // Unknown values that look like known fields, in the body and in alerts,
  // are read past without touching the notification.
  body.insert(1, "\"future\":{\"alerts\":[{\"status\":7}],\"labels\":[[],{}]},");
  body = Replace(body, "\"fingerprint\":", "\"silencedBy\":[\"a\",{\"b\":null}],\"fingerprint\":");
  const Notification n = Parse(body);
  ASSERT_EQ(n.alerts.size(), 2u);
  EXPECT_EQ(n.alerts[0].fingerprint, "1b2e3c4d5e6f7081");
  EXPECT_EQ(n.alerts[0].labels.count("alerts"), 0u);
}

struct BadCase {
  const char* name;
  std::string body;
  const char* expected;  // substring of the message
};

class BadPayloadTest : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadPayloadTest, RejectedWithAMessageNamingTheProblem) {
  std::string message = Error(GetParam().body);
  EXPECT_NE(message.find(GetParam().expected), std::string::npos)
      << "message: " << message;
}

std::vector<BadCase> BadCases() {
  const std::string ok = Fixture("firing.json");
  return {
      {"empty", "", "malformed JSON"},
      {"truncated_body", ok.substr(0, ok.size() / 2), "malformed JSON"},
      {"not_object", "[1,2]", "body: expected a JSON object"},
      {"invalid_utf8", Replace(ok, "prod-eu", "prod-\xff\xfe"), "malformed JSON"},
      {"wrong_version", Replace(ok, "\"version\":\"4\"", "\"version\":\"3\""),
       "version: unsupported \"3\""},
      {"version_number", Replace(ok, "\"version\":\"4\"", "\"version\":4"),
       "version: expected a string"},
      {"missing_alerts", Replace(ok, "\"alerts\":", "\"alertz\":"), "alerts: missing"},
      {"alerts_not_array", Replace(ok, "\"alerts\":[", "\"alerts\":\"none\",\"x\":[") ,
       "alerts"},
      {"bad_status", Replace(ok, "\"status\":\"firing\",\"alerts\"", "\"status\":\"burning\",\"alerts\""),
       "status: must be \"firing\" or \"resolved\""},
      {"label_not_string", Replace(ok, "\"topic\":\"orders\"", "\"topic\":7"),
       "alerts[0].labels.topic: expected a string"},
      {"missing_fingerprint", Replace(ok, "\"fingerprint\":\"1b2e3c4d5e6f7081\"", "\"fp\":\"x\""),
       "alerts[0].fingerprint: missing"},
      {"bad_starts_at", Replace(ok, "2026-08-20T10:01:17.1Z", "yesterday"),
       "alerts[0].startsAt: not an RFC 3339 time"},
      {"negative_truncated", Replace(ok, "\"truncatedAlerts\":0", "\"truncatedAlerts\":-1"),
       "truncatedAlerts"},
      {"missing_group_key", Replace(ok, "\"groupKey\":", "\"groupKeyX\":"), "groupKey: missing"},
      {"scalar_body", "7", "body: expected a JSON object"},
      {"alert_not_object", Replace(ok, "\"alerts\":[", "\"alerts\":[3,"),
       "alerts[0]: expected an object"},
      {"labels_not_object", Replace(ok, "\"labels\":{", "\"labels\":[],\"x\":{"),
       "alerts[0].labels: expected an object of strings"},
      {"label_value_object", Replace(ok, "\"topic\":\"orders\"", "\"topic\":{\"a\":1}"),
       "alerts[0].labels.topic: expected a string"},
      {"group_labels_string", Replace(ok, "\"groupLabels\":{", "\"groupLabels\":\"x\",\"y\":{"),
       "groupLabels: expected an object of strings"},
      {"trailing_garbage", ok + "x", "malformed JSON"},
  };
}

INSTANTIATE_TEST_SUITE_P(All, BadPayloadTest, ::testing::ValuesIn(BadCases()),
                         [](const auto& test) { return std::string(test.param.name); });

}  // namespace
}  // namespace webhook_receiver
