// RdKafkaAdmin against librdkafka's mock cluster: metadata works there; the
// admin calls the mock lacks must fail cleanly within their timeout.
#include "rdkafka_admin.h"

#include <gtest/gtest.h>

#include "kafka_client/client.h"
#include "mock_cluster/mock_cluster.h"

namespace webhook_receiver {
namespace {

using namespace std::chrono_literals;

class RdKafkaAdminTest : public ::testing::Test {
 protected:
  void SetUp() override {
    cluster_.CreateTopic("orders", 6);
    kafka_client::Properties properties;
    properties.Set("bootstrap.servers", cluster_.bootstrap(), "test");
    admin_ = std::make_unique<RdKafkaAdmin>(kafka_client::Client::Create(properties));
  }
  mock_cluster::MockCluster cluster_{3};
  std::unique_ptr<RdKafkaAdmin> admin_;
};

TEST_F(RdKafkaAdminTest, PartitionCountFromMetadata) {
  EXPECT_EQ(admin_->PartitionCount("orders", 5s), 6);
}

TEST_F(RdKafkaAdminTest, UnsupportedCallsFailWithinTheirTimeout) {
  auto start = std::chrono::steady_clock::now();
  EXPECT_THROW(admin_->RetentionMs("orders", 1s), KafkaAdminError);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
}

}  // namespace
}  // namespace webhook_receiver
