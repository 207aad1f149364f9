// The receiver's storage on a real filesystem that fills up or is read-only
// (a tiny tmpfs): intake answers 503 instead of acknowledging what it cannot
// persist, recovers when space returns, and after a restart every notification
// it acknowledged is still there.
// (A file-size limit standing in for a full disk is covered by the receiver's
// own integration test; this one fills a real filesystem, audit log included.)
#include <gtest/gtest.h>

#include <csignal>
#include <nlohmann/json.hpp>
#include <set>

#include "fault_kit.h"
#include "test_support/test_support.h"

namespace faults {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

constexpr char kDryRunRule[] = R"(rules:
  - name: record
    matchers: ['alertname="KafkaTopicHot"']
    params: {topic: '[a-z0-9]+'}
    actions:
      - type: exec
        command: [/bin/true, '{{topic}}']
)";

/// The topics of every episode the receiver reports.
std::set<std::string> EpisodeTopics(const Served& receiver) {
  const auto response = test_support::HttpGet(receiver.Url("/api/v1/episodes?limit=100000"));
  std::set<std::string> topics;
  if (response.status != 200) return topics;
  const json parsed = json::parse(response.body);
  for (const json& e : parsed["episodes"]) topics.insert(e["labels"]["topic"]);
  return topics;
}

class ReceiverDiskTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!disk_.mounted()) GTEST_SKIP() << disk_.reason();
  }
  std::vector<std::string> Flags() const {
    return {"--storage.path=" + (disk_.path() / "data").string(),
            "--config.file=" + config_.string(), "--log.level=debug"};
  }
  /// Posts notification `i`; records it when acknowledged. Returns the status.
  long Post(Served& receiver, int i) {
    const auto r = receiver.Post("/api/v1/alerts", AlertBody(i));
    if (r.status == 200) acknowledged_.insert("t" + std::to_string(i));
    EXPECT_TRUE(r.status == 200 || r.status == 503) << r.status << " " << r.body;
    return r.status;
  }
  void ExpectEveryAcknowledgedAfterRestart() {
    Served restarted("kafka-webhook-receiver", Flags(), "/-/healthy");
    std::set<std::string> found;
    EXPECT_TRUE(test_support::WaitFor(
        [&] {
          found = EpisodeTopics(restarted);
          for (const auto& topic : acknowledged_) {
            if (!found.contains(topic)) return false;
          }
          return true;
        },
        15s))
        << "acknowledged " << acknowledged_.size() << ", found " << found.size() << "\n"
        << restarted.process().Stderr().substr(0, 3000);
  }

  Tmpfs disk_{256 * 1024};
  test_support::TempDir config_dir_;
  std::filesystem::path config_ = config_dir_.Write("receiver.yml", kDryRunRule);
  std::set<std::string> acknowledged_;
};

TEST_F(ReceiverDiskTest, FullFilesystemAnswers503AndLosesNothingAcknowledged) {
  {
    Served receiver("kafka-webhook-receiver", Flags(), "/-/healthy");
    for (int i = 0; i < 5; ++i) EXPECT_EQ(Post(receiver, i), 200);
    disk_.Fill();
    int refused = 0;
    for (int i = 5; i < 40; ++i) refused += Post(receiver, i) == 503;
    EXPECT_GT(refused, 0) << "a full filesystem never refused a notification";
    const auto r = receiver.Post("/api/v1/alerts", AlertBody(99));
    EXPECT_EQ(r.status, 503);
    EXPECT_NE(r.body.find("cannot persist"), std::string::npos) << r.body;
    EXPECT_TRUE(receiver.process().Running()) << receiver.process().Stderr();
    EXPECT_EQ(receiver.Scrape().find("kafka_webhook_receiver_journal_errors_total 0\n"),
              std::string::npos);

    disk_.Unfill();
    EXPECT_TRUE(test_support::WaitFor([&] { return Post(receiver, 100) == 200; }, 10s))
        << receiver.process().Stderr().substr(0, 3000);
    for (int i = 101; i < 105; ++i) EXPECT_EQ(Post(receiver, i), 200);
    receiver.process().Stop(SIGKILL, 5s);
  }
  ExpectEveryAcknowledgedAfterRestart();
}

TEST_F(ReceiverDiskTest, ReadOnlyStorageIsRefusedClearlyAndKeepsTheJournal) {
  {
    Served receiver("kafka-webhook-receiver", Flags(), "/-/healthy");
    for (int i = 0; i < 5; ++i) EXPECT_EQ(Post(receiver, i), 200);
    EXPECT_EQ(receiver.process().Stop(SIGTERM, 10s), 0);
  }
  // tmpfs cannot turn read-only under an open journal (EBUSY), so the
  // filesystem goes read-only while the receiver is down, as after
  // errors=remount-ro and a restart.
  ASSERT_TRUE(disk_.SetReadOnly(true));
  {
    test_support::ChildProcess receiver(
        {test_support::FindBinary("kafka-webhook-receiver").string(),
         "--web.listen-address=127.0.0.1:" + std::to_string(test_support::FreePort()),
         "--storage.path=" + (disk_.path() / "data").string(),
         "--config.file=" + config_.string()});
    const auto code = receiver.Wait(15s);
    ASSERT_TRUE(code.has_value()) << "the receiver hung on read-only storage";
    EXPECT_EQ(*code, 2) << receiver.Stderr();
    EXPECT_NE(receiver.Stderr().find("--storage.path: journal open"), std::string::npos)
        << receiver.Stderr();
    EXPECT_NE(receiver.Stderr().find("Read-only file system"), std::string::npos)
        << receiver.Stderr();
  }
  ASSERT_TRUE(disk_.SetReadOnly(false));
  ExpectEveryAcknowledgedAfterRestart();
}

}  // namespace
}  // namespace faults
