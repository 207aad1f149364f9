// Secrets never leave the process: each binary runs with passwords, tokens and
// routing keys configured (literally, from env: and from file:) and debug
// logging, does real work that fails and succeeds, and then none of the
// secrets may appear in its stderr, /metrics, landing or status page, API
// answers, --check-config output or error replies.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <csignal>
#include <map>
#include <mutex>
#include <thread>

#include "exporter_kit/http.h"
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
constexpr char kStorePassword[] = "StorePw-5d9e2a7c";     // PKCS#12, literal in the config file
constexpr char kWrongPassword[] = "WrongPw-c81f3b06";     // a second copy's, via env:

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

/// Every file the receiver wrote below `storage`: journal, audit log, outbox.
void AddStorageFiles(const std::filesystem::path& storage, Exposure& exposure) {
  for (const auto& file : std::filesystem::recursive_directory_iterator(storage)) {
    if (file.is_regular_file()) exposure.Add("storage file " + file.path().filename().string(),
                                             test_support::RunCommand({"/bin/cat", file.path()}).output);
  }
}

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

TEST(CertSecretsTest, NoStorePasswordInOutputs) {
  test_support::TempDir dir;
  const auto key = dir.path() / "key.pem";
  const auto cert = dir.path() / "cert.pem";
  const auto store = dir.path() / "client.p12";
  auto made = test_support::RunCommand(
      {"/usr/bin/openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
       "-nodes", "-keyout", key.string(), "-out", cert.string(), "-days", "30", "-subj",
       "/CN=secret-test"});
  ASSERT_EQ(made.exit_code, 0) << made.output;
  made = test_support::RunCommand({"/usr/bin/openssl", "pkcs12", "-export", "-inkey", key.string(),
                                   "-in", cert.string(), "-out", store.string(), "-passout",
                                   std::string("pass:") + kStorePassword});
  ASSERT_EQ(made.exit_code, 0) << made.output;
  const auto copy = dir.path() / "copy.p12";
  std::filesystem::copy_file(store, copy);
  const auto config = dir.Write(
      "cert.yml", "sources:\n  - path: " + store.string() + "\n    password: " + kStorePassword +
                      "\n  - path: " + copy.string() + "\n    password: env:KMS_FAULT_WRONG_PW\n");
  const std::map<std::string, std::string> env{{"KMS_FAULT_WRONG_PW", kWrongPassword}};
  const std::vector<std::string> secrets{kStorePassword, kWrongPassword};
  Exposure exposure;

  const auto check = test_support::RunCommand(
      {"/usr/bin/env", std::string("KMS_FAULT_WRONG_PW=") + kWrongPassword,
       test_support::FindBinary("kafka-cert-exporter").string(),
       "--config.file=" + config.string(), "--check-config"});
  EXPECT_EQ(check.exit_code, 0) << check.output;
  EXPECT_THAT(check.output, HasSubstr("client.p12"));  // the output is really the config
  exposure.Add("--check-config", check.output);

  Served exporter("kafka-cert-exporter",
                  {"--config.file=" + config.string(), "--log.level=debug",
                   "--collect.interval=300ms"},
                  "/-/ready", env);
  const auto metrics = exporter.Scrape(2s);
  // Real work: the right password opened one store, the wrong one failed.
  EXPECT_THAT(metrics, HasSubstr("subject_CN=\"secret-test\""));
  EXPECT_THAT(metrics, HasSubstr("reason=\"bad_passphrase\""));
  exposure.Add("/metrics", metrics);
  exposure.Add("/", test_support::HttpGet(exporter.Url("/")).body);
  exposure.Add("404", test_support::HttpGet(exporter.Url("/nope")).body);
  exporter.process().Stop(SIGTERM, 10s);
  exposure.Add("stderr", exporter.process().Stderr());
  ExpectNoSecret(exposure, secrets);
}

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
  AddStorageFiles(dir.path() / "data", exposure);
  ExpectNoSecret(exposure, {kRoutingKey, kBearerToken});
}

// Finding S1 in docs/security.md: an http action's headers were recorded
// verbatim in the episode (API), the journal and the audit log.

/// A rule whose one http action POSTs to `url` with `authorization` (a
/// literal value, "file:/path" or "env:NAME") as its Authorization header.
std::string HeaderRule(const std::string& url, const std::string& authorization) {
  return R"(rules:
  - name: rebalance
    matchers: ['alertname="KafkaTopicHot"']
    mode: enforce
    params: {topic: '[a-z0-9]+'}
    actions:
      - type: http
        method: POST
        url: ')" + url + R"(?topic={{topic}}'
        headers: {Authorization: ')" + authorization + R"(', Content-Type: application/json}
)";
}

test_support::CommandResult CheckConfig(const std::filesystem::path& config) {
  return test_support::RunCommand({test_support::FindBinary("kafka-webhook-receiver").string(),
                                   "--config.file=" + config.string(),
                                   "--web.listen-address=127.0.0.1:0", "--check-config"});
}

