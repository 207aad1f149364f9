// The built kafka-mock-cluster binary as other processes use it: started
// from a scenario file, inspected through the bootstrap string with a plain
// librdkafka client, steered through stdin.
#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <test_support/test_support.h>
#include <unistd.h>

#include <regex>

#include "kafka_client.h"

namespace mock_cluster {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using ::testing::HasSubstr;
using testing::KafkaClient;
using ::testing::MatchesRegex;
using ::testing::StartsWith;

constexpr const char* kScenario = R"(
brokers: 3
topics:
  - name: orders
    partitions: 6
    leaders: {0: 1, 4: 2}
    messages:
      - {count: 4, timestamp: -10m, until: -1m}
  - name: payments
    partitions: 2
  - name: stream
    partitions: 1
producers:
  - {topic: stream, rate: 40}
groups:
  - name: follower
    track: 1
    topics: [{topic: stream, offset: 0}]
  - name: idle
    topics: [{topic: orders, offsets: {3: 2}}]
events:
  - {at: 1s, command: leader payments 1 -1}
)";

// True when the broker at "host:port" takes a connection and keeps it open;
// a broker that is down refuses or drops it at once.
bool BrokerAccepts(const std::string& address) {
  const size_t colon = address.rfind(':');
  sockaddr_in target{};
  target.sin_family = AF_INET;
  target.sin_port =
      htons(static_cast<uint16_t>(std::stoi(address.substr(colon + 1))));
  inet_pton(AF_INET, "127.0.0.1", &target.sin_addr);
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  bool open =
      connect(fd, reinterpret_cast<sockaddr*>(&target), sizeof(target)) == 0;
  if (open) {
    timeval wait{0, 300'000};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof(wait));
    char byte;
    open =
        recv(fd, &byte, 1, 0) < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
  }
  close(fd);
  return open;
}

class KafkaMockClusterProcessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto scenario = dir_.Write("scenario.yaml", kScenario);
    process_ =
        std::make_unique<test_support::ChildProcess>(std::vector<std::string>{
            test_support::FindBinary("kafka-mock-cluster").string(),
            "--scenario", scenario.string(), "--log.level", "warn"});
    const auto ready = process_->WaitForLine("READY ", seconds(30));
    ASSERT_TRUE(ready) << process_->Stderr();
    bootstrap_ = ready->substr(6);
    client_ = std::make_unique<KafkaClient>(bootstrap_);
  }

  // Sends one command and returns its one-line reply.
  std::string Ask(const std::string& command) {
    process_->SendLine(command);
    return process_->WaitForLine("", seconds(15)).value_or("<no reply>");
  }

  test_support::TempDir dir_;
  std::unique_ptr<test_support::ChildProcess> process_;
  std::string bootstrap_;
  std::unique_ptr<KafkaClient> client_;
};

TEST_F(KafkaMockClusterProcessTest, ScenarioShapeIsVisibleToClients) {
  EXPECT_THAT(
      bootstrap_,
      MatchesRegex("127\\.0\\.0\\.1:[0-9]+(,127\\.0\\.0\\.1:[0-9]+){2}"));
  EXPECT_THAT(client_->Brokers(), ::testing::ElementsAre(1, 2, 3));
  auto topics = client_->Topics();
  EXPECT_EQ(topics["orders"].partitions.size(), 6u);
  EXPECT_EQ(topics["payments"].partitions.size(), 2u);
  EXPECT_EQ(topics["stream"].partitions.size(), 1u);
  EXPECT_EQ(topics["orders"].partitions[0].leader, 1);
  EXPECT_EQ(topics["orders"].partitions[4].leader, 2);
  EXPECT_EQ(client_->Watermarks("orders", 5), std::make_pair(0L, 4L));
  KafkaClient idle(bootstrap_, "idle");
  EXPECT_EQ(idle.Committed("orders", {3}),
            (std::map<int32_t, int64_t>{{3, 2}}));
}

TEST_F(KafkaMockClusterProcessTest, LeaderCommandMovesAndOfflinesPartitions) {
  EXPECT_EQ(Ask("leader orders 1 3"), "OK leader orders/1=3");
  EXPECT_EQ(Ask("leader orders 2 -1"), "OK leader orders/2=-1");
  auto topics = client_->Topics();
  EXPECT_EQ(topics["orders"].partitions[1].leader, 3);
  EXPECT_EQ(topics["orders"].partitions[2].leader, -1);
  EXPECT_THAT(Ask("offsets orders 2"), StartsWith("ERR "));
}

TEST_F(KafkaMockClusterProcessTest, ProduceMovesTheWatermarksClientsSee) {
  EXPECT_EQ(Ask("produce orders 0 5 -2m"), "OK produced 5 to orders/0 high=9");
  EXPECT_EQ(Ask("offsets orders 0"), "OK low=0 high=9");
  EXPECT_EQ(client_->Watermarks("orders", 0), std::make_pair(0L, 9L));
  EXPECT_EQ(Ask("produce payments * 3"),
            "OK produced 3 to each of 2 partitions of payments");
  EXPECT_EQ(client_->Watermarks("payments", 1), std::make_pair(0L, 3L));
}

TEST_F(KafkaMockClusterProcessTest, CommitIsVisibleToTheGroup) {
  EXPECT_EQ(Ask("commit billing orders 2 3"),
            "OK committed billing orders/2=3");
  KafkaClient billing(bootstrap_, "billing");
  EXPECT_EQ(billing.Committed("orders", {2, 5}),
            (std::map<int32_t, int64_t>{{2, 3}, {5, -1001}}));
}

