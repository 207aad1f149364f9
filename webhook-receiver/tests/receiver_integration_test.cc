// The real binary over HTTP: every bad-input class, auth, metrics, refusal
// to listen openly, SIGHUP reload, a full journal, and kill -9 under load.
#include <crypt.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "fixtures.h"
#include "receiver_process.h"
#include "test_support/test_support.h"

namespace webhook_receiver {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;
using testing::AppendTopicRules;
using testing::Fixture;
using testing::ReceiverProcess;
using namespace std::chrono_literals;

std::vector<std::string> FileLines(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

json AlertBody(int i, const std::string& status = "firing") {
  return {{"version", "4"},
          {"groupKey", "{}:{alertname=\"KafkaTopicHot\"}"},
          {"truncatedAlerts", 0},
          {"receiver", "kafka"},
          {"status", status},
          {"alerts",
           {{{"status", status},
             {"labels", {{"alertname", "KafkaTopicHot"}, {"topic", "t" + std::to_string(i)}}},
             {"annotations", json::object()},
             {"startsAt", "2026-08-20T10:00:00Z"},
             {"endsAt", "0001-01-01T00:00:00Z"},
             {"generatorURL", ""},
             {"fingerprint", "f" + std::to_string(i)}}}},
          {"groupLabels", json::object()},
          {"commonLabels", json::object()},
          {"commonAnnotations", json::object()},
          {"externalURL", "http://am"}};
}


TEST(ReceiverIntegrationTest, BadInputGetsAClearStatusAndMessage) {
  test_support::TempDir dir;
  ReceiverProcess receiver(dir.path() / "data",
                           {"--web.max-body-bytes=600000", "--web.alerts-path=/alerts"});
  auto r = receiver.Post("{\"version\":");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("malformed JSON"), std::string::npos) << r.body;
  r = receiver.Post(Fixture("firing.json").replace(Fixture("firing.json").find("\"version\":\"4\""),
                                                   13, "\"version\":\"9\""));
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("version: unsupported"), std::string::npos) << r.body;
  r = receiver.Post(Fixture("firing.json"), "text/plain");
  EXPECT_EQ(r.status, 415);
  EXPECT_NE(r.body.find("application/json"), std::string::npos);
  r = receiver.Post(std::string(700000, ' '));
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(test_support::HttpGet(receiver.Url("/api/v1/alerts")).status, 405);
  for (const char* name : {"firing.json", "resolved.json", "mixed.json", "truncated.json",
                           "unicode_labels.json", "alerts_1000.json"}) {
    r = receiver.Post(Fixture(name), "application/json; charset=utf-8");
    EXPECT_EQ(r.status, 200) << name << ": " << r.body;
  }
  EXPECT_EQ(receiver.Post(Fixture("firing.json"), "application/json", "/alerts").status, 200);
  auto metrics = test_support::HttpGet(receiver.Url("/metrics"));
  EXPECT_EQ(test_support::PromtoolCheckMetrics(metrics.body), "");
  EXPECT_NE(metrics.body.find("kafka_webhook_receiver_notifications_total{result=\"accepted\"} 7"),
            std::string::npos);
  EXPECT_NE(metrics.body.find("kafka_webhook_receiver_notifications_total{result=\"bad_request\"} 2"),
            std::string::npos);
  EXPECT_NE(metrics.body.find("kafka_webhook_receiver_journal_fsync_duration_seconds_count"),
            std::string::npos);
  auto page = test_support::HttpGet(receiver.Url("/"));
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Recent episodes"), std::string::npos);
  EXPECT_EQ(test_support::HttpGet(receiver.Url("/api/v1/episodes?limit=x")).status, 400);
  EXPECT_EQ(test_support::HttpGet(receiver.Url("/api/v1/episodes?state=bogus")).status, 400);
}

TEST(ReceiverIntegrationTest, StorageIsReadableByItsOwnerOnly) {
  test_support::TempDir dir;
  {
    ReceiverProcess receiver(dir.path() / "data");
    EXPECT_EQ(receiver.Post(Fixture("firing.json")).status, 200);
  }
  namespace fs = std::filesystem;
  const auto group_or_other = fs::perms::group_all | fs::perms::others_all;
  EXPECT_EQ(fs::status(dir.path() / "data").permissions() & group_or_other, fs::perms::none);
  int files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir.path() / "data")) {
    EXPECT_EQ(entry.status().permissions() & group_or_other, fs::perms::none)
        << entry.path() << " is readable by others";
    ++files;
  }
  EXPECT_GE(files, 2) << "journal and audit log expected";
}

std::string BcryptHash(const std::string& password) {
  char salt[CRYPT_GENSALT_OUTPUT_SIZE];
  crypt_gensalt_rn("$2b$", 5, nullptr, 0, salt, sizeof salt);
  crypt_data data{};
  return crypt_r(password.c_str(), salt, &data);
}

