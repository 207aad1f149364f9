#include "scenario.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

namespace mock_cluster {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

constexpr int64_t kNow = 1'800'000'000'000;

std::string ErrorOf(const std::string& yaml,
                    std::optional<int> brokers = std::nullopt) {
  try {
    ParseScenario(yaml, kNow, brokers);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "no error";
}

TEST(ParseScenarioTest, FullScenario) {
  const Scenario s = ParseScenario(R"(
brokers: 5
topics:
  - name: orders
    partitions: 4
    leaders: {0: 5, 3: -1}
    messages:
      - count: 10
        timestamp: -10m
        until: -1m
        key_size: 8
        value_size: 100
        partitions: [1, 2]
      - count: 2
        timestamp: 1700000000000
  - name: audit.log
    partitions: 1
producers:
  - {topic: orders, rate: 2.5}
groups:
  - name: billing
    track: 3
    topics:
      - {topic: orders, offsets: {0: 4, 2: 7}, offset: 1}
  - name: replay
    rate: 20
    topics: [{topic: audit.log, lag: 2}]
  - name: idle
    topics: [{topic: orders, offset: 0}]
events:
  - {at: 1m, command: down 2}
  - {at: 30s, command: leader orders 0 3}
)",
                                   kNow);
  EXPECT_EQ(s.brokers, 5);
  ASSERT_EQ(s.topics.size(), 2u);
  const TopicSpec& orders = s.topics[0];
  EXPECT_EQ(orders.name, "orders");
  EXPECT_EQ(orders.partitions, 4);
  EXPECT_THAT(orders.leaders, ElementsAre(Pair(0, 5), Pair(3, -1)));
  ASSERT_EQ(orders.messages.size(), 2u);
  const MessageSpec& history = orders.messages[0];
  EXPECT_THAT(history.partitions, ElementsAre(1, 2));
  EXPECT_EQ(history.records.count, 10);
  EXPECT_EQ(history.records.timestamp_ms, kNow - 600'000);
  EXPECT_EQ(history.records.last_timestamp_ms, kNow - 60'000);
  EXPECT_EQ(history.records.key_size, 8);
  EXPECT_EQ(history.records.value_size, 100);
  EXPECT_TRUE(orders.messages[1].partitions.empty());
  EXPECT_EQ(orders.messages[1].records.timestamp_ms, 1700000000000);
  EXPECT_EQ(orders.messages[1].records.last_timestamp_ms, 0);
  EXPECT_EQ(s.topics[1].name, "audit.log");

  ASSERT_EQ(s.producers.size(), 1u);
  EXPECT_EQ(s.producers[0].topic, "orders");
  EXPECT_EQ(s.producers[0].rate, 2.5);

  ASSERT_EQ(s.groups.size(), 3u);
  EXPECT_EQ(s.groups[0].motion, (GroupMotion{GroupMotion::Kind::kTrack, 0, 3}));
  EXPECT_THAT(s.groups[0].topics[0].offsets,
              ElementsAre(Pair(0, 4), Pair(2, 7)));
  EXPECT_EQ(s.groups[0].topics[0].offset, 1);
  EXPECT_EQ(s.groups[1].motion, (GroupMotion{GroupMotion::Kind::kRate, 20, 0}));
  EXPECT_EQ(s.groups[1].topics[0].lag, 2);
  EXPECT_EQ(s.groups[2].motion, GroupMotion{});

  ASSERT_EQ(s.events.size(), 2u);  // sorted by time
  EXPECT_EQ(s.events[0].at, std::chrono::seconds(30));
  EXPECT_EQ(s.events[0].command, Command(command::Leader{"orders", 0, 3}));
  EXPECT_EQ(s.events[1].text, "down 2");
}

TEST(ParseScenarioTest, DefaultsAndBrokerOverride) {
  const Scenario empty = ParseScenario("", kNow);
  EXPECT_EQ(empty.brokers, 3);
  EXPECT_TRUE(empty.topics.empty());
  const Scenario s = ParseScenario(
      "brokers: 1\ntopics: [{name: t, partitions: 1, messages: [{count: 1}]}]",
      kNow, 4);
  EXPECT_EQ(s.brokers, 4);
  EXPECT_EQ(s.topics[0].messages[0].records.timestamp_ms, kNow);
  EXPECT_EQ(s.topics[0].messages[0].records.value_size, 16);
}

TEST(ParseScenarioTest, SyntaxAndShapeErrors) {
  EXPECT_THAT(ErrorOf("topics: [unclosed"), HasSubstr("invalid YAML"));
  EXPECT_EQ(ErrorOf("- a list"), "scenario: must be a mapping");
  EXPECT_EQ(ErrorOf("brokrs: 3"),
            "brokrs: unknown key (allowed: brokers topics producers groups "
            "events)");
  EXPECT_EQ(ErrorOf("topics: {name: t}"), "topics: must be a list");
  EXPECT_THAT(ErrorOf("? [a, b]\n: 1\n"), HasSubstr("unsupported YAML"));
  EXPECT_THAT(ErrorOf("topics: [{name: t, partitions: 1, colour: red}]"),
              HasSubstr("topics[0].colour: unknown key"));
}

TEST(ParseScenarioTest, NumbersOutOfRangeNameTheKey) {
  EXPECT_EQ(ErrorOf("brokers: 0"),
            "brokers: must be an integer in [1, 100], got '0'");
  EXPECT_THAT(ErrorOf("brokers: three"), HasSubstr("brokers: must be"));
  EXPECT_THAT(ErrorOf("", 0), HasSubstr("--brokers: must be in [1, 100]"));
  EXPECT_THAT(ErrorOf("topics: [{name: t, partitions: 0}]"),
              HasSubstr("topics[0].partitions: must be an integer in [1, "));
  EXPECT_THAT(ErrorOf("topics: [{name: t}]"),
              HasSubstr("topics[0].partitions: must be an integer"));
  EXPECT_THAT(
      ErrorOf("topics: [{name: t, partitions: 1, messages: [{count: -1}]}]"),
      HasSubstr("topics[0].messages[0].count: must be an integer"));
  EXPECT_THAT(ErrorOf("topics: [{name: t, partitions: 1, messages: "
                      "[{count: 1, value_size: 9999999}]}]"),
              HasSubstr("topics[0].messages[0].value_size"));
  EXPECT_THAT(ErrorOf("topics: [{name: t, partitions: 2, messages: "
                      "[{count: 1, partitions: [2]}]}]"),
              HasSubstr("topics[0].messages[0].partitions[0]: must be an "
                        "integer in [0, 1]"));
}

TEST(ParseScenarioTest, BadTopicsAndLeaders) {
  EXPECT_THAT(ErrorOf("topics: [{name: 'bad name', partitions: 1}]"),
              HasSubstr("topics[0].name: 'bad name' is not a legal topic"));
  EXPECT_THAT(ErrorOf("topics: [{name: '', partitions: 1}]"),
              HasSubstr("topics[0].name: must be a non-empty string"));
  EXPECT_THAT(ErrorOf("topics: [{name: t, partitions: 1}, "
                      "{name: t, partitions: 2}]"),
              HasSubstr("topics[1].name: duplicate topic 't'"));
  EXPECT_THAT(
      ErrorOf("topics: [{name: t, partitions: 2, leaders: {2: 1}}]"),
      HasSubstr("topics[0].leaders.2: key must be a partition of t in [0, 1]"));
  EXPECT_THAT(ErrorOf("topics: [{name: t, partitions: 2, leaders: {0: 4}}]"),
              HasSubstr("topics[0].leaders.0: must be an integer in [-1, 3]"));
  EXPECT_THAT(ErrorOf("topics: [{name: t, partitions: 2, leaders: {0: 0}}]"),
              HasSubstr("topics[0].leaders.0: must be a broker id"));
  // --brokers is applied before leaders are checked.
  EXPECT_EQ(ErrorOf("topics: [{name: t, partitions: 2, leaders: {0: 4}}]", 5),
            "no error");
}

TEST(ParseScenarioTest, BadTimestamps) {
  EXPECT_THAT(ErrorOf("topics: [{name: t, partitions: 1, messages: "
                      "[{count: 1, timestamp: yesterday}]}]"),
              HasSubstr("topics[0].messages[0].timestamp: bad timestamp "
                        "'yesterday'"));
  EXPECT_THAT(ErrorOf("topics: [{name: t, partitions: 1, messages: "
                      "[{count: 1, timestamp: -1m, until: -2m}]}]"),
              HasSubstr("topics[0].messages[0].until: must not be before"));
}

TEST(ParseScenarioTest, BadProducersAndGroups) {
  const std::string topic = "topics: [{name: t, partitions: 2}]\n";
  EXPECT_THAT(ErrorOf(topic + "producers: [{topic: u, rate: 1}]"),
              HasSubstr("producers[0].topic: unknown topic 'u'"));
  EXPECT_THAT(ErrorOf(topic + "producers: [{topic: t, rate: fast}]"),
              HasSubstr("producers[0].rate: must be a number"));
  EXPECT_THAT(ErrorOf(topic + "groups: [{name: g, topics: [{topic: t}]}]"),
              HasSubstr("groups[0].topics[0]: set offsets, offset or lag"));
  EXPECT_THAT(
      ErrorOf(topic + "groups: [{name: g, topics: [{topic: t, lag: 1, "
                      "offset: 2}]}]"),
      HasSubstr("groups[0].topics[0]: set at most one of offset and lag"));
  EXPECT_THAT(ErrorOf(topic + "groups: [{name: g, rate: 1, track: 2}]"),
              HasSubstr("groups[0]: set at most one of rate and track"));
  EXPECT_THAT(ErrorOf(topic + "groups: [{name: g}, {name: g}]"),
              HasSubstr("groups[1].name: duplicate group 'g'"));
  EXPECT_THAT(
      ErrorOf(topic + "groups: [{name: g, topics: [{topic: t, offsets: "
                      "{5: 1}}]}]"),
      HasSubstr("groups[0].topics[0].offsets.5: key must be a partition"));
  EXPECT_THAT(ErrorOf(topic + "groups: [{name: g, topics: [{topic: t, "
                              "offset: -4}]}]"),
              HasSubstr("groups[0].topics[0].offset: must be an integer"));
}

TEST(ParseScenarioTest, BadEvents) {
  EXPECT_THAT(ErrorOf("events: [{at: soon, command: down 1}]"),
              HasSubstr("events[0].at: must be a duration"));
  EXPECT_THAT(ErrorOf("events: [{at: 1s, command: explode}]"),
              HasSubstr("events[0].command: unknown command 'explode'"));
  EXPECT_THAT(ErrorOf("events: [{at: 1s}]"),
              HasSubstr("events[0].command: must be a non-empty string"));
}

TEST(ParseScenarioTest, MissingFileIsNamed) {
  try {
    LoadScenarioFile("/nonexistent/scenario.yaml", kNow);
    FAIL() << "no error";
  } catch (const ScenarioError& e) {
    EXPECT_STREQ(e.what(), "/nonexistent/scenario.yaml: cannot read the file");
  }
}

// Every shipped example must stay valid.
TEST(ParseScenarioTest, ShippedScenariosParse) {
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator("scenarios")) {
    SCOPED_TRACE(entry.path().string());
    EXPECT_NO_THROW(LoadScenarioFile(entry.path().string(), kNow));
    ++count;
  }
  EXPECT_GE(count, 2);
}

}  // namespace
}  // namespace mock_cluster
