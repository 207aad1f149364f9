#include "pagerduty/event_builder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "fake_pagerduty/fake_pagerduty.h"

namespace webhook_receiver::pagerduty {
namespace {

using nlohmann::json;
using ::testing::IsEmpty;

const std::string kKey = "R0UTINGKEY0123456789abcdefABCDEF";

EscalationEvent FullEvent() {
  EscalationEvent event;
  event.target = "oncall";
  event.dedup_key = "amrx:episode-1";
  event.summary = "Remediation failed: KafkaLogDirFillingUp on broker-2";
  event.source = "prod-eu/broker-2";
  event.severity = "critical";
  event.component = "kafka-broker";
  event.group = "prod-eu";
  event.event_class = "disk";
  event.timestamp = std::chrono::system_clock::time_point(
      std::chrono::milliseconds(1'787'221'277'123));
  event.custom_details = {{"action", "kafka.lower_retention"}, {"attempts", 2}};
  event.links = {{"https://runbooks.example.com/kafka/disk", "Runbook"},
                 {"http://prometheus-0:9090/graph?g0.expr=x", "Source"}};
  return event;
}

json Sent(const std::string& body) {
  return json::parse(WithRoutingKey(body, kKey));
}

TEST(EventBuilderTest, TriggerCarriesTheFullSchemaAndPassesTheValidator) {
  EventStyle style;
  style.client_url = "https://receiver.example.com/status";
  const json event = Sent(BuildTriggerBody(
      FullEvent(), style, {{"https://grafana.example.com/d.png", "", "graph"}}));
  EXPECT_THAT(fake_pagerduty::ValidateAlertEvent(event), IsEmpty());
  EXPECT_EQ(event["routing_key"], kKey);
  EXPECT_EQ(event["event_action"], "trigger");
  EXPECT_EQ(event["dedup_key"], "amrx:episode-1");
  EXPECT_EQ(event["client"], "kafka-webhook-receiver");
  EXPECT_EQ(event["client_url"], "https://receiver.example.com/status");
  const json& payload = event["payload"];
  EXPECT_EQ(payload["source"], "prod-eu/broker-2");
  EXPECT_EQ(payload["severity"], "critical");
  EXPECT_EQ(payload["timestamp"], "2026-08-20T10:21:17.123Z");
  EXPECT_EQ(payload["component"], "kafka-broker");
  EXPECT_EQ(payload["group"], "prod-eu");
  EXPECT_EQ(payload["class"], "disk");
  EXPECT_EQ(payload["custom_details"]["attempts"], 2);
  ASSERT_EQ(event["links"].size(), 2u);
  EXPECT_EQ(event["links"][0]["text"], "Runbook");
  EXPECT_EQ(event["images"][0]["src"], "https://grafana.example.com/d.png");
}

TEST(EventBuilderTest, DropsImagesThatAreNotHttpsAndLinksWithoutHref) {
  auto event = FullEvent();
  event.links.push_back({"", "empty"});
  const json sent = Sent(BuildTriggerBody(
      event, EventStyle{}, {{"http://insecure.example.com/x.png", "", ""}}));
  EXPECT_FALSE(sent.contains("images"));
  EXPECT_EQ(sent["links"].size(), 2u);
  EXPECT_THAT(fake_pagerduty::ValidateAlertEvent(sent), IsEmpty());
}

TEST(EventBuilderTest, SummaryIsCutTo1024CharactersCountingUtf8) {
  auto event = FullEvent();
  event.summary.clear();
  for (int i = 0; i < 2000; ++i) event.summary += "é";  // 2 bytes each
  const json sent = Sent(BuildTriggerBody(event, EventStyle{}));
  const auto summary = sent["payload"]["summary"].get<std::string>();
  EXPECT_EQ(summary.size(), 1023u * 2 + std::string("…").size());
  EXPECT_TRUE(summary.ends_with("…"));
  EXPECT_THAT(fake_pagerduty::ValidateAlertEvent(sent), IsEmpty());
}

TEST(EventBuilderTest, SummaryOfExactly1024CharactersIsKept) {
  EXPECT_EQ(TruncateUtf8(std::string(1024, 'x'), 1024), std::string(1024, 'x'));
  EXPECT_EQ(TruncateUtf8(std::string(1025, 'x'), 1024),
            std::string(1023, 'x') + "…");
}

TEST(EventBuilderTest, OversizedEventDropsCustomDetailsFirst) {
  auto event = FullEvent();
  event.custom_details = {{"log", std::string(600'000, 'x')}};
  const std::string body = WithRoutingKey(BuildTriggerBody(event, EventStyle{}), kKey);
  EXPECT_LE(body.size(), kMaxEventBytes);
  const json sent = json::parse(body);
  EXPECT_THAT(sent["payload"]["custom_details"]["note"].get<std::string>(),
              ::testing::HasSubstr("custom_details dropped"));
  EXPECT_EQ(sent["links"].size(), 2u) << "links survive when dropping details is enough";
  EXPECT_EQ(sent["payload"]["source"], "prod-eu/broker-2");
  EXPECT_THAT(fake_pagerduty::ValidateAlertEvent(sent), IsEmpty());
}

TEST(EventBuilderTest, OversizedEventWithoutDetailsCutsOtherFields) {
  auto event = FullEvent();
  event.source = std::string(700'000, 's');
  event.links.push_back({"https://x.example.com/" + std::string(100'000, 'l'), ""});
  const std::string body = WithRoutingKey(BuildTriggerBody(event, EventStyle{}), kKey);
  EXPECT_LE(body.size(), kMaxEventBytes);
  const json sent = json::parse(body);
  EXPECT_FALSE(sent.contains("links"));
  EXPECT_EQ(sent["dedup_key"], "amrx:episode-1");
  EXPECT_THAT(fake_pagerduty::ValidateAlertEvent(sent), IsEmpty());
}

TEST(EventBuilderTest, LongDedupKeysBecomeTheirSha256InTriggerAndResolve) {
  auto event = FullEvent();
  event.dedup_key = std::string(300, 'k');
  const json trigger = Sent(BuildTriggerBody(event, EventStyle{}));
  const json resolve = Sent(BuildStateChangeBody("resolve", event.dedup_key));
  EXPECT_EQ(trigger["dedup_key"].get<std::string>().size(), 64u);
  EXPECT_EQ(trigger["dedup_key"], resolve["dedup_key"]);
  EXPECT_THAT(fake_pagerduty::ValidateAlertEvent(resolve), IsEmpty());
  EXPECT_EQ(NormalizeDedupKey(std::string(255, 'k')), std::string(255, 'k'));
}

TEST(EventBuilderTest, SeverityComesFromTheMapThenTheValueThenTheDefault) {
  EventStyle style;
  style.default_severity = "warning";
  style.severity_map = {{"page", "critical"}, {"ticket", "info"}};
  EXPECT_EQ(MapSeverity("PAGE", style), "critical");
  EXPECT_EQ(MapSeverity("ticket", style), "info");
  EXPECT_EQ(MapSeverity("Error", style), "error");
  EXPECT_EQ(MapSeverity("", style), "warning");
  EXPECT_EQ(MapSeverity("sev1", style), "warning");
}

TEST(EventBuilderTest, InvalidUtf8IsReplacedNotThrown) {
  auto event = FullEvent();
  event.summary = "broken \xff\xfe bytes";
  event.custom_details = {{"label", "\xc3"}};
  std::string body;
  ASSERT_NO_THROW(body = BuildTriggerBody(event, EventStyle{}));
  EXPECT_THAT(fake_pagerduty::ValidateAlertEvent(Sent(body)), IsEmpty());
}

TEST(EventBuilderTest, CustomDetailsThatAreNotAnObjectAreWrapped) {
  auto event = FullEvent();
  event.custom_details = nlohmann::json::array({"tried lower_retention", "failed"});
  const json sent = Sent(BuildTriggerBody(event, EventStyle{}));
  EXPECT_EQ(sent["payload"]["custom_details"]["details"][1], "failed");
  EXPECT_THAT(fake_pagerduty::ValidateAlertEvent(sent), IsEmpty());
}

TEST(EventBuilderTest, MissingSummaryAndSourceGetPlaceholders) {
  EscalationEvent event;
  event.dedup_key = "k";
  const json sent = Sent(BuildTriggerBody(event, EventStyle{}));
  EXPECT_THAT(fake_pagerduty::ValidateAlertEvent(sent), IsEmpty());
  EXPECT_EQ(sent["payload"]["source"], "kafka-webhook-receiver");
  EXPECT_EQ(sent["payload"]["severity"], "error");
  EXPECT_FALSE(sent["payload"].contains("timestamp"));
}

TEST(EventBuilderTest, ChangeEventPassesTheChangeValidator) {
  ChangeRecord change;
  change.target = "oncall";
  change.summary = "Lowered retention of orders to 2h";
  change.source = "kafka-webhook-receiver";
  change.timestamp = std::chrono::system_clock::now();
  change.custom_details = {{"rule", "disk"}};
  change.links = {{"https://runbooks.example.com/kafka/disk", "Runbook"}};
  const json sent = Sent(BuildChangeBody(change));
  EXPECT_THAT(fake_pagerduty::ValidateChangeEvent(sent), IsEmpty());
  EXPECT_FALSE(sent.contains("event_action"));
}

TEST(EventBuilderTest, TheValidatorCatchesWhatPagerDutyRejects) {
  json event = Sent(BuildTriggerBody(FullEvent(), EventStyle{}));
  event["routing_key"] = "short";
  event["payload"].erase("source");
  event["payload"]["severity"] = "fatal";
  EXPECT_EQ(fake_pagerduty::ValidateAlertEvent(event).size(), 3u);
  EXPECT_FALSE(fake_pagerduty::ValidateAlertEvent(
                   json{{"routing_key", kKey}, {"event_action", "resolve"}})
                   .empty());
}

}  // namespace
}  // namespace webhook_receiver::pagerduty
