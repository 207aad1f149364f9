// The in-process fixture, checked from the outside by a plain librdkafka
// client that knows only the bootstrap string.
#include "mock_cluster/mock_cluster.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "kafka_client.h"

namespace mock_cluster {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::KafkaClient;

class MockClusterTest : public ::testing::Test {
 protected:
  MockClusterTest() : cluster_(3, Options()) {
    cluster_.CreateTopic("orders", 6);
    cluster_.CreateTopic("payments", 2);
  }
  static MockClusterOptions Options() {
    MockClusterOptions options;
    options.delivery_timeout = std::chrono::milliseconds(1000);
    options.request_timeout = std::chrono::milliseconds(3000);
    return options;
  }

  MockCluster cluster_;
  KafkaClient client_{cluster_.bootstrap()};
};

TEST_F(MockClusterTest, MetadataShowsBrokersAndExactPartitionCounts) {
  EXPECT_THAT(client_.Brokers(), ::testing::UnorderedElementsAre(1, 2, 3));
  auto topics = client_.Topics();
  ASSERT_EQ(topics.count("orders"), 1u);
  EXPECT_EQ(topics["orders"].partitions.size(), 6u);
  EXPECT_EQ(topics["payments"].partitions.size(), 2u);
  EXPECT_EQ(cluster_.PartitionCount("orders"), 6);
  EXPECT_EQ(cluster_.Topics(),
            (std::map<std::string, int>{{"orders", 6}, {"payments", 2}}));
}

TEST_F(MockClusterTest, SetLeaderMovesLeadershipAndMinusOneTakesOffline) {
  cluster_.SetLeader("orders", 1, 3);
  cluster_.SetLeader("orders", 2, -1);
  auto topics = client_.Topics();
  EXPECT_EQ(topics["orders"].partitions[1].leader, 3);
  EXPECT_EQ(topics["orders"].partitions[2].leader, -1);
  EXPECT_THAT(topics["orders"].partitions[1].replicas, ElementsAre(1, 2, 3));
}

TEST_F(MockClusterTest, ProduceReturnsTheWatermarkClientsSee) {
  EXPECT_EQ(cluster_.Produce("orders", 0, Records{.count = 7}), 7);
  EXPECT_EQ(cluster_.Produce("orders", 0, Records{.count = 3}), 10);
  EXPECT_EQ(client_.Watermarks("orders", 0), std::make_pair(0L, 10L));
  EXPECT_EQ(client_.Watermarks("orders", 1), std::make_pair(0L, 0L));
  EXPECT_EQ(cluster_.TrackedHighWatermark("orders", 0), 10);
  EXPECT_EQ(cluster_.QueryWatermarks("orders", 0, std::chrono::seconds(3)),
            (Watermarks{0, 10}));
}

TEST_F(MockClusterTest, RecordsCarryTheRequestedCreateTime) {
  const int64_t start = NowMs() - 600'000;
  cluster_.Produce("payments", 1,
                   Records{.count = 3,
                           .timestamp_ms = start,
                           .last_timestamp_ms = start + 2000,
                           .key_size = 4});
  EXPECT_THAT(client_.ReadTimestamps("payments", 1, 3),
              ElementsAre(start, start + 1000, start + 2000));
}

TEST_F(MockClusterTest, AsyncProduceIsVisibleAfterFlush) {
  for (int32_t p = 0; p < 6; ++p) {
    cluster_.ProduceAsync("orders", p, Records{.count = 5});
  }
  EXPECT_EQ(cluster_.Flush(std::chrono::seconds(5)), 0);
  for (int32_t p = 0; p < 6; ++p) {
    EXPECT_EQ(client_.Watermarks("orders", p).second, 5) << p;
  }
}

TEST_F(MockClusterTest, CommitIsVisibleToTheGroupsConsumers) {
  cluster_.Commit("billing", "orders", {{0, 4}, {5, 9}});
  KafkaClient member(cluster_.bootstrap(), "billing");
  EXPECT_EQ(member.Committed("orders", {0, 1, 5}),
            (std::map<int32_t, int64_t>{{0, 4}, {1, -1001}, {5, 9}}));
}

TEST_F(MockClusterTest, TopicErrorShowsInMetadataUntilCleared) {
  cluster_.SetTopicError("payments", 5);
  EXPECT_EQ(client_.Topics()["payments"].error, 5);
  cluster_.SetTopicError("payments", 0);
  EXPECT_EQ(client_.Topics()["payments"].error, 0);
}

TEST_F(MockClusterTest, ProduceToADownLeaderFailsAndWorksAfterUp) {
  cluster_.SetLeader("payments", 0, 2);
  cluster_.SetBrokerDown(2);
  EXPECT_THROW(cluster_.Produce("payments", 0, Records{.count = 1}),
               MockClusterError);
  cluster_.SetBrokerUp(2);
  EXPECT_GE(cluster_.Produce("payments", 0, Records{.count = 1}), 1);
}

TEST_F(MockClusterTest, BadArgumentsThrowNamingTheProblem) {
  auto message_of = [](auto&& call) {
    try {
      call();
    } catch (const MockClusterError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_THAT(message_of([&] { cluster_.SetLeader("nope", 0, 1); }),
              HasSubstr("unknown topic nope"));
  EXPECT_THAT(message_of([&] { cluster_.SetLeader("orders", 6, 1); }),
              HasSubstr("orders/6 does not exist"));
  EXPECT_THAT(message_of([&] { cluster_.SetLeader("orders", 0, 4); }),
              HasSubstr("broker 4 does not exist"));
  EXPECT_THAT(message_of([&] { cluster_.SetBrokerDown(0); }),
              HasSubstr("broker 0 does not exist"));
  EXPECT_THAT(message_of([&] { cluster_.CreateTopic("orders", 1); }),
              HasSubstr("already exists"));
  EXPECT_THAT(message_of([&] { cluster_.CreateTopic("empty", 0); }),
              HasSubstr("at least 1 partition"));
  EXPECT_THAT(message_of([&] {
                cluster_.Commit("g", "orders", {{-1, 0}});
              }),
              HasSubstr("orders/-1 does not exist"));
  EXPECT_THAT(message_of([] { MockCluster none(0); }),
              HasSubstr("at least one broker"));
}

}  // namespace
}  // namespace mock_cluster
