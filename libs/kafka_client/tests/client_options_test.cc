#include "kafka_client/client_options.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include "exporter_kit/app.h"
#include "exporter_kit/config.h"
#include "test_support/test_support.h"

namespace kafka_client {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

struct Parsed {
  int exit_code = -1;
  Properties properties;
  std::string error;
};

// Runs the real command-line and config-file path of an App under
// --check-config, with the client flags registered.
Parsed Parse(std::vector<std::string> args) {
  exporter_kit::App app({"test-exporter", "test_exporter", "test", ":0"});
  RegisterClientOptions(app);
  args.insert(args.begin(), {"test-exporter", "--check-config"});
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  Parsed parsed;
  parsed.exit_code = app.Main(
      static_cast<int>(argv.size()), argv.data(),
      [&](exporter_kit::App&, const exporter_kit::Config& config) {
        try {
          parsed.properties = ClientProperties(config);
        } catch (const exporter_kit::ConfigError& e) {
          parsed.error = e.what();
          throw;
        }
      });
  return parsed;
}

TEST(ClientOptionsTest, DefaultsMatchKafkaExporter) {
  const auto parsed = Parse({});
  ASSERT_EQ(parsed.exit_code, 0) << parsed.error;
  EXPECT_EQ(parsed.properties.Get("bootstrap.servers"), "kafka:9092");
  EXPECT_EQ(parsed.properties.Get("security.protocol"), "plaintext");
  EXPECT_EQ(parsed.properties.Get("client.id"), "test-exporter");
}

TEST(ClientOptionsTest, ServersAreRepeatableAndCommaSeparated) {
  const auto parsed =
      Parse({"--kafka.server=a:1,b:2", "--kafka.server", "c:3"});
  ASSERT_EQ(parsed.exit_code, 0) << parsed.error;
  EXPECT_EQ(parsed.properties.Get("bootstrap.servers"), "a:1,b:2,c:3");
}

TEST(ClientOptionsTest, ServerWithoutPortIsAConfigError) {
  const auto parsed = Parse({"--kafka.server=broker1"});
  EXPECT_EQ(parsed.exit_code, 2);
  EXPECT_THAT(parsed.error, HasSubstr("--kafka.server"));
  EXPECT_THAT(parsed.error, HasSubstr("broker1"));
}

TEST(ClientOptionsTest, ScramPasswordFromFileIsResolvedAndMarkedSecret) {
  test_support::TempDir dir;
  const auto file = dir.Write("password", "s3cret\n");
  const auto parsed =
      Parse({"--kafka.sasl.mechanism=scram-sha512", "--kafka.sasl.username=bob",
             "--kafka.sasl.password=file:" + file.string()});
  ASSERT_EQ(parsed.exit_code, 0) << parsed.error;
  EXPECT_EQ(parsed.properties.Get("sasl.mechanism"), "SCRAM-SHA-512");
  EXPECT_EQ(parsed.properties.Get("sasl.username"), "bob");
  EXPECT_EQ(parsed.properties.Get("sasl.password"), "s3cret");
  EXPECT_EQ(parsed.properties.Get("security.protocol"), "sasl_plaintext");
  EXPECT_THAT(parsed.properties.Describe(), Not(HasSubstr("s3cret")));
}

TEST(ClientOptionsTest, PasswordFromTheEnvironment) {
  ::setenv("KAFKA_CLIENT_TEST_PASSWORD", "from-env", 1);
  const auto parsed =
      Parse({"--kafka.sasl.mechanism=PLAIN", "--kafka.sasl.username=bob",
             "--kafka.sasl.password=env:KAFKA_CLIENT_TEST_PASSWORD"});
  ASSERT_EQ(parsed.exit_code, 0) << parsed.error;
  EXPECT_EQ(parsed.properties.Get("sasl.password"), "from-env");
}

TEST(ClientOptionsTest, MissingSecretFileNamesTheFlagNotTheSecret) {
  const auto parsed =
      Parse({"--kafka.sasl.mechanism=PLAIN", "--kafka.sasl.username=bob",
             "--kafka.sasl.password=file:/nonexistent/password"});
  EXPECT_EQ(parsed.exit_code, 2);
  EXPECT_THAT(parsed.error, HasSubstr("--kafka.sasl.password"));
}

TEST(ClientOptionsTest, SaslNeedsAUsernameAndAKnownMechanism) {
  auto parsed = Parse({"--kafka.sasl.mechanism=PLAIN"});
  EXPECT_EQ(parsed.exit_code, 2);
  EXPECT_THAT(parsed.error, HasSubstr("--kafka.sasl.username"));

  parsed = Parse({"--kafka.sasl.mechanism=GSSAPI2"});
  EXPECT_EQ(parsed.exit_code, 2);
  EXPECT_THAT(parsed.error, HasSubstr("--kafka.sasl.mechanism"));
  EXPECT_THAT(parsed.error, HasSubstr("GSSAPI2"));
}

TEST(ClientOptionsTest, OauthBearerWithTokenUrlUsesOidc) {
  const auto parsed = Parse(
      {"--kafka.sasl.mechanism=OAUTHBEARER", "--kafka.tls.enabled",
       "--kafka.sasl.oauthbearer.token-url=https://idp.example/token",
       "--kafka.sasl.oauthbearer.client-id=exporter",
       "--kafka.sasl.oauthbearer.client-secret=xyz",
       "--kafka.sasl.oauthbearer.scope=kafka"});
  ASSERT_EQ(parsed.exit_code, 0) << parsed.error;
  EXPECT_EQ(parsed.properties.Get("security.protocol"), "sasl_ssl");
  EXPECT_EQ(parsed.properties.Get("sasl.oauthbearer.method"), "oidc");
  EXPECT_EQ(parsed.properties.Get("sasl.oauthbearer.token.endpoint.url"),
            "https://idp.example/token");
  EXPECT_EQ(parsed.properties.Get("sasl.oauthbearer.client.secret"), "xyz");
  EXPECT_EQ(parsed.properties.Get("sasl.oauthbearer.scope"), "kafka");
}

TEST(ClientOptionsTest, TlsFilesMustExist) {
  auto parsed = Parse({"--kafka.tls.ca-file=/nonexistent/ca.pem"});
  EXPECT_EQ(parsed.exit_code, 2);
  EXPECT_THAT(parsed.error, HasSubstr("--kafka.tls.ca-file"));

  test_support::TempDir dir;
  const auto ca = dir.Write("ca.pem", "placeholder");
  parsed = Parse({"--kafka.tls.ca-file=" + ca.string()});
  ASSERT_EQ(parsed.exit_code, 0) << parsed.error;
  EXPECT_EQ(parsed.properties.Get("security.protocol"), "ssl");
  EXPECT_EQ(parsed.properties.Get("ssl.ca.location"), ca.string());
}

TEST(ClientOptionsTest, UnknownSecurityProtocolIsAConfigError) {
  const auto parsed = Parse({"--kafka.security-protocol=tls"});
  EXPECT_EQ(parsed.exit_code, 2);
  EXPECT_THAT(parsed.error, HasSubstr("--kafka.security-protocol"));
}

TEST(ClientOptionsTest, PassThroughOverridesTheFileSectionWhichOverridesFlags) {
  test_support::TempDir dir;
  ::setenv("KAFKA_CLIENT_TEST_KEY_PASSWORD", "keypw", 1);
  const auto file = dir.Write("config.yml", R"(
kafka:
  client.id: from-file
  socket.timeout.ms: 1234
  ssl.key.password: env:KAFKA_CLIENT_TEST_KEY_PASSWORD
)");
  const auto parsed =
      Parse({"--config.file=" + file.string(), "--kafka.client-id=from-flag",
             "--kafka.config", "client.id=from-pass-through",
             "--kafka.config", "debug=broker"});
  ASSERT_EQ(parsed.exit_code, 0) << parsed.error;
  EXPECT_EQ(parsed.properties.Get("client.id"), "from-pass-through");
  EXPECT_EQ(parsed.properties.Get("socket.timeout.ms"), "1234");
  EXPECT_EQ(parsed.properties.Get("ssl.key.password"), "keypw");
  EXPECT_EQ(parsed.properties.Get("debug"), "broker");
}

TEST(ClientOptionsTest, PassThroughWithoutEqualsIsAConfigError) {
  const auto parsed = Parse({"--kafka.config=oops"});
  EXPECT_EQ(parsed.exit_code, 2);
  EXPECT_THAT(parsed.error, HasSubstr("--kafka.config"));
}

TEST(ClientOptionsTest, FileSectionMustBeAMapOfScalars) {
  test_support::TempDir dir;
  const auto file = dir.Write("config.yml", "kafka:\n  debug: [a, b]\n");
  const auto parsed = Parse({"--config.file=" + file.string()});
  EXPECT_EQ(parsed.exit_code, 2);
  EXPECT_THAT(parsed.error, HasSubstr("debug"));
}

}  // namespace
}  // namespace kafka_client
