#include "kafka_client/properties.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "exporter_kit/config.h"

namespace kafka_client {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(PropertiesTest, SettingAKeyAgainReplacesItInPlace) {
  Properties properties;
  properties.Set("client.id", "a", "--kafka.client-id");
  properties.Set("acks", "all", "defaults");
  properties.Set("client.id", "b", "--kafka.config");
  ASSERT_EQ(properties.items().size(), 2u);
  EXPECT_EQ(properties.items()[0].key, "client.id");
  EXPECT_EQ(properties.items()[0].value, "b");
  EXPECT_EQ(properties.items()[0].origin, "--kafka.config");
  EXPECT_EQ(properties.Get("acks"), "all");
  EXPECT_EQ(properties.Get("missing"), std::nullopt);
}

TEST(PropertiesTest, DescribeHidesSecretValues) {
  Properties properties;
  properties.Set("sasl.username", "alice", "--kafka.sasl.username");
  properties.Set("sasl.password", "hunter2", "--kafka.sasl.password");
  properties.Set("custom", "opaque", "test", /*secret=*/true);
  const auto text = properties.Describe();
  EXPECT_EQ(text,
            "sasl.username=alice, sasl.password=<secret>, custom=<secret>");
}

TEST(PropertiesTest, SecretKeysAreRecognised) {
  EXPECT_TRUE(IsSecretKey("sasl.password"));
  EXPECT_TRUE(IsSecretKey("ssl.key.password"));
  EXPECT_TRUE(IsSecretKey("sasl.oauthbearer.client.secret"));
  EXPECT_TRUE(IsSecretKey("sasl.oauthbearer.config"));
  EXPECT_FALSE(IsSecretKey("sasl.username"));
  EXPECT_FALSE(IsSecretKey("bootstrap.servers"));
}

TEST(PropertiesTest, SplitKeyValueKeepsEqualsSignsInTheValue) {
  const auto [key, value] = SplitKeyValue("sasl.oauthbearer.config=a=b c=d",
                                          "--kafka.config");
  EXPECT_EQ(key, "sasl.oauthbearer.config");
  EXPECT_EQ(value, "a=b c=d");
}

TEST(PropertiesTest, SplitKeyValueRejectsTextWithoutKeyAndNeverEchoesIt) {
  try {
    SplitKeyValue("hunter2", "--kafka.config");
    FAIL() << "expected ConfigError";
  } catch (const exporter_kit::ConfigError& e) {
    EXPECT_THAT(e.what(), HasSubstr("--kafka.config"));
    EXPECT_THAT(e.what(), Not(HasSubstr("hunter2")));
  }
  EXPECT_THROW(SplitKeyValue("=value", "--kafka.config"),
               exporter_kit::ConfigError);
}

}  // namespace
}  // namespace kafka_client
