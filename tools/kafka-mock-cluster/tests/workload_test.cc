// Rate-driven producers and moving groups, ticked by hand against an
// in-process cluster so every step is exact.
#include "workload.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "kafka_client.h"

namespace mock_cluster {
namespace {

using std::chrono::seconds;
using testing::KafkaClient;

class WorkloadTest : public ::testing::Test {
 protected:
  WorkloadTest() {
    cluster_.CreateTopic("orders", 3);
    cluster_.ProduceToAll("orders", Records{.count = 10});
  }
  std::map<int32_t, int64_t> CommittedBy(const std::string& group) {
    return KafkaClient(cluster_.bootstrap(), group)
        .Committed("orders", {0, 1, 2});
  }

  MockCluster cluster_{3};
  Workload workload_{cluster_};
};

TEST_F(WorkloadTest, ProducerRateIsSpreadOverPartitions) {
  workload_.SetProducerRate("orders", 6);  // 2 records/s per partition
  workload_.TickProducers(seconds(1));
  workload_.TickProducers(std::chrono::milliseconds(250));  // 0.5 owed each
  workload_.TickProducers(std::chrono::milliseconds(250));  // now 1 more
  ASSERT_EQ(cluster_.Flush(seconds(5)), 0);
  for (int32_t p = 0; p < 3; ++p) {
    EXPECT_EQ(cluster_.TrackedHighWatermark("orders", p), 13) << p;
  }
  EXPECT_THROW(workload_.SetProducerRate("nope", 1), MockClusterError);
}

TEST_F(WorkloadTest, RateGroupAdvancesAndStopsAtTheEnd) {
  workload_.AddGroup("replay", {{"orders", {{0, 0}, {1, 8}}}},
                     GroupMotion{GroupMotion::Kind::kRate, 9, 0});
  EXPECT_TRUE(workload_.TickGroups(seconds(1)).empty());  // 3/s/partition
  // Partition 2 was never committed, so it stays without an offset.
  EXPECT_EQ(CommittedBy("replay"),
            (std::map<int32_t, int64_t>{{0, 3}, {1, 10}, {2, -1001}}));
}

TEST_F(WorkloadTest, TrackingGroupFollowsTheEndWithItsLag) {
  workload_.AddGroup("billing", {{"orders", {{0, 0}, {1, 0}, {2, 0}}}},
                     GroupMotion{GroupMotion::Kind::kTrack, 0, 4});
  workload_.TickGroups(seconds(1));
  EXPECT_EQ(CommittedBy("billing"),
            (std::map<int32_t, int64_t>{{0, 6}, {1, 6}, {2, 6}}));
  cluster_.Produce("orders", 1, Records{.count = 5});
  workload_.SetGroupMotion("billing",
                           GroupMotion{GroupMotion::Kind::kTrack, 0, 20});
  workload_.TickGroups(seconds(1));
  EXPECT_EQ(CommittedBy("billing"),
            (std::map<int32_t, int64_t>{{0, 0}, {1, 0}, {2, 0}}));
}

TEST_F(WorkloadTest, StoppedGroupAndCommandCommitsStayPut) {
  workload_.Commit("audit", "orders", 2, 7);  // a new group starts still
  workload_.TickGroups(seconds(5));
  EXPECT_EQ(CommittedBy("audit").at(2), 7);
  workload_.SetGroupMotion("audit",
                           GroupMotion{GroupMotion::Kind::kRate, 3, 0});
  workload_.TickGroups(seconds(1));
  EXPECT_EQ(CommittedBy("audit").at(2), 8);  // continues from the commit
  EXPECT_THROW(workload_.SetGroupMotion("ghost", GroupMotion{}),
               MockClusterError);
  EXPECT_THROW(workload_.Commit("audit", "orders", 3, 1), MockClusterError);
}

}  // namespace
}  // namespace mock_cluster
