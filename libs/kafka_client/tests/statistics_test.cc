#include "kafka_client/statistics.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace kafka_client {
namespace {

// Trimmed from a real librdkafka 2.0.2 report: a bootstrap pseudo-broker,
// the internal one, and two learned brokers (one down).
constexpr char kReport[] = R"({
  "name": "rdkafka#producer-1", "type": "producer", "time": 1700000000,
  "topics": {"orders": {"topic": "orders", "partitions": {
    "0": {"partition": 0, "leader": 1, "txmsgs": 5, "nodeid": 7}}}},
  "brokers": {
    "127.0.0.1:40001/bootstrap": {"name": "127.0.0.1:40001/bootstrap",
      "nodeid": -1, "state": "UP", "tx": 3},
    ":0/internal": {"name": ":0/internal", "nodeid": -1, "state": "INIT"},
    "127.0.0.1:40001/1": {"name": "127.0.0.1:40001/1", "nodeid": 1,
      "state": "UP", "tx": 12, "txbytes": 900, "rx": 11, "rxbytes": 4000,
      "req_timeouts": 0, "connects": 1, "disconnects": 0,
      "rtt": {"min": 100, "max": 900, "avg": 250, "p99": 800, "cnt": 11}},
    "127.0.0.1:40002/2": {"name": "127.0.0.1:40002/2", "nodeid": 2,
      "state": "TRY_CONNECT", "tx": 4, "req_timeouts": 2, "connects": 2,
      "disconnects": 2,
      "rtt": {"min": 0, "max": 0, "avg": 0, "p99": 0, "cnt": 0}}
  }
})";

TEST(StatisticsTest, KeepsOnlyLearnedBrokersWithStateCountersAndRtt) {
  const auto stats = ParseStatistics(kReport);
  EXPECT_EQ(stats.timestamp_us, 1700000000LL * 1000000);
  ASSERT_EQ(stats.brokers.size(), 2u);

  const auto* one = stats.Broker(1);
  ASSERT_NE(one, nullptr);
  EXPECT_TRUE(one->Up());
  EXPECT_EQ(one->requests_sent, 12);
  EXPECT_EQ(one->bytes_sent, 900);
  EXPECT_EQ(one->responses_received, 11);
  EXPECT_EQ(one->bytes_received, 4000);
  EXPECT_EQ(one->rtt_samples, 11);
  EXPECT_DOUBLE_EQ(one->rtt_average_seconds, 0.000250);
  EXPECT_DOUBLE_EQ(one->rtt_p99_seconds, 0.000800);

  const auto* two = stats.Broker(2);
  ASSERT_NE(two, nullptr);
  EXPECT_FALSE(two->Up());
  EXPECT_EQ(two->state, "TRY_CONNECT");
  EXPECT_EQ(two->request_timeouts, 2);
  EXPECT_EQ(two->rtt_samples, 0);
  EXPECT_EQ(stats.Broker(3), nullptr);
}

TEST(StatisticsTest, RoundTripsOverTheBootstrapConnectionCountForThatBroker) {
  // Metadata often goes over the bootstrap connection (node id -1).
  constexpr char report[] = R"({"time": 1, "brokers": {
    "127.0.0.1:40001/bootstrap": {"name": "127.0.0.1:40001/bootstrap", "nodeid": -1,
      "state": "UP", "rtt": {"avg": 1000, "p99": 3000, "cnt": 3}},
    "127.0.0.1:40001/1": {"name": "127.0.0.1:40001/1", "nodeid": 1, "state": "UP",
      "rtt": {"avg": 200, "p99": 400, "cnt": 1}},
    "127.0.0.1:40002/2": {"name": "127.0.0.1:40002/2", "nodeid": 2, "state": "UP",
      "rtt": {"avg": 0, "p99": 0, "cnt": 0}}}})";
  const auto stats = ParseStatistics(report);
  const auto* one = stats.Broker(1);
  ASSERT_NE(one, nullptr);
  EXPECT_EQ(one->rtt_samples, 4);
  EXPECT_DOUBLE_EQ(one->rtt_average_seconds, 0.0008);  // (1000*3 + 200) / 4 us
  EXPECT_DOUBLE_EQ(one->rtt_p99_seconds, 0.003);
  EXPECT_EQ(stats.Broker(2)->rtt_samples, 0);  // another address: untouched
}

// Three reports one statistics interval apart: requests completed only in
// the first window, broker 2 went down in the third.
TEST(StatisticsTest, RoundTripsStayUntilTheNextRequestsWhileTheBrokerIsUp) {
  const auto report = [](int cnt, const char* state_of_2) {
    return ParseStatistics(std::string(R"({"time": 1, "brokers": {
      "h:1/1": {"name": "h:1/1", "nodeid": 1, "state": "UP",
        "rtt": {"avg": 2000, "p99": 5000, "cnt": )") + std::to_string(cnt) + R"(}},
      "h:2/2": {"name": "h:2/2", "nodeid": 2, "state": ")" + state_of_2 + R"(",
        "rtt": {"avg": 1000, "p99": 1000, "cnt": )" + std::to_string(cnt) + "}}}}");
  };
  auto first = report(7, "UP");
  auto second = report(0, "UP");
  CarryRoundTrips(first, second);
  EXPECT_EQ(second.Broker(1)->rtt_samples, 7);
  EXPECT_DOUBLE_EQ(second.Broker(1)->rtt_average_seconds, 0.002);
  EXPECT_DOUBLE_EQ(second.Broker(1)->rtt_p99_seconds, 0.005);
  auto third = report(0, "DOWN");
  CarryRoundTrips(second, third);
  EXPECT_EQ(third.Broker(1)->rtt_samples, 7);
  EXPECT_EQ(third.Broker(2)->rtt_samples, 0);
  // Fresh samples replace the carried ones.
  auto fourth = ParseStatistics(R"({"brokers": {"h:1/1": {"name": "h:1/1", "nodeid": 1,
      "state": "UP", "rtt": {"avg": 3000, "p99": 3000, "cnt": 1}}}})");
  CarryRoundTrips(third, fourth);
  EXPECT_EQ(fourth.Broker(1)->rtt_samples, 1);
  EXPECT_DOUBLE_EQ(fourth.Broker(1)->rtt_average_seconds, 0.003);
}

TEST(StatisticsTest, RejectsTextThatIsNotAStatisticsObject) {
  EXPECT_THROW(ParseStatistics("not json"), std::runtime_error);
  EXPECT_THROW(ParseStatistics("[1,2]"), std::runtime_error);
  EXPECT_THROW(ParseStatistics(R"({"brokers": 3})"), std::runtime_error);
  EXPECT_THROW(ParseStatistics(R"({"brokers": {"b": {"nodeid": "x"}}})"),
               std::runtime_error);
}

TEST(StatisticsTest, AReportWithoutBrokersHasNone) {
  EXPECT_TRUE(ParseStatistics(R"({"time": 5})").brokers.empty());
}

}  // namespace
}  // namespace kafka_client
