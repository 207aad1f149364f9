// Secrets never leave the process: each binary runs with passwords, tokens and
// routing keys configured (literally, from env: and from file:) and debug
// logging, does real work that fails and succeeds, and then none of the
// secrets may appear in its stderr, /metrics, landing or status page, API
// answers, --check-config output or error replies.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <csignal>
#include <map>
#include <thread>

#include "fault_kit.h"
#include "test_support/test_support.h"

namespace faults {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kSaslPassword[] = "SaslPw-4f7c1e9a";       // literal on the command line
constexpr char kKeyPassword[] = "KeyPw-0b3d8e62";         // via env:
constexpr char kOauthSecret[] = "OauthSecret-9a1c55d0";   // via file:, pass-through key
constexpr char kBearerToken[] = "BearerTok-7e2f0c44d1";   // web config bearer_token_file
constexpr char kRoutingKey[] = "RKEY6b1d2f3e4a5c6d7e8f90a1b2c3d4";  // 32 characters, via env:

/// Every place a secret could leak to, collected from one running binary.
struct Exposure {
  std::string Everything() const {
    std::string all;
    for (const auto& [where, text] : places) all += "\n== " + where + "\n" + text;
    return all;
  }
  void Add(const std::string& where, const std::string& text) { places[where] += text; }
  std::map<std::string, std::string> places;
};

void ExpectNoSecret(const Exposure& exposure, const std::vector<std::string>& secrets) {
  for (const auto& [where, text] : exposure.places) {
    for (const auto& secret : secrets) {
      EXPECT_THAT(text, Not(HasSubstr(secret))) << "secret leaked in " << where;
    }
  }
}

class KafkaClientSecretsTest : public ::testing::TestWithParam<std::string> {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test_support::TempDir();
    mock_ = new test_support::ChildProcess(
        {test_support::FindBinary("kafka-mock-cluster").string(), "--log.level=warn"});
    const auto ready = mock_->WaitForLine("READY ", 60s);
    ASSERT_TRUE(ready) << mock_->Stderr();
    bootstrap_ = ready->substr(6);
  }
  static void TearDownTestSuite() {
    delete mock_;
    delete dir_;
  }
  /// SASL over plaintext against a cluster that speaks no SASL: every
  /// connection fails, so the error paths run too.
  static std::vector<std::string> SecretFlags() {
    return {"--kafka.server=" + bootstrap_,
            "--kafka.sasl.mechanism=PLAIN",
            "--kafka.sasl.username=monitor",
            std::string("--kafka.sasl.password=") + kSaslPassword,
            "--kafka.tls.key-password=env:KMS_FAULT_KEY_PW",
            "--kafka.config=sasl.oauthbearer.config=file:" +
                dir_->Write("oauth", std::string(kOauthSecret) + "\n").string(),
            "--collect.interval=300ms",
            "--collect.timeout=2s"};
  }
  static inline test_support::TempDir* dir_ = nullptr;
  static inline test_support::ChildProcess* mock_ = nullptr;
  static inline std::string bootstrap_;
};

TEST_P(KafkaClientSecretsTest, NoSecretInOutputs) {
  const std::map<std::string, std::string> env{{"KMS_FAULT_KEY_PW", kKeyPassword}};
  const std::vector<std::string> secrets{kSaslPassword, kKeyPassword, kOauthSecret};
  Exposure exposure;
  auto check = SecretFlags();
  check.insert(check.begin(), test_support::FindBinary(GetParam()).string());
  check.push_back("--check-config");
  std::vector<std::string> with_env{"/usr/bin/env",
                                    std::string("KMS_FAULT_KEY_PW=") + kKeyPassword};
  with_env.insert(with_env.end(), check.begin(), check.end());
  const auto result = test_support::RunCommand(with_env);
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_THAT(result.output, HasSubstr("monitor"));  // the output is really the config
  EXPECT_THAT(result.output, HasSubstr("<secret>"));
  exposure.Add("--check-config", result.output);

  auto flags = SecretFlags();
  flags.push_back("--log.level=debug");
  Served exporter(GetParam(), flags, "/-/healthy", env);
  // Several failing cycles, so that connection errors are logged.
  EXPECT_TRUE(test_support::WaitFor(
      [&] { return exporter.Scrape().find("_scrape_collector_success") != std::string::npos; },
      15s));
  for (int i = 0; i < 5; ++i) {
    exposure.Add("/metrics", exporter.Scrape(2s));
    std::this_thread::sleep_for(300ms);  // let collection cycles run between scrapes
  }
  exposure.Add("/", test_support::HttpGet(exporter.Url("/")).body);
  exposure.Add("/-/ready", test_support::HttpGet(exporter.Url("/-/ready")).body);
  exposure.Add("404", test_support::HttpGet(exporter.Url("/nope")).body);
  EXPECT_TRUE(exporter.process().Running());
  exporter.process().Stop(SIGTERM, 10s);
  exposure.Add("stderr", exporter.process().Stderr());
  ExpectNoSecret(exposure, secrets);
}

INSTANTIATE_TEST_SUITE_P(Exporters, KafkaClientSecretsTest,
                         ::testing::Values("kafka-broker-exporter", "kafka-lag-exporter"),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                           std::string name = param.param;
                           std::erase(name, '-');
                           return name;
                         });

