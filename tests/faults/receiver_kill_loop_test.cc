// kill -9 loops under load for the receiver: several rounds of concurrent
// notifications, SIGKILL at a random moment, restart on the same storage.
// At the end every acknowledged notification has an episode that finished or
// was marked unknown (killed mid-action), and no exec action ran twice.
// (The receiver's own integration test kills it once; this repeats the kill
// at random points, including during replay of an earlier crash.)
#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <thread>

#include "fault_kit.h"
#include "receiver_process.h"
#include "test_support/test_support.h"

namespace faults {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

constexpr int kRounds = 5;
constexpr int kSenders = 6;
constexpr int kPerSender = 40;

/// topic -> episode state, from the episodes API.
std::map<std::string, std::string> EpisodeStates(const Served& receiver) {
  const auto response = test_support::HttpGet(receiver.Url("/api/v1/episodes?limit=100000"));
  std::map<std::string, std::string> states;
  if (response.status != 200) return states;
  const json parsed = json::parse(response.body);
  for (const json& e : parsed["episodes"]) {
    states[e["labels"]["topic"]] = e["state"];
  }
  return states;
}

TEST(ReceiverKillLoopTest, RandomKillsUnderLoadLoseNothingAndRunNothingTwice) {
  test_support::TempDir dir;
  const auto log = dir.path() / "ran.log";
  const std::vector<std::string> flags{
      "--storage.path=" + (dir.path() / "data").string(),
      "--config.file=" + dir.Write("receiver.yml", webhook_receiver::testing::AppendTopicRules(log)).string(),
      "--breaker.max-actions=100000", "--actions.concurrency=4", "--web.max-requests=64"};
  std::mt19937 random(std::random_device{}());
  std::set<int> acknowledged;
  std::mutex mutex;
  int next = 0;
  for (int round = 0; round < kRounds; ++round) {
    Served receiver("kafka-webhook-receiver", flags, "/-/healthy");
    std::atomic<bool> killed{false};
    std::vector<std::thread> senders;
    for (int s = 0; s < kSenders; ++s) {
      const int first = next + s * kPerSender;
      senders.emplace_back([&, first] {
        for (int i = first; i < first + kPerSender && !killed; ++i) {
          if (receiver.Post("/api/v1/alerts", AlertBody(i)).status == 200) {
            std::lock_guard lock(mutex);
            acknowledged.insert(i);
          }
        }
      });
    }
    next += kSenders * kPerSender;
    std::this_thread::sleep_for(std::chrono::milliseconds(
        std::uniform_int_distribution<int>(20, 400)(random)));  // the random moment
    EXPECT_TRUE(receiver.process().Running()) << receiver.process().Stderr().substr(0, 3000);
    receiver.process().Stop(SIGKILL, 5s);
    killed = true;
    for (auto& sender : senders) sender.join();
  }
  ASSERT_GT(acknowledged.size(), 0u);

  Served last("kafka-webhook-receiver", flags, "/-/healthy");
  std::map<std::string, std::string> states;
  std::string missing;
  const bool settled = test_support::WaitFor(
      [&] {
        states = EpisodeStates(last);
        missing.clear();
        for (int i : acknowledged) {
          const auto it = states.find("t" + std::to_string(i));
          if (it == states.end()) {
            missing += " t" + std::to_string(i) + ":none";
          } else if (it->second != "succeeded" && it->second != "unknown") {
            missing += " t" + std::to_string(i) + ":" + it->second;
          }
        }
        return missing.empty();
      },
      60s);
  EXPECT_TRUE(settled) << acknowledged.size() << " acknowledged; not settled:" << missing << "\n"
                       << last.process().Stderr().substr(0, 3000);

  const auto lines = FileLines(log);
  std::multiset<std::string> runs(lines.begin(), lines.end());
  for (const auto& topic : runs) {
    EXPECT_EQ(runs.count(topic), 1u) << "the action for " << topic << " ran twice";
  }
  for (int i : acknowledged) {
    const std::string topic = "t" + std::to_string(i);
    EXPECT_TRUE(runs.contains(topic) || states[topic] == "unknown")
        << topic << " acknowledged but neither ran nor marked unknown (" << states[topic] << ")";
  }
  std::cout << "kill -9 loop: " << kRounds << " rounds, " << acknowledged.size()
            << " acknowledged, " << lines.size() << " actions ran\n";
}

}  // namespace
}  // namespace faults
