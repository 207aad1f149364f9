#include "topic_ids.h"

#include <gtest/gtest.h>

namespace lag_exporter {
namespace {

TEST(TopicIdsTest, OneKeyPerTopicAndPartition) {
  TopicIds ids;
  const auto orders_0 = ids.PartitionKey("orders", 0);
  EXPECT_EQ(ids.PartitionKey("orders", 0), orders_0);
  EXPECT_NE(ids.PartitionKey("orders", 1), orders_0);
  EXPECT_NE(ids.PartitionKey("payments", 0), orders_0);
  // Partition ids are Kafka int32s: the largest stays apart from the next topic.
  EXPECT_NE(ids.PartitionKey("orders", 2147483647), ids.PartitionKey("payments", 0));
  EXPECT_EQ(ids.Id("orders"), 0u);
  EXPECT_EQ(ids.Id("payments"), 1u);
}

}  // namespace
}  // namespace lag_exporter