TEST(ReceiverSecretsTest, NoRoutingKeyOrTokenInOutputs) {
  test_support::TempDir dir;
  const auto token = dir.Write("token", std::string(kBearerToken) + "\n");
  const auto web = dir.Write("web.yml", "bearer_token_file: " + token.string() + "\n");
  // Nothing listens on port 1: every page is retried and its errors logged.
  const auto config =
      dir.Write("r.yml", PagingConfig("http://127.0.0.1:1", "KMS_FAULT_PD_KEY"));
  const std::map<std::string, std::string> env{{"KMS_FAULT_PD_KEY", kRoutingKey}};
  const std::vector<std::string> flags{"--storage.path=" + (dir.path() / "data").string(),
                                       "--config.file=" + config.string(),
                                       "--web.config.file=" + web.string(),
                                       "--log.level=debug"};
  Exposure exposure;
  auto check = flags;
  check.insert(check.begin(), {"/usr/bin/env", std::string("KMS_FAULT_PD_KEY=") + kRoutingKey,
                               test_support::FindBinary("kafka-webhook-receiver").string()});
  check.push_back("--check-config");
  const auto checked = test_support::RunCommand(check);
  EXPECT_EQ(checked.exit_code, 0) << checked.output;
  exposure.Add("--check-config", checked.output);

  // The health endpoint needs auth too, so wait on the port with the token.
  const int port = test_support::FreePort();
  auto argv = flags;
  argv.insert(argv.begin(), {test_support::FindBinary("kafka-webhook-receiver").string(),
                             "--web.listen-address=127.0.0.1:" + std::to_string(port)});
  test_support::ChildProcess receiver(argv, env);
  const std::string base = "http://127.0.0.1:" + std::to_string(port);
  auto Get = [&](const std::string& path, const std::string& auth) {
    test_support::HttpOptions options;
    if (!auth.empty()) options.headers = {"Authorization: " + auth};
    return test_support::HttpRequest(base + path, options);
  };
  const std::string bearer = std::string("Bearer ") + kBearerToken;
  ASSERT_TRUE(test_support::WaitFor([&] { return Get("/-/healthy", bearer).status == 200; }, 15s))
      << receiver.Stderr();
  // A wrong token (the real one with a character changed) is refused and not echoed.
  std::string wrong = bearer;
  wrong.back() = 'X';
  const auto refused = Get("/metrics", wrong);
  EXPECT_EQ(refused.status, 401);
  EXPECT_THAT(refused.body, Not(HasSubstr(wrong.substr(7))));
  exposure.Add("401", refused.body);
  test_support::HttpOptions post;
  post.method = "POST";
  post.body = AlertBody(1);
  post.headers = {"Content-Type: application/json", "Authorization: " + bearer};
  ASSERT_EQ(test_support::HttpRequest(base + "/api/v1/alerts", post).status, 200);
  EXPECT_TRUE(test_support::WaitFor(
      [&] {
        return Get("/metrics", bearer).body.find(
                   "kafka_webhook_receiver_pagerduty_retries_total{reason=\"network_error\"}") !=
               std::string::npos;
      },
      10s));
  exposure.Add("/metrics", Get("/metrics", bearer).body);
  exposure.Add("/", Get("/", bearer).body);
  exposure.Add("/api/v1/episodes", Get("/api/v1/episodes", bearer).body);
  receiver.Stop(SIGTERM, 10s);
  exposure.Add("stderr", receiver.Stderr());
  for (const auto& file : std::filesystem::recursive_directory_iterator(dir.path() / "data")) {
    if (file.is_regular_file()) exposure.Add("storage file " + file.path().filename().string(),
                                             test_support::RunCommand({"/bin/cat", file.path()}).output);
  }
  ExpectNoSecret(exposure, {kRoutingKey, kBearerToken});
}

// Open finding S1 in docs/security.md: an http action's headers are recorded
// verbatim in the episode (API) and the audit log. Enable with the fix.
TEST(ReceiverSecretsTest, DISABLED_HttpActionHeaderSecretsAreNeverShown) {
  constexpr char kHeaderToken[] = "CruiseToken-3c9e7a11";
  test_support::TempDir dir;
  const auto config = dir.Write("r.yml", std::string(R"(rules:
  - name: rebalance
    matchers: ['alertname="KafkaTopicHot"']
    mode: enforce
    params: {topic: '[a-z0-9]+'}
    actions:
      - type: http
        method: POST
        url: 'http://127.0.0.1:1/rebalance?topic={{topic}}'
        headers: {Authorization: 'Bearer )") + kHeaderToken + "'}\n");
  Served receiver("kafka-webhook-receiver",
                  {"--storage.path=" + (dir.path() / "data").string(),
                   "--config.file=" + config.string()},
                  "/-/healthy");
  ASSERT_EQ(receiver.Post("/api/v1/alerts", AlertBody(1)).status, 200);
  Exposure exposure;
  ASSERT_TRUE(test_support::WaitFor(
      [&] {
        const auto body = test_support::HttpGet(receiver.Url("/api/v1/episodes")).body;
        exposure.places["/api/v1/episodes"] = body;
        return body.find("\"outcome\":\"failure\"") != std::string::npos;
      },
      15s));
  exposure.Add("/", test_support::HttpGet(receiver.Url("/")).body);
  exposure.Add("audit.jsonl",
               test_support::RunCommand({"/bin/cat", (dir.path() / "data/audit.jsonl").string()})
                   .output);
  ExpectNoSecret(exposure, {kHeaderToken});
}

}  // namespace
}  // namespace faults
