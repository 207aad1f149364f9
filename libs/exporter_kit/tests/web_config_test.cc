#include "exporter_kit/web_config.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include "exporter_kit/config.h"
#include "bcrypt_for_tests.h"
#include "test_support/test_support.h"

namespace exporter_kit {
namespace {
using testing::BcryptHash;
using test_support::TempDir;

std::string BasicHeader(const std::string& credentials) {
  std::string out(4 * ((credentials.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(credentials.data()),
                                static_cast<int>(credentials.size()));
  out.resize(static_cast<std::size_t>(n));
  return "Basic " + out;
}

TEST(WebConfigTest, VerifiesBcryptPasswords) {
  const auto hash = BcryptHash("right");
  EXPECT_TRUE(VerifyBcrypt("right", hash));
  EXPECT_FALSE(VerifyBcrypt("wrong", hash));
  EXPECT_FALSE(VerifyBcrypt("right", "$2b$05$notavalidhash"));
}

TEST(WebConfigTest, AuthenticatorAcceptsOnlyGoodCredentials) {
  WebConfig config;
  config.basic_auth_users["alice"] = BcryptHash("s3cret");
  config.bearer_token = "tok3n";
  Authenticator auth(config);
  EXPECT_EQ(auth.Check(BasicHeader("alice:s3cret")), "alice");
  EXPECT_EQ(auth.Check(BasicHeader("alice:s3cret")), "alice");  // cached path
  EXPECT_EQ(auth.Check(BasicHeader("alice:wrong")), std::nullopt);
  EXPECT_EQ(auth.Check(BasicHeader("bob:s3cret")), std::nullopt);
  EXPECT_EQ(auth.Check(BasicHeader("no-colon")), std::nullopt);
  EXPECT_EQ(auth.Check("Basic !!!notbase64"), std::nullopt);
  EXPECT_EQ(auth.Check(""), std::nullopt);
  EXPECT_EQ(auth.Check("Bearer tok3n"), "");
  EXPECT_EQ(auth.Check("Bearer tok3"), std::nullopt);
}

TEST(WebConfigTest, LoadsTheExporterToolkitFormat) {
  TempDir dir;
  const auto cert = dir.Write("c.pem", "x");
  const auto key = dir.Write("k.pem", "x");
  const auto token = dir.Write("token", "abc\n");
  const auto file = dir.Write(
      "web.yml", "tls_server_config:\n  cert_file: " + cert.string() + "\n  key_file: " +
                     key.string() + "\n  client_ca_file: " + cert.string() +
                     "\n  client_auth_type: RequireAndVerifyClientCert\n  min_version: TLS13\n"
                     "http_server_config:\n  headers:\n    X-Frame-Options: deny\n"
                     "basic_auth_users:\n  alice: " + BcryptHash("pw") +
                     "\nbearer_token_file: " + token.string() + "\n");
  const auto config = LoadWebConfig(file.string());
  ASSERT_TRUE(config.tls);
  EXPECT_EQ(config.tls->client_auth_type, "RequireAndVerifyClientCert");
  EXPECT_EQ(config.tls->min_version, "TLS13");
  EXPECT_EQ(config.headers.at("X-Frame-Options"), "deny");
  EXPECT_EQ(config.basic_auth_users.size(), 1u);
  EXPECT_EQ(config.bearer_token, "abc");
  EXPECT_TRUE(config.AuthEnabled());
}

TEST(WebConfigTest, RejectsBadFilesNamingTheKey) {
  TempDir dir;
  const auto cert = dir.Write("c.pem", "x").string();
  const std::vector<std::pair<std::string, std::string>> cases{
      {"tls_server_config:\n  cert_file: " + cert + "\n", "cert_file and key_file"},
      {"tls_server_config:\n  cert_file: /missing\n  key_file: /missing\n", "cert_file"},
      {"tls_server_config:\n  cert_file: " + cert + "\n  key_file: " + cert +
           "\n  client_auth_type: Sometimes\n", "client_auth_type"},
      {"tls_server_config:\n  cert_file: " + cert + "\n  key_file: " + cert +
           "\n  client_auth_type: RequireAndVerifyClientCert\n", "needs client_ca_file"},
      {"tls_server_config:\n  cert_file: " + cert + "\n  key_file: " + cert +
           "\n  min_version: SSL3\n", "min_version"},
      {"basic_auth_users:\n  alice: plaintext\n", "basic_auth_users.alice"},
      {"basic_auth_user:\n  alice: x\n", "basic_auth_user"},
      {"bearer_token_file: /missing/token\n", "bearer_token_file"},
      {"[unclosed\n", "invalid YAML"},
  };
  for (const auto& [content, expected] : cases) {
    const auto file = dir.Write("web.yml", content);
    try {
      LoadWebConfig(file.string());
      ADD_FAILURE() << "accepted:\n" << content;
    } catch (const ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find(expected), std::string::npos)
          << "expected \"" << expected << "\" in: " << e.what();
    }
  }
}

}  // namespace
}  // namespace exporter_kit