/// Waits until the episodes API shows `outcome` for an action, then adds what
/// the receiver publishes: the API, the status page, its stderr (after a
/// stop) and every storage file.
void CollectReceiverOutputs(Served& receiver, const std::filesystem::path& storage,
                            const std::string& outcome, Exposure& exposure) {
  std::string episodes;
  EXPECT_TRUE(test_support::WaitFor(
      [&] {
        episodes = test_support::HttpGet(receiver.Url("/api/v1/episodes")).body;
        return episodes.find("\"outcome\":\"" + outcome + "\"") != std::string::npos;
      },
      15s))
      << episodes;
  // The header is recorded, by name only: the check below is not vacuous.
  EXPECT_THAT(episodes, HasSubstr("\"Authorization\":\"<redacted>\""));
  exposure.Add("/api/v1/episodes", episodes);
  exposure.Add("/", test_support::HttpGet(receiver.Url("/")).body);
  receiver.process().Stop(SIGTERM, 10s);
  exposure.Add("stderr", receiver.process().Stderr());
  AddStorageFiles(storage, exposure);
  EXPECT_TRUE(exposure.places.contains("storage file audit.jsonl"));
}

TEST(ReceiverSecretsTest, HttpActionHeaderSecretsAreNeverShown) {
  constexpr char kHeaderToken[] = "CruiseToken-3c9e7a11";
  test_support::TempDir dir;
  // Nothing listens on port 1: the action fails, and failures are logged too.
  const auto config = dir.Write(
      "r.yml", HeaderRule("http://127.0.0.1:1/rebalance", std::string("Bearer ") + kHeaderToken));
  Exposure exposure;
  const auto checked = CheckConfig(config);
  EXPECT_EQ(checked.exit_code, 0) << checked.output;
  EXPECT_THAT(checked.output, HasSubstr("Authorization: <secret>"));
  exposure.Add("--check-config", checked.output);
  Served receiver("kafka-webhook-receiver",
                  {"--storage.path=" + (dir.path() / "data").string(),
                   "--config.file=" + config.string(), "--log.level=debug"},
                  "/-/healthy");
  ASSERT_EQ(receiver.Post("/api/v1/alerts", AlertBody(1)).status, 200);
  CollectReceiverOutputs(receiver, dir.path() / "data", "failure", exposure);
  ExpectNoSecret(exposure, {kHeaderToken});
}

/// Records the Authorization header of every request it gets.
class RemediationTarget {
 public:
  RemediationTarget() : server_(LoopbackOnly()) {
    server_.Handle("/rebalance", [this](const exporter_kit::HttpRequest& request) {
      std::lock_guard lock(mutex_);
      authorizations_.push_back(request.Header("authorization"));
      return exporter_kit::HttpResponse::Json(200, "{\"ok\":true}");
    }, {.max_body_bytes = 65536, .methods = {"POST"}});
    server_.Start();
  }
  std::string Url() const {
    return "http://127.0.0.1:" + std::to_string(server_.Ports().at(0)) + "/rebalance";
  }
  bool Received(const std::string& authorization) {
    std::lock_guard lock(mutex_);
    return std::ranges::find(authorizations_, authorization) != authorizations_.end();
  }

 private:
  static exporter_kit::HttpServerOptions LoopbackOnly() {
    exporter_kit::HttpServerOptions options;
    options.listen_addresses = {"127.0.0.1:0"};
    return options;
  }
  exporter_kit::HttpServer server_;
  std::mutex mutex_;
  std::vector<std::string> authorizations_;
};

// The token comes from a file, is read again on SIGHUP (rotation), reaches
// the target, and is never shown; a missing file is a configuration error.
TEST(ReceiverSecretsTest, HttpActionHeaderFromAFileIsSentAndNeverShown) {
  constexpr char kFirstToken[] = "FileToken-51d0c7e2";
  constexpr char kRotatedToken[] = "FileToken-rotated-8a4b";
  test_support::TempDir dir;
  RemediationTarget target;
  const auto token = dir.Write("token", std::string("Bearer ") + kFirstToken + "\n");
  const auto config = dir.Write("r.yml", HeaderRule(target.Url(), "file:" + token.string()));
  Exposure exposure;
  const auto checked = CheckConfig(config);
  EXPECT_EQ(checked.exit_code, 0) << checked.output;
  exposure.Add("--check-config", checked.output);
  const auto missing = CheckConfig(
      dir.Write("missing.yml", HeaderRule(target.Url(), "file:" + (dir.path() / "nope").string())));
  EXPECT_EQ(missing.exit_code, 2) << missing.output;
  EXPECT_THAT(missing.output, HasSubstr("rules[0].actions[0].headers.Authorization (rule "
                                        "\"rebalance\"): cannot read secret file"));

  Served receiver("kafka-webhook-receiver",
                  {"--storage.path=" + (dir.path() / "data").string(),
                   "--config.file=" + config.string(), "--log.level=debug"},
                  "/-/healthy");
  ASSERT_EQ(receiver.Post("/api/v1/alerts", AlertBody(1)).status, 200);
  EXPECT_TRUE(test_support::WaitFor(
      [&] { return target.Received(std::string("Bearer ") + kFirstToken); }, 15s))
      << receiver.process().Stderr();
  dir.Write("token", std::string("Bearer ") + kRotatedToken + "\n");
  ::kill(receiver.process().pid(), SIGHUP);
  int alert = 2;
  EXPECT_TRUE(test_support::WaitFor(
      [&] {
        receiver.Post("/api/v1/alerts", AlertBody(alert++));
        return target.Received(std::string("Bearer ") + kRotatedToken);
      },
      15s))
      << receiver.process().Stderr();
  CollectReceiverOutputs(receiver, dir.path() / "data", "success", exposure);
  ExpectNoSecret(exposure, {kFirstToken, kRotatedToken});
}

}  // namespace
}  // namespace faults
