// Committed offsets and discovery against the librdkafka mock cluster.
#include "kafka_client/group_offsets.h"

#include <gtest/gtest.h>

#include <memory>

#include "kafka_client/client.h"
#include "mock_cluster/mock_cluster.h"

namespace kafka_client {
namespace {

using namespace std::chrono_literals;

class GroupOffsetsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    cluster_ = new mock_cluster::MockCluster(3);
    cluster_->CreateTopic("orders", 4);
    cluster_->Produce("orders", 0, {.count = 50});
    cluster_->Produce("orders", 1, {.count = 50});
    cluster_->Commit("billing", "orders", {{0, 42}, {1, 7}});
    cluster_->Commit("audit", "orders", {{3, 0}});
  }
  void SetUp() override {
    Properties properties;
    properties.Set("bootstrap.servers", cluster_->bootstrap(), "test");
    client_ = Client::Create(properties);
  }
  static mock_cluster::MockCluster* cluster_;  // left to process exit
  std::unique_ptr<Client> client_;
  const std::vector<TopicPartition> partitions_ = {
      {"orders", 0}, {"orders", 1}, {"orders", 2}, {"orders", 3}};
};
mock_cluster::MockCluster* GroupOffsetsTest::cluster_ = nullptr;

Deadline In(std::chrono::milliseconds d) {
  return std::chrono::steady_clock::now() + d;
}

TEST_F(GroupOffsetsTest, ReadsCommittedOffsetsInRequestOrder) {
  const std::vector<GroupOffsetsRequest> requests = {
      {"billing", partitions_}, {"audit", partitions_}};
  const auto results = FetchGroupOffsets(client_->get(), requests, 4, In(5s));
  ASSERT_EQ(results.size(), 2u);
  EXPECT_TRUE(results[0].ok()) << results[0].error_message;
  EXPECT_EQ(results[0].committed,
            (std::vector<int64_t>{42, 7, kNoOffset, kNoOffset}));
  EXPECT_EQ(results[1].committed,
            (std::vector<int64_t>{kNoOffset, kNoOffset, kNoOffset, 0}));
}

TEST_F(GroupOffsetsTest, UnknownGroupHasNoCommitsAndNoError) {
  const std::vector<GroupOffsetsRequest> requests = {{"nobody", partitions_}};
  const auto results = FetchGroupOffsets(client_->get(), requests, 1, In(5s));
  EXPECT_TRUE(results[0].ok());
  EXPECT_EQ(results[0].committed, std::vector<int64_t>(4, kNoOffset));
}

TEST_F(GroupOffsetsTest, ManyGroupsWithSmallConcurrencyAllAnswer) {
  std::vector<GroupOffsetsRequest> requests;
  for (int i = 0; i < 30; ++i) {
    requests.push_back({i % 2 ? "billing" : "g" + std::to_string(i),
                        std::span(partitions_).subspan(0, 2)});
  }
  const auto results = FetchGroupOffsets(client_->get(), requests, 3, In(10s));
  for (int i = 0; i < 30; ++i) {
    EXPECT_TRUE(results[i].ok()) << i;
    EXPECT_EQ(results[i].committed[0], i % 2 ? 42 : kNoOffset) << i;
  }
}

TEST_F(GroupOffsetsTest, EmptyPartitionListCostsNoRequest) {
  const std::vector<GroupOffsetsRequest> requests = {{"billing", {}}};
  const auto results = FetchGroupOffsets(client_->get(), requests, 1, In(1s));
  EXPECT_TRUE(results[0].ok());
  EXPECT_TRUE(results[0].committed.empty());
}

TEST_F(GroupOffsetsTest, PassedDeadlineTimesOutEveryGroupAtOnce) {
  const std::vector<GroupOffsetsRequest> requests = {{"billing", partitions_}};
  const auto started = std::chrono::steady_clock::now();
  const auto results = FetchGroupOffsets(client_->get(), requests, 1,
                                         std::chrono::steady_clock::now());
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1s);
  EXPECT_EQ(results[0].error, RD_KAFKA_RESP_ERR__TIMED_OUT);
  EXPECT_EQ(results[0].committed, std::vector<int64_t>(4, kNoOffset));
}

TEST_F(GroupOffsetsTest, DiscoveryOnTheMockIsUnsupported) {
  KafkaGroupDirectory directory(client_->get());
  const auto discovery = directory.ListGroups(In(5s));
  EXPECT_EQ(discovery.outcome, GroupDiscovery::Outcome::kUnsupported)
      << discovery.error;
  EXPECT_TRUE(discovery.groups.empty());
  // DescribeGroups is deliberately not called here: on this mock it can
  // deadlock rd_kafka_destroy or abort the process (test-environment.md).
}

}  // namespace
}  // namespace kafka_client
