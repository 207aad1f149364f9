#include "kafka_client/metadata.h"

#include <gtest/gtest.h>

#include "cluster_fixture.h"
#include "kafka_client/kafka_error.h"
#include "test_support/test_support.h"

namespace kafka_client {
namespace {

using MetadataTest = ClusterFixture;

TEST_F(MetadataTest, ListsBrokersTopicsAndPartitionsInOrder) {
  const auto metadata = Metadata();
  ASSERT_EQ(metadata.brokers.size(), 3u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(metadata.brokers[i].id, i + 1);
    EXPECT_EQ(metadata.brokers[i].host, "127.0.0.1");
    EXPECT_GT(metadata.brokers[i].port, 0);
  }
  const auto& orders = Topic(metadata, "orders");
  ASSERT_EQ(orders.partitions.size(), 6u);
  for (int p = 0; p < 6; ++p) {
    const auto& partition = orders.partitions[p];
    EXPECT_EQ(partition.id, p);
    EXPECT_GE(partition.leader, 1);
    EXPECT_LE(partition.leader, 3);
    EXPECT_EQ(partition.replicas, (std::vector<std::int32_t>{1, 2, 3}));
    EXPECT_EQ(partition.in_sync_replicas, partition.replicas);
  }
  EXPECT_EQ(Topic(metadata, "payments").partitions.size(), 2u);
}

TEST_F(MetadataTest, LeaderMovesAndOfflinePartitionsShowAsMinusOne) {
  cluster_->SetLeader("payments", 0, 3);
  cluster_->SetLeader("payments", 1, -1);
  const auto metadata = Metadata();
  const auto& payments = Topic(metadata, "payments");
  EXPECT_EQ(payments.partitions[0].leader, 3);
  EXPECT_EQ(payments.partitions[1].leader, -1);
  cluster_->SetLeader("payments", 1, 1);
}

TEST(MetadataUnreachableTest, NoBrokerAnsweringThrowsWithinTheTimeout) {
  Properties properties;
  // A port nothing listens on: connections are refused.
  properties.Set("bootstrap.servers",
                 "127.0.0.1:" + std::to_string(test_support::FreePort()),
                 "test");
  auto client = Client::Create(properties);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_THROW(FetchMetadata(client->get(), std::chrono::milliseconds(500)),
               KafkaError);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
}

}  // namespace
}  // namespace kafka_client
