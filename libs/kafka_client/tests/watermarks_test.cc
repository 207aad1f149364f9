#include "kafka_client/watermarks.h"

#include <gtest/gtest.h>

#include <map>

#include "cluster_fixture.h"

namespace kafka_client {
namespace {

using Clock = std::chrono::steady_clock;

class WatermarksTest : public ClusterFixture {
 protected:
  static std::vector<PartitionRef> Refs(const std::string& name) {
    std::vector<PartitionRef> refs;
    const auto metadata = Metadata();
    for (const auto& partition : Topic(metadata, name).partitions) {
      refs.push_back({name, partition.id, partition.leader});
    }
    return refs;
  }
};

TEST_F(WatermarksTest, ReturnsLowAndHighOfEveryPartition) {
  std::map<int, std::int64_t> produced;
  for (int p = 0; p < 6; ++p) {
    produced[p] = cluster_->Produce("orders", p, {.count = p + 1});
  }
  const auto refs = Refs("orders");
  const auto results =
      FetchWatermarks(client_->get(), refs, Clock::now() + std::chrono::seconds(5));
  ASSERT_EQ(results.size(), 6u);
  for (int p = 0; p < 6; ++p) {
    EXPECT_TRUE(results[p].ok()) << p << " leader " << refs[p].leader << " "
                                 << rd_kafka_err2str(results[p].error);
    EXPECT_EQ(results[p].low, 0) << p;
    EXPECT_EQ(results[p].high, produced[p]) << p;
  }
}

TEST_F(WatermarksTest, OfflinePartitionFailsWithoutARequest) {
  std::vector<PartitionRef> refs = {{"orders", 0, -1}};
  EXPECT_EQ(WatermarkRequestCount(refs), 0u);
  const auto results =
      FetchWatermarks(client_->get(), refs, Clock::now() + std::chrono::seconds(5));
  EXPECT_EQ(results[0].error, RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE);
  EXPECT_EQ(results[0].high, -1);
}

TEST_F(WatermarksTest, RequestsAreCountedPerLeaderNotPerPartition) {
  std::vector<PartitionRef> refs;
  for (int p = 0; p < 30; ++p) refs.push_back({"t", p, 1 + p % 3});
  refs.push_back({"t", 99, -1});
  EXPECT_EQ(WatermarkRequestCount(refs), 6u);
  // A leader with more than max_batch partitions takes one request per chunk.
  EXPECT_EQ(WatermarkRequestCount(refs, 4), 2u * 3 * 3);
}

TEST_F(WatermarksTest, SmallChunksGiveTheSameAnswers) {
  std::vector<std::int64_t> produced;
  for (int p = 0; p < 6; ++p) produced.push_back(cluster_->Produce("orders", p, {.count = 2}));
  const auto refs = Refs("orders");
  const auto results = FetchWatermarks(
      client_->get(), refs, Clock::now() + std::chrono::seconds(5), /*max_batch=*/1);
  for (int p = 0; p < 6; ++p) {
    ASSERT_TRUE(results[p].ok()) << p;
    EXPECT_EQ(results[p].high, produced[p]) << p;
  }
}

TEST_F(WatermarksTest, ADownLeaderFailsOnlyItsPartitionsByTheDeadline) {
  // Put every partition of "payments" on its own leader: 0 on 2, 1 on 3.
  cluster_->SetLeader("payments", 0, 2);
  cluster_->SetLeader("payments", 1, 3);
  cluster_->Produce("payments", 1, {.count = 4});
  const auto refs = Refs("payments");
  cluster_->SetBrokerDown(2);
  const auto start = Clock::now();
  const auto results =
      FetchWatermarks(client_->get(), refs, start + std::chrono::seconds(1));
  const auto elapsed = Clock::now() - start;
  cluster_->SetBrokerUp(2);

  EXPECT_LT(elapsed, std::chrono::milliseconds(1500));
  EXPECT_FALSE(results[0].ok());
  EXPECT_EQ(results[0].low, -1);
  ASSERT_TRUE(results[1].ok()) << rd_kafka_err2str(results[1].error);
  EXPECT_GE(results[1].high, 4);
}

TEST_F(WatermarksTest, APassedDeadlineTimesOutEveryBatchAtOnce) {
  const auto refs = Refs("orders");
  const auto results =
      FetchWatermarks(client_->get(), refs, Clock::now() - std::chrono::seconds(1));
  for (const auto& result : results) {
    EXPECT_EQ(result.error, RD_KAFKA_RESP_ERR__TIMED_OUT);
  }
}

}  // namespace
}  // namespace kafka_client
