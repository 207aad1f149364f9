#include "kafka_client/client.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cluster_fixture.h"
#include "exporter_kit/config.h"
#include "kafka_client/kafka_error.h"
#include "test_support/test_support.h"

namespace kafka_client {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string CreateError(const Properties& properties) {
  try {
    Client::Create(properties);
  } catch (const exporter_kit::ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(ClientCreateTest, UnknownPropertyNamesItsOriginAndKey) {
  Properties properties;
  properties.Set("no.such.property", "1", "--kafka.config");
  EXPECT_EQ(CreateError(properties),
            "--kafka.config: no.such.property: unknown librdkafka property");
}

TEST(ClientCreateTest, InvalidValueNamesTheKeyAndLibrdkafkasReason) {
  Properties properties;
  properties.Set("security.protocol", "carrier-pigeon",
                 "config file section kafka");
  const auto error = CreateError(properties);
  EXPECT_THAT(error, HasSubstr("config file section kafka: security.protocol"));
  EXPECT_THAT(error, HasSubstr("carrier-pigeon"));
}

TEST(ClientCreateTest, InvalidSecretValueIsNeverEchoed) {
  Properties properties;
  // ssl.key.password accepts any text; a secret-looking enum key does not.
  properties.Set("sasl.oauthbearer.method", "hunter2", "--kafka.config",
                 /*secret=*/true);
  const auto error = CreateError(properties);
  EXPECT_THAT(error, HasSubstr("sasl.oauthbearer.method: invalid value"));
  EXPECT_THAT(error, Not(HasSubstr("hunter2")));
}

TEST(ClientCreateTest, HandleThatLibrdkafkaRefusesIsAConfigError) {
  Properties properties;
  properties.Set("security.protocol", "ssl", "--kafka.security-protocol");
  properties.Set("ssl.ca.location", "/nonexistent/ca.pem",
                 "--kafka.tls.ca-file");
  EXPECT_THAT(CreateError(properties), HasSubstr("kafka client: "));
}

using ClientStatisticsTest = ClusterFixture;

TEST_F(ClientStatisticsTest, ReportsEveryBrokerUpWithRoundTripTimes) {
  Metadata();  // learn the brokers
  ASSERT_TRUE(test_support::WaitFor(
      [] {
        const auto snapshot = client_->Statistics();
        if (!snapshot || snapshot->statistics.brokers.size() != 3) return false;
        for (const auto& broker : snapshot->statistics.brokers) {
          if (!broker.Up()) return false;
        }
        return true;
      },
      std::chrono::seconds(10)));
  const auto snapshot = client_->Statistics();
  for (int id = 1; id <= 3; ++id) {
    const auto* broker = snapshot->statistics.Broker(id);
    ASSERT_NE(broker, nullptr) << id;
    EXPECT_GT(broker->requests_sent, 0) << id;
  }
}

TEST_F(ClientStatisticsTest, ABrokerThatGoesDownIsSeenDownThenUpAgain) {
  Metadata();
  auto state = [](int id) {
    const auto snapshot = client_->Statistics();
    const auto* broker = snapshot ? snapshot->statistics.Broker(id) : nullptr;
    return broker ? broker->state : std::string();
  };
  ASSERT_TRUE(test_support::WaitFor([&] { return state(2) == "UP"; },
                                    std::chrono::seconds(10)));
  cluster_->SetBrokerDown(2);
  EXPECT_TRUE(test_support::WaitFor(
      [&] {
        try {  // traffic makes the client notice; it may hit broker 2
          FetchMetadata(client_->get(), std::chrono::milliseconds(500));
        } catch (const KafkaError&) {
        }
        return state(2) != "UP";
      },
      std::chrono::seconds(15)));
  cluster_->SetBrokerUp(2);
  EXPECT_TRUE(test_support::WaitFor([&] { return state(2) == "UP"; },
                                    std::chrono::seconds(20)));
}

}  // namespace
}  // namespace kafka_client
