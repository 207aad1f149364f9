#pragma once
// A 3-broker mock cluster with an "orders" topic of 6 partitions, and a
// kafka_client::Client pointed at it. Shared per test suite: the cluster is
// reset only by tests that change it, and they undo what they change.
#include <gtest/gtest.h>

#include <memory>

#include "kafka_client/client.h"
#include "kafka_client/metadata.h"
#include "mock_cluster/mock_cluster.h"

namespace kafka_client {

class ClusterFixture : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    cluster_ = std::make_unique<mock_cluster::MockCluster>(3);
    cluster_->CreateTopic("orders", 6);
    cluster_->CreateTopic("payments", 2);
    Properties properties;
    properties.Set("bootstrap.servers", cluster_->bootstrap(), "test");
    client_ = Client::Create(properties);
  }
  static void TearDownTestSuite() {
    client_.reset();  // clients before the cluster
    cluster_.reset();
  }

  // A failed SetUpTestSuite would otherwise skip, not fail, the tests.
  void SetUp() override { ASSERT_TRUE(client_) << "mock cluster setup failed"; }

  static ClusterMetadata Metadata() {
    return FetchMetadata(client_->get(), std::chrono::seconds(5));
  }
  static const TopicMetadata& Topic(const ClusterMetadata& metadata,
                                    const std::string& name) {
    for (const auto& topic : metadata.topics) {
      if (topic.name == name) return topic;
    }
    throw std::runtime_error("no topic " + name);
  }

  static inline std::unique_ptr<mock_cluster::MockCluster> cluster_;
  static inline std::unique_ptr<Client> client_;
};

}  // namespace kafka_client
