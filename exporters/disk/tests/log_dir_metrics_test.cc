// The metric names, labels and values for a known snapshot, pinned by golden
// files and checked by promtool.
#include "log_dir_metrics.h"

#include <gtest/gtest.h>

#include "test_support/test_support.h"

namespace kafka_disk {
namespace {

LogDirSnapshot MakeSnapshot() {
  LogDirSnapshot s;
  s.log_dir = "/var/lib/kafka/data";
  s.fs = FsStats{1000000000000, 400000000000, 350000000000,
                 1000000,       900000,       false};
  s.mount = MountEntry{259, 1, "/var/lib/kafka", "xfs", "/dev/nvme1n1"};
  s.partitions = {
      {"orders", "0", 21004096, 4096000, 3, 1700000000000000000, 4096},
      {"orders", "1", 20971520, 0, 0, 0, 0},
      {"payments \"eu\"", "12", 1073741824, 1073745920, 1, 1700003600500000000,
       1073741824},
  };
  s.kinds[static_cast<int>(DirKind::kLive)] = {3, 1115717440, 1077841920};
  s.kinds[static_cast<int>(DirKind::kDelete)] = {1, 8192, 8192};
  s.kinds[static_cast<int>(DirKind::kFuture)] = {2, 16384, 16384};
  s.kinds[static_cast<int>(DirKind::kRoot)] = {0, 53, 20480};
  s.written_bytes_total = 123456789;
  s.deleted_bytes_total = 23456789;
  s.errors_total[static_cast<int>(WalkError::kNotFound)] = 4;
  s.walk_ok = true;
  s.full_walk = false;
  s.cycle_end_unix_seconds = 1700007200.25;
  s.last_success_unix_seconds = 1700007200.25;
  s.cycle_duration_seconds = 0.0125;
  s.growth = GrowthEstimate{52428.8, 1712345678.5};
  return s;
}

std::string Render(const LogDirView& view, Granularity granularity) {
  exporter_kit::MetricWriter out;
  WriteLogDirMetrics(view, granularity, out);
  return out.Text();
}

std::string Golden(const std::string& name) {
  return (test_support::SourceDir() / "exporters/disk/tests/golden" / name)
      .string();
}

TEST(LogDirMetrics, PartitionGranularityMatchesGoldenAndPromtool) {
  const LogDirSnapshot snapshot = MakeSnapshot();
  const std::string text =
      Render({snapshot.log_dir, &snapshot, false}, Granularity::kPartition);
  EXPECT_EQ(test_support::CompareGolden(Golden("partition.prom"), text), "");
  EXPECT_EQ(test_support::PromtoolCheckMetrics(text), "");
}

TEST(LogDirMetrics, TopicGranularityAggregatesPartitions) {
  const LogDirSnapshot snapshot = MakeSnapshot();
  const std::string text =
      Render({snapshot.log_dir, &snapshot, false}, Granularity::kTopic);
  EXPECT_EQ(test_support::CompareGolden(Golden("topic.prom"), text), "");
  EXPECT_EQ(test_support::PromtoolCheckMetrics(text), "");
  EXPECT_EQ(text.find("kafka_logdir_partition_"), std::string::npos);
}

TEST(LogDirMetrics, LogDirGranularityHasNoTopicSeries) {
  const LogDirSnapshot snapshot = MakeSnapshot();
  const std::string text =
      Render({snapshot.log_dir, &snapshot, false}, Granularity::kLogDir);
  EXPECT_EQ(text.find("kafka_logdir_partition_"), std::string::npos);
  EXPECT_EQ(text.find("kafka_logdir_topic_"), std::string::npos);
  EXPECT_NE(text.find("kafka_logdir_fs_avail_bytes{log_dir=\"/var/lib/kafka/"
                      "data\"} 350000000000"),
            std::string::npos)
      << text;
}

TEST(LogDirMetrics, FailedStatfsAndNoSnapshotYet) {
  LogDirSnapshot snapshot = MakeSnapshot();
  snapshot.fs.reset();
  snapshot.growth.reset();
  snapshot.walk_ok = false;
  std::string text =
      Render({snapshot.log_dir, &snapshot, true}, Granularity::kLogDir);
  EXPECT_NE(
      text.find(
          "kafka_logdir_fs_device_error{log_dir=\"/var/lib/kafka/data\"} 1"),
      std::string::npos);
  EXPECT_NE(
      text.find("kafka_logdir_walk_stale{log_dir=\"/var/lib/kafka/data\"} 1"),
      std::string::npos);
  EXPECT_EQ(text.find("kafka_logdir_fs_size_bytes"), std::string::npos);
  EXPECT_EQ(text.find("kafka_logdir_growth"), std::string::npos);
  EXPECT_EQ(test_support::PromtoolCheckMetrics(text), "");

  text = Render({"/never/walked", nullptr, true}, Granularity::kPartition);
  EXPECT_EQ(text,
            "# HELP kafka_logdir_walk_stale 1 if the last walk cycle did not "
            "finish by the collect deadline (a stuck mount, a slow disk): "
            "values are from an earlier cycle.\n"
            "# TYPE kafka_logdir_walk_stale gauge\n"
            "kafka_logdir_walk_stale{log_dir=\"/never/walked\"} 1\n");
}

}  // namespace
}  // namespace kafka_disk