TEST(ReceiverIntegrationTest, BasicAndBearerAuth) {
  test_support::TempDir dir;
  auto token = dir.Write("token", "s3cret-token\n");
  auto web = dir.Write("web.yml", "basic_auth_users:\n  alertmanager: " + BcryptHash("pw") +
                                      "\nbearer_token_file: " + token.string() + "\n");
  ReceiverProcess receiver(dir.path() / "data",
                           {"--web.config.file=" + web.string()}, false);
  ASSERT_TRUE(test_support::WaitFor(
      [&] { return test_support::HttpGet(receiver.Url("/-/healthy")).status == 401; }, 15s));
  auto post = [&](std::vector<std::string> headers, const std::string& user_password) {
    test_support::HttpOptions o;
    o.method = "POST";
    o.body = Fixture("firing.json");
    o.headers = std::move(headers);
    o.headers.push_back("Content-Type: application/json");
    o.user_password = user_password;
    return test_support::HttpRequest(receiver.Url("/api/v1/alerts"), o).status;
  };
  EXPECT_EQ(post({}, ""), 401);
  EXPECT_EQ(post({}, "alertmanager:wrong"), 401);
  EXPECT_EQ(post({"Authorization: Bearer nope"}, ""), 401);
  EXPECT_EQ(post({}, "alertmanager:pw"), 200);
  EXPECT_EQ(post({"Authorization: Bearer s3cret-token"}, ""), 200);
}

