// server.properties parsing and what the exporter discovers from it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include "java_properties.h"
#include "kafka_discovery.h"
#include "test_support/test_support.h"

namespace kafka_cert {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(JavaPropertiesTest, SeparatorsCommentsContinuationsAndEscapes) {
  Properties props = ParseJavaProperties(
      "# comment\n"
      "! also a comment\n"
      "a=1\n"
      "b : 2\n"
      "c 3\n"
      "  d=with spaces  \n"
      "e=first,\\\n"
      "   second\n"
      "f=tab\\there\\u00e9\n"
      "g\\=key=value\n"
      "h=C:\\\\path\r\n"
      "empty=\n");
  EXPECT_EQ(props["a"], "1");
  EXPECT_EQ(props["b"], "2");
  EXPECT_EQ(props["c"], "3");
  EXPECT_EQ(props["d"], "with spaces  ");
  EXPECT_EQ(props["e"], "first,second");
  EXPECT_EQ(props["f"], "tab\there\xC3\xA9");
  EXPECT_EQ(props["g=key"], "value");
  EXPECT_EQ(props["h"], "C:\\path");
  EXPECT_EQ(props["empty"], "");
  EXPECT_EQ(props.count("# comment"), 0u);
}

TEST(ConfigProvidersTest, ResolvesFileAndEnvReferences) {
  test_support::TempDir dir;
  auto secrets = dir.Write("secrets.properties", "keystore.password=s3cret\n");
  setenv("KAFKA_CERT_TEST_PASSWORD", "fromenv", 1);
  std::string problem;
  EXPECT_EQ(ResolveConfigProviders("${file:" + secrets.string() + ":keystore.password}",
                                   &problem),
            "s3cret");
  EXPECT_EQ(ResolveConfigProviders("${env:KAFKA_CERT_TEST_PASSWORD}", &problem), "fromenv");
  EXPECT_EQ(ResolveConfigProviders("plain", &problem), "plain");
  EXPECT_EQ(ResolveConfigProviders("${env:KAFKA_CERT_TEST_UNSET_VARIABLE}", &problem),
            std::nullopt);
  EXPECT_THAT(problem, HasSubstr("KAFKA_CERT_TEST_UNSET_VARIABLE"));
  EXPECT_EQ(ResolveConfigProviders("${file:/nonexistent:key}", &problem), std::nullopt);
  EXPECT_THAT(problem, HasSubstr("/nonexistent"));
}

TEST(DiscoveryTest, FindsTlsListenersWithOverridesAndAdvertisedNames) {
  Properties props = ParseJavaProperties(
      "listeners=PLAINTEXT://:9092,SSL://0.0.0.0:9093,INTERNAL://[::1]:9094\n"
      "advertised.listeners=PLAINTEXT://b1:9092,SSL://broker1.example.com:9093,"
      "INTERNAL://b1.internal:9094\n"
      "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,SSL:SSL,INTERNAL:SASL_SSL\n"
      "ssl.keystore.location=/etc/kafka/server.jks\n"
      "ssl.keystore.password=changeit\n"
      "ssl.truststore.location=/etc/kafka/truststore.jks\n"
      "listener.name.internal.ssl.keystore.location=/etc/kafka/internal.p12\n"
      "listener.name.internal.ssl.keystore.password=other\n");
  KafkaDiscovery found = DiscoverFromProperties(props, "/etc/kafka/server.properties");
  ASSERT_EQ(found.listeners.size(), 2u);
  const TlsListener& ssl = found.listeners[0];
  EXPECT_EQ(ssl.name, "SSL");
  EXPECT_EQ(ssl.bind_host, "0.0.0.0");
  EXPECT_EQ(ssl.port, 9093);
  EXPECT_EQ(ssl.advertised_host, "broker1.example.com");
  EXPECT_EQ(ssl.keystore, "/etc/kafka/server.jks");
  EXPECT_EQ(ssl.truststore, "/etc/kafka/truststore.jks");
  const TlsListener& internal = found.listeners[1];
  EXPECT_EQ(internal.name, "INTERNAL");
  EXPECT_EQ(internal.bind_host, "::1");
  EXPECT_EQ(internal.keystore, "/etc/kafka/internal.p12");
  EXPECT_EQ(internal.truststore, "/etc/kafka/truststore.jks");
  ASSERT_EQ(found.stores.size(), 3u);
  EXPECT_EQ(found.stores[0].path, "/etc/kafka/server.jks");
  EXPECT_EQ(found.stores[0].password, "changeit");
  EXPECT_EQ(found.stores[1].path, "/etc/kafka/truststore.jks");
  EXPECT_EQ(found.stores[1].password, std::nullopt);
  EXPECT_EQ(found.stores[2].path, "/etc/kafka/internal.p12");
  EXPECT_EQ(found.stores[2].password, "other");
  EXPECT_EQ(found.stores[2].config_key, "listener.name.internal.ssl.keystore.location");
  EXPECT_TRUE(found.warnings.empty());
}

TEST(DiscoveryTest, ListenerNamesAreTheirProtocolWithoutAMap) {
  KafkaDiscovery found = DiscoverFromProperties(
      ParseJavaProperties("listeners=SSL://host1:9093,SASL_SSL://:9094,PLAINTEXT://:9092\n"),
      "p");
  ASSERT_EQ(found.listeners.size(), 2u);
  EXPECT_EQ(found.listeners[0].bind_host, "host1");
  EXPECT_EQ(found.listeners[1].name, "SASL_SSL");
  EXPECT_EQ(found.listeners[1].advertised_host, "");
}

TEST(DiscoveryTest, InlinePemAndUnresolvablePasswordsAreReported) {
  KafkaDiscovery found = DiscoverFromProperties(
      ParseJavaProperties("listeners=SSL://:9093\n"
                          "ssl.keystore.type=PEM\n"
                          "ssl.keystore.certificate.chain=-----BEGIN CERTIFICATE-----\\n"
                          "abc\\n-----END CERTIFICATE-----\n"
                          "ssl.truststore.location=/t.jks\n"
                          "ssl.truststore.password=${env:KAFKA_CERT_TEST_UNSET_VARIABLE}\n"
                          "listeners.bogus=1\n"),
      "/k/server.properties");
  ASSERT_EQ(found.inline_pems.size(), 1u);
  EXPECT_EQ(found.inline_pems[0].config_key, "ssl.keystore.certificate.chain");
  EXPECT_THAT(found.inline_pems[0].pem, HasSubstr("\nabc\n"));
  ASSERT_EQ(found.listeners.size(), 1u);
  EXPECT_EQ(found.listeners[0].keystore,
            "/k/server.properties#ssl.keystore.certificate.chain");
  ASSERT_EQ(found.warnings.size(), 1u);
  EXPECT_THAT(found.warnings[0], HasSubstr("ssl.truststore.password"));
  EXPECT_EQ(found.stores.at(0).password, std::nullopt);
}

TEST(DiscoveryTest, MalformedListenersAreWarningsNotCrashes) {
  KafkaDiscovery found = DiscoverFromProperties(
      ParseJavaProperties("listeners=SSL://nohost,SSL://:99999,://:1,SSL://[::1]:abc,SSL://:9093\n"),
      "p");
  EXPECT_EQ(found.warnings.size(), 4u);
  ASSERT_EQ(found.listeners.size(), 1u);
  EXPECT_EQ(found.listeners[0].port, 9093);
}

}  // namespace
}  // namespace kafka_cert