TEST_F(KafkaMockClusterProcessTest, DownRefusesConnectionsUntilUp) {
  const std::string broker2 = client_->BrokerAddresses().at(2);
  ASSERT_TRUE(BrokerAccepts(broker2));
  EXPECT_EQ(Ask("down 2"), "OK broker 2 down");
  EXPECT_FALSE(BrokerAccepts(broker2));
  EXPECT_EQ(Ask("up 2"), "OK broker 2 up");
  EXPECT_TRUE(BrokerAccepts(broker2));
  EXPECT_THAT(Ask("produce orders 4 1"),
              StartsWith("OK produced 1 to orders/4"));
}

TEST_F(KafkaMockClusterProcessTest, TopicErrorShowsInMetadata) {
  EXPECT_EQ(Ask("topicerr payments 5"), "OK topic payments error=5");
  EXPECT_EQ(client_->Topics()["payments"].error, 5);
}

TEST_F(KafkaMockClusterProcessTest, BadCommandsGetErrAndTheToolStaysUp) {
  EXPECT_THAT(Ask("explode"), StartsWith("ERR unknown command 'explode'"));
  EXPECT_EQ(Ask(""), "ERR empty command");
  EXPECT_THAT(Ask("produce orders 0"), StartsWith("ERR usage: produce"));
  EXPECT_EQ(Ask("produce nope 0 1"), "ERR unknown topic nope");
  EXPECT_THAT(Ask("produce orders 6 1"), HasSubstr("orders/6 does not exist"));
  EXPECT_THAT(Ask("leader orders 0 9"), HasSubstr("broker 9 does not exist"));
  EXPECT_THAT(Ask("down 0"), StartsWith("ERR broker must be"));
  EXPECT_THAT(Ask("group ghost stop"), StartsWith("ERR unknown group ghost"));
  EXPECT_THAT(Ask("commit g orders 0 x"), StartsWith("ERR offset must be"));
  EXPECT_THAT(Ask(std::string(100'000, 'x')),
              StartsWith("ERR unknown command"));
  EXPECT_EQ(Ask("offsets orders 5"), "OK low=0 high=4");
  EXPECT_TRUE(process_->Running());
}

TEST_F(KafkaMockClusterProcessTest, RateDriverAndTimelineMoveTheCluster) {
  KafkaClient follower(bootstrap_, "follower");
  // The producer writes 40 records/s to stream; the follower tracks the end
  // offset one record behind; the timeline takes payments/1 offline at +1s.
  EXPECT_TRUE(test_support::WaitFor(
      [&] { return follower.Committed("stream", {0}).at(0) >= 20; },
      seconds(10)));
  EXPECT_LT(follower.Committed("stream", {0}).at(0),
            client_->Watermarks("stream", 0).second);
  EXPECT_TRUE(test_support::WaitFor(
      [&] { return client_->Topics()["payments"].partitions[1].leader == -1; },
      seconds(5)));
  EXPECT_EQ(Ask("group follower stop"), "OK group follower stopped");
  EXPECT_EQ(Ask("rate stream 0"), "OK producer stream rate 0");
}

TEST_F(KafkaMockClusterProcessTest, QuitExitsZeroWithinTwoSeconds) {
  EXPECT_EQ(Ask("quit"), "OK bye");
  EXPECT_EQ(process_->Wait(milliseconds(2000)), 0);
}

TEST(KafkaMockClusterCliTest, EndOfInputQuits) {
  const auto result = test_support::RunCommand(
      {test_support::FindBinary("kafka-mock-cluster").string(), "--log.level",
       "error"},
      "offsets orders 0\n");
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_THAT(result.output, HasSubstr("READY 127.0.0.1:"));
  // The built-in scenario: 120 records of history, then 2 records/s.
  EXPECT_THAT(result.output,
              ::testing::ContainsRegex("OK low=0 high=1[2-9][0-9]"));
}

TEST(KafkaMockClusterCliTest, BadScenarioExitsTwoNamingTheKey) {
  test_support::TempDir dir;
  const auto bad =
      dir.Write("bad.yaml", "topics: [{name: t, partitions: zero}]\n");
  const auto result = test_support::RunCommand(
      {test_support::FindBinary("kafka-mock-cluster").string(), "--scenario",
       bad.string()});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.output,
              HasSubstr("topics[0].partitions: must be an integer"));
}

TEST(KafkaMockClusterCliTest, BadFlagsExitTwo) {
  const std::string binary =
      test_support::FindBinary("kafka-mock-cluster").string();
  EXPECT_EQ(test_support::RunCommand({binary, "--brokers", "x"}).exit_code, 2);
  EXPECT_EQ(test_support::RunCommand({binary, "--nope"}).exit_code, 2);
  const auto level = test_support::RunCommand({binary, "--log.level", "loud"});
  EXPECT_EQ(level.exit_code, 2);
  EXPECT_THAT(level.output, HasSubstr("log.level"));
  const auto scale = test_support::RunCommand({binary, "--scale.groups", "3"});
  EXPECT_EQ(scale.exit_code, 2);
  EXPECT_THAT(scale.output, HasSubstr("--scale.topics: required"));
  const auto too_many =
      test_support::RunCommand({binary, "--scale.topics", "5000"});
  EXPECT_EQ(too_many.exit_code, 2);
  EXPECT_THAT(too_many.output,
              HasSubstr("--scale.topics: must be in [1, 1000]"));
  const auto help = test_support::RunCommand({binary, "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_THAT(help.output, HasSubstr("--scenario"));
  const auto version = test_support::RunCommand({binary, "--version"});
  EXPECT_THAT(version.output, StartsWith("kafka-mock-cluster version "));
}

}  // namespace
}  // namespace mock_cluster