TEST(ReceiverIntegrationTest, RefusesToListenOpenlyWithoutAuth) {
  test_support::TempDir dir;
  auto bin = test_support::FindBinary("kafka-webhook-receiver").string();
  auto port = std::to_string(test_support::FreePort());
  auto r = test_support::RunCommand({bin, "--web.listen-address=0.0.0.0:" + port,
                                     "--storage.path=" + (dir.path() / "d").string(),
                                     "--check-config"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("--web.allow-unauthenticated"), std::string::npos) << r.output;
  r = test_support::RunCommand({bin, "--web.listen-address=0.0.0.0:" + port,
                                "--web.allow-unauthenticated", "--check-config"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

TEST(ReceiverIntegrationTest, CheckConfigNamesTheBadKey) {
  test_support::TempDir dir;
  auto config = dir.Write("c.yml", "rules:\n  - name: r\n    matchers: [a=b]\n    actions: "
                                   "[{type: exec, command: [x, '{{topic}}']}]\n");
  auto r = test_support::RunCommand({test_support::FindBinary("kafka-webhook-receiver").string(),
                                     "--config.file=" + config.string(),
                                     "--web.listen-address=127.0.0.1:0", "--check-config"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("rules[0].actions[0].command[1]: placeholder {{topic}} has no pattern"),
            std::string::npos)
      << r.output;
}

TEST(ReceiverIntegrationTest, ReloadOnSighupKeepsEpisodes) {
  test_support::TempDir dir;
  auto log = dir.path() / "ran.log";
  auto config = dir.Write("c.yml", "rules: []\n");
  ReceiverProcess receiver(dir.path() / "data", {"--config.file=" + config.string()});
  // Alerts are matched when a worker takes them, not at intake: each step
  // waits for its alert to be decided, and for its reload to be done.
  auto logged = [&](const std::string& text) {
    return test_support::WaitFor(
        [&] { return receiver.process().Stderr().find(text) != std::string::npos; }, 10s);
  };
  ASSERT_EQ(receiver.Post(AlertBody(1).dump()).status, 200);
  ASSERT_TRUE(test_support::WaitFor([&] {
    return test_support::HttpGet(receiver.Url("/metrics"))
               .body.find("decisions_total{decision=\"no_rule\"} 1") != std::string::npos;
  }, 10s));
  dir.Write("c.yml", AppendTopicRules(log));
  ::kill(receiver.process().pid(), SIGHUP);
  ASSERT_TRUE(logged("rules reloaded")) << receiver.process().Stderr();
  ASSERT_EQ(receiver.Post(AlertBody(2).dump()).status, 200);
  ASSERT_TRUE(test_support::WaitFor([&] { return FileLines(log).size() == 1; }, 10s))
      << receiver.process().Stderr();
  // A broken file keeps the rules in force.
  dir.Write("c.yml", "rules: [{broken\n");
  ::kill(receiver.process().pid(), SIGHUP);
  ASSERT_TRUE(logged("reload failed, keeping the previous rules")) << receiver.process().Stderr();
  ASSERT_EQ(receiver.Post(AlertBody(3).dump()).status, 200);
  ASSERT_TRUE(test_support::WaitFor([&] { return FileLines(log).size() == 2; }, 10s));
  auto episodes = json::parse(test_support::HttpGet(receiver.Url("/api/v1/episodes")).body);
  EXPECT_EQ(episodes["episodes"].size(), 2u);
}

TEST(ReceiverIntegrationTest, FullDiskAnswers503AndRecovers) {
  test_support::TempDir dir;
  auto bin = test_support::FindBinary("kafka-webhook-receiver").string();
  int port = test_support::FreePort();
  // A file size limit makes journal writes fail the way a full disk does.
  test_support::ChildProcess process({"/usr/bin/prlimit", "--fsize=200000", bin,
                                      "--web.listen-address=127.0.0.1:" + std::to_string(port),
                                      "--storage.path=" + (dir.path() / "d").string()});
  std::string url = "http://127.0.0.1:" + std::to_string(port) + "/api/v1/alerts";
  ASSERT_TRUE(test_support::WaitFor([&] {
    return test_support::HttpGet("http://127.0.0.1:" + std::to_string(port) + "/-/healthy").status == 200;
  }, 15s)) << process.Stderr();
  test_support::HttpOptions o;
  o.method = "POST";
  o.headers = {"Content-Type: application/json"};
  o.body = Fixture("alerts_1000.json");
  auto r = test_support::HttpRequest(url, o);
  EXPECT_EQ(r.status, 503) << r.body;
  EXPECT_NE(r.body.find("cannot persist"), std::string::npos);
  o.body = Fixture("firing.json");
  EXPECT_EQ(test_support::HttpRequest(url, o).status, 200);
  EXPECT_TRUE(process.Running());
}

TEST(ReceiverIntegrationTest, KillNineUnderLoadLosesNothingAndRunsNothingTwice) {
  test_support::TempDir dir;
  auto log = dir.path() / "ran.log";
  auto config = dir.Write("c.yml", AppendTopicRules(log));
  std::vector<std::string> flags{"--config.file=" + config.string(), "--breaker.max-actions=100000",
                                 "--actions.concurrency=4"};
  constexpr int kThreads = 8;
  constexpr int kPerThread = 60;
  std::mutex mutex;
  std::set<int> acknowledged;
  {
    ReceiverProcess receiver(dir.path() / "data", flags);
    std::atomic<bool> killed{false};
    std::vector<std::thread> senders;
    for (int t = 0; t < kThreads; ++t) {
      senders.emplace_back([&, t] {
        for (int i = t * kPerThread; i < (t + 1) * kPerThread && !killed; ++i) {
          if (receiver.Post(AlertBody(i).dump()).status == 200) {
            std::lock_guard lock(mutex);
            acknowledged.insert(i);
          }
        }
      });
    }
    test_support::WaitFor([&] {
      std::lock_guard lock(mutex);
      return acknowledged.size() >= kThreads * kPerThread / 3;
    }, 20s);
    receiver.process().Stop(SIGKILL, 5s);
    killed = true;
    for (auto& s : senders) s.join();
  }
  ASSERT_GT(acknowledged.size(), 0u);
  ReceiverProcess restarted(dir.path() / "data", flags);
  // Every acknowledged notification becomes an episode that finishes.
  auto episodes = [&] {
    auto body = test_support::HttpGet(restarted.Url("/api/v1/episodes?limit=100000")).body;
    std::map<std::string, std::string> state;  // topic -> state
    json parsed = json::parse(body);
    for (const json& e : parsed["episodes"]) {
      state[e["labels"]["topic"]] = e["state"];
    }
    return state;
  };
  ASSERT_TRUE(test_support::WaitFor([&] {
    auto s = episodes();
    for (int i : acknowledged) {
      auto it = s.find("t" + std::to_string(i));
      if (it == s.end() || (it->second != "succeeded" && it->second != "unknown")) return false;
    }
    return true;
  }, 30s)) << [&] {
    auto s = episodes();
    std::string missing;
    for (int i : acknowledged) {
      auto it = s.find("t" + std::to_string(i));
      if (it == s.end()) missing += " t" + std::to_string(i) + ":none";
      else if (it->second != "succeeded" && it->second != "unknown") missing += " t" + std::to_string(i) + ":" + it->second;
    }
    std::string found;
    for (const auto& [topic, st] : s) found += " " + topic + ":" + st;
    return missing + "\nfound:" + found + "\n" + restarted.process().Stderr().substr(0, 3000);
  }();
  auto state = episodes();
  std::vector<std::string> lines = FileLines(log);
  std::set<std::string> ran(lines.begin(), lines.end());
  EXPECT_EQ(ran.size(), lines.size()) << "an action ran twice";
  for (int i : acknowledged) {
    std::string topic = "t" + std::to_string(i);
    // Ran exactly once, or was interrupted by the kill and marked unknown.
    EXPECT_TRUE(ran.contains(topic) || state[topic] == "unknown") << topic;
  }
  // Delivering everything again (Alertmanager retries) runs nothing more.
  for (int i : acknowledged) ASSERT_EQ(restarted.Post(AlertBody(i).dump()).status, 200);
  std::string duplicates = "kafka_webhook_receiver_decisions_total{decision=\"duplicate\"} " +
                           std::to_string(acknowledged.size());
  EXPECT_TRUE(test_support::WaitFor([&] {
    return test_support::HttpGet(restarted.Url("/metrics")).body.find(duplicates) != std::string::npos;
  }, 10s));
  EXPECT_EQ(FileLines(log).size(), lines.size());
}

}  // namespace
}  // namespace webhook_receiver
