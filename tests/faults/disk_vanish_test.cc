// A log directory removed (rm -rf) under a running kafka-disk-exporter, then
// recreated: every scrape answers within a second, the directory's walk
// fails visibly while the other directory stays fresh, and it recovers.
#include <gtest/gtest.h>

#include <csignal>
#include <fstream>

#include "fault_kit.h"
#include "test_support/test_support.h"

namespace faults {
namespace {

using namespace std::chrono_literals;

/// A minimal Kafka log directory: one partition with one segment.
void MakeLogDir(const std::filesystem::path& dir) {
  const auto partition = dir / "orders-0";
  std::filesystem::create_directories(partition);
  std::ofstream(dir / "meta.properties") << "version=0\nbroker.id=1\n";
  std::ofstream(partition / "00000000000000000000.log") << std::string(8192, 'r');
  std::ofstream(partition / "00000000000000000000.index");
}

std::string Dir(const std::filesystem::path& dir) {
  return "{log_dir=\"" + dir.string() + "\"}";
}

TEST(DiskVanishTest, LogDirRemovedUnderTheExporterIsReportedAndRecovers) {
  test_support::TempDir temp;
  const auto doomed = temp.path() / "data-1";
  const auto kept = temp.path() / "data-2";
  MakeLogDir(doomed);
  MakeLogDir(kept);
  Served exporter("kafka-disk-exporter",
                  {"--kafka.log-dirs=" + doomed.string() + "," + kept.string(),
                   "--collect.interval=200ms", "--collect.timeout=2s",
                   "--walk.full-interval=1s"});
  auto Success = [&](const std::string& text, const std::filesystem::path& dir) {
    return SampleValue(text, "kafka_logdir_walk_success" + Dir(dir));
  };
  std::string text;
  ASSERT_TRUE(test_support::WaitFor(
      [&] {
        text = exporter.Scrape();
        return Success(text, doomed) == 1 && Success(text, kept) == 1;
      },
      10s))
      << text;

  const auto Partition = [](const std::filesystem::path& dir) {
    return "kafka_logdir_partition_size_bytes{log_dir=\"" + dir.string() +
           "\",topic=\"orders\",partition=\"0\"}";
  };
  const auto LastWalk = [&](const std::string& text) {
    return SampleValue(text, "kafka_logdir_last_walk_timestamp_seconds" + Dir(doomed));
  };
  EXPECT_EQ(SampleValue(text, Partition(doomed)), 8192);

  std::filesystem::remove_all(doomed);
  ASSERT_TRUE(test_support::WaitFor(
      [&] {
        text = exporter.Scrape(1s);
        return Success(text, doomed) == 0;
      },
      10s))
      << text;
  EXPECT_EQ(Success(text, kept), 1);
  // Its partitions went with it, and failed walks do not look fresh.
  EXPECT_FALSE(SampleValue(text, Partition(doomed)).has_value()) << text;
  EXPECT_EQ(SampleValue(text, Partition(kept)), 8192);
  const auto last_walk = LastWalk(text);
  ASSERT_TRUE(last_walk.has_value()) << text;
  EXPECT_NE(text.find("kafka_logdir_walk_errors_total{log_dir=\"" + doomed.string() +
                      "\",reason=\"not_found\"}"),
            std::string::npos)
      << text;
  EXPECT_EQ(test_support::PromtoolCheckMetrics(text), "");
  for (int i = 0; i < 5; ++i) text = exporter.Scrape(1s);
  EXPECT_TRUE(exporter.process().Running()) << exporter.process().Stderr();
  EXPECT_EQ(LastWalk(text), *last_walk);

  MakeLogDir(doomed);
  EXPECT_TRUE(test_support::WaitFor(
      [&] {
        text = exporter.Scrape(1s);
        return Success(text, doomed) == 1 && SampleValue(text, Partition(doomed)) == 8192;
      },
      15s))
      << text;
  EXPECT_EQ(exporter.process().Stop(SIGTERM, 10s), 0);
}

}  // namespace
}  // namespace faults
