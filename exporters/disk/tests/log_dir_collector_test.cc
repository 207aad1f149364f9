// The collector against real trees: one hung log directory does not delay
// the others past the collect deadline, and its last values stay, flagged.
#include "log_dir_collector.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fake_file_system.h"
#include "log_dir_fixture.h"
#include "test_support/test_support.h"

namespace kafka_disk {
namespace {

using std::chrono::milliseconds;
using ::testing::HasSubstr;
using Clock = std::chrono::steady_clock;

class CollectorTest : public ::testing::Test {
 protected:
  CollectorTest() {
    for (const char* name : {"a", "b"}) {
      const auto dir = temp_.path() / name;
      testing::MakeRootFiles(dir);
      testing::MakePartition(dir, std::string("topic_") + name + "-0", {});
      testing::SetAgeSeconds(dir, 60);
      options_.log_dirs.push_back(dir.string());
    }
  }

  std::string Collect(LogDirCollector& collector, milliseconds budget) {
    std::atomic<bool> stopping{false};
    exporter_kit::CollectContext context{Clock::now() + budget, &stopping};
    exporter_kit::MetricWriter out;
    collector.Collect(context, out);
    return out.Text();
  }

  std::string Label(int i) {
    return "{log_dir=\"" + options_.log_dirs[i] + "\"}";
  }

  test_support::TempDir temp_;
  DiskOptions options_;
};

TEST_F(CollectorTest, WritesEveryLogDir) {
  LogDirCollector collector(options_, MakePosixFileSystem());
  EXPECT_FALSE(collector.AllWalkedOnce());
  const std::string text = Collect(collector, milliseconds(5000));
  EXPECT_TRUE(collector.AllWalkedOnce());
  EXPECT_THAT(text, HasSubstr("kafka_logdir_walk_stale" + Label(0) + " 0"));
  EXPECT_THAT(text, HasSubstr("kafka_logdir_walk_stale" + Label(1) + " 0"));
  EXPECT_THAT(text, HasSubstr("topic=\"topic_a\""));
  EXPECT_THAT(text, HasSubstr("topic=\"topic_b\""));
  EXPECT_EQ(test_support::PromtoolCheckMetrics(text), "");
}

TEST_F(CollectorTest, HungLogDirIsStaleAndDoesNotHoldTheDeadline) {
  auto fake = std::make_shared<testing::FakeFileSystem>();
  LogDirCollector collector(options_, fake);
  const std::string before = Collect(collector, milliseconds(5000));
  ASSERT_THAT(before, HasSubstr("topic=\"topic_b\""));

  fake->Hang(options_.log_dirs[1]);
  const auto started = Clock::now();
  const std::string text = Collect(collector, milliseconds(300));
  EXPECT_LT(Clock::now() - started, milliseconds(300));
  EXPECT_THAT(text, HasSubstr("kafka_logdir_walk_stale" + Label(0) + " 0"));
  EXPECT_THAT(text, HasSubstr("kafka_logdir_walk_stale" + Label(1) + " 1"));
  EXPECT_THAT(text, HasSubstr("topic=\"topic_b\"")) << "last good values stay";

  // While it still hangs, the next collection does not wait for it at all.
  const auto again = Clock::now();
  const std::string during = Collect(collector, milliseconds(2000));
  EXPECT_THAT(during, HasSubstr("kafka_logdir_walk_stale" + Label(1) + " 1"));
  EXPECT_THAT(during, HasSubstr("kafka_logdir_walk_stale" + Label(0) + " 0"));
  EXPECT_LT(Clock::now() - again, milliseconds(1000));

  fake->Release();
  EXPECT_TRUE(test_support::WaitFor(
      [&] {
        return Collect(collector, milliseconds(1000))
                   .find("kafka_logdir_walk_stale" + Label(1) + " 0") !=
               std::string::npos;
      },
      milliseconds(5000)));
}

}  // namespace
}  // namespace kafka_disk
