#include "log_dir_metrics.h"

#include <map>
#include <string_view>

namespace kafka_disk {
namespace {

using exporter_kit::FamilyWriter;
using exporter_kit::MetricWriter;

double Seconds(std::int64_t ns) { return static_cast<double>(ns) / 1e9; }
double D(std::uint64_t value) { return static_cast<double>(value); }

void WriteFilesystem(const LogDirSnapshot& s, MetricWriter& out) {
  const std::string_view dir = s.log_dir;
  out.Gauge("kafka_logdir_fs_device_error",
            "1 if statfs on the log directory failed in the last walk.")
      .Add({{"log_dir", dir}}, s.fs ? 0 : 1);
  if (s.mount) {
    out.Gauge("kafka_logdir_fs_info",
              "The filesystem holding the log directory (node_exporter's "
              "device, mountpoint and fstype); value 1.")
        .Add({{"log_dir", dir},
              {"device", s.mount->device},
              {"mountpoint", s.mount->mount_point},
              {"fstype", s.mount->fs_type}},
             1);
  }
  if (!s.fs) return;
  const FsStats& fs = *s.fs;
  out.Gauge("kafka_logdir_fs_size_bytes", "Filesystem size in bytes.")
      .Add({{"log_dir", dir}}, D(fs.size_bytes));
  out.Gauge(
         "kafka_logdir_fs_free_bytes",
         "Filesystem free space in bytes, including space reserved for root.")
      .Add({{"log_dir", dir}}, D(fs.free_bytes));
  out.Gauge(
         "kafka_logdir_fs_avail_bytes",
         "Filesystem space available to non-root users (the broker) in bytes.")
      .Add({{"log_dir", dir}}, D(fs.avail_bytes));
  out.Gauge("kafka_logdir_fs_used_bytes",
            "Filesystem size minus free space, in bytes.")
      .Add({{"log_dir", dir}}, D(fs.size_bytes - fs.free_bytes));
  out.Gauge("kafka_logdir_fs_files", "Filesystem total inodes.")
      .Add({{"log_dir", dir}}, D(fs.files));
  out.Gauge("kafka_logdir_fs_files_free", "Filesystem free inodes.")
      .Add({{"log_dir", dir}}, D(fs.files_free));
  out.Gauge("kafka_logdir_fs_readonly", "1 if the filesystem is read-only.")
      .Add({{"log_dir", dir}}, fs.readonly ? 1 : 0);
  out.Gauge("kafka_logdir_unaccounted_bytes",
            "Used bytes of the filesystem that the walk did not find: files "
            "deleted but still open, other tenants, other log dirs on the "
            "same filesystem. Can be negative for hard links.")
      .Add({{"log_dir", dir}},
           D(fs.size_bytes - fs.free_bytes) - D(s.WalkedAllocatedBytes()));
}

void WriteKinds(const LogDirSnapshot& s, MetricWriter& out) {
  auto& dirs = out.Gauge(
      "kafka_logdir_directories",
      "Top-level directories by kind: live partitions, -delete, -future, "
      "-stray and other (unrecognised) directories.");
  auto& size = out.Gauge("kafka_logdir_walked_size_bytes",
                         "Apparent bytes (st_size) found by the walk, by kind; "
                         "kind=root is the files at the top level.");
  auto& allocated =
      out.Gauge("kafka_logdir_walked_allocated_bytes",
                "Allocated bytes (st_blocks) found by the walk, by kind.");
  for (int k = 0; k < kDirKindCount; ++k) {
    const auto kind = static_cast<DirKind>(k);
    const std::string_view name = DirKindName(kind);
    const KindUsage& usage = s.kinds[k];
    if (kind != DirKind::kRoot) {
      dirs.Add({{"log_dir", s.log_dir}, {"kind", name}}, D(usage.directories));
    }
    size.Add({{"log_dir", s.log_dir}, {"kind", name}}, D(usage.size_bytes));
    allocated.Add({{"log_dir", s.log_dir}, {"kind", name}},
                  D(usage.allocated_bytes));
  }
}

void WriteGrowth(const LogDirSnapshot& s, MetricWriter& out) {
  const std::string_view dir = s.log_dir;
  out.Counter("kafka_logdir_written_bytes_total",
              "Allocated bytes added to files in the log directory since the "
              "exporter started (appends, new segments and partitions).")
      .Add({{"log_dir", dir}}, D(s.written_bytes_total));
  out.Counter("kafka_logdir_deleted_bytes_total",
              "Allocated bytes removed from the log directory since the "
              "exporter started (retention, deleted partitions); renames are "
              "not counted.")
      .Add({{"log_dir", dir}}, D(s.deleted_bytes_total));
  if (!s.growth) return;
  out.Gauge("kafka_logdir_growth_bytes_per_second",
            "Trend of filesystem usage: Theil-Sen slope of the lowest usage "
            "per --growth.bucket over --growth.window, which ignores the "
            "retention sawtooth.")
      .Add({{"log_dir", dir}}, s.growth->bytes_per_second);
  if (s.growth->full_unix_seconds) {
    out.Gauge("kafka_logdir_predicted_full_timestamp_seconds",
              "When the filesystem's usage peaks are predicted to reach its "
              "available capacity; absent when it is not filling within a "
              "year.")
        .Add({{"log_dir", dir}}, *s.growth->full_unix_seconds);
  }
}

void WriteWalkHealth(const LogDirView& view, MetricWriter& out) {
  const std::string_view dir = view.log_dir;
  out.Gauge("kafka_logdir_walk_stale",
            "1 if the last walk cycle did not finish by the collect deadline "
            "(a stuck mount, a slow disk): values are from an earlier cycle.")
      .Add({{"log_dir", dir}}, view.stale ? 1 : 0);
  const LogDirSnapshot* s = view.snapshot;
  if (s == nullptr) return;
  out.Gauge("kafka_logdir_walk_success",
            "1 if the last finished walk could read the log directory itself.")
      .Add({{"log_dir", dir}}, s->walk_ok ? 1 : 0);
  if (s->last_success_unix_seconds > 0) {
    out.Gauge("kafka_logdir_last_walk_timestamp_seconds",
              "When the last successful walk cycle finished; values are this "
              "old.")
        .Add({{"log_dir", dir}}, s->last_success_unix_seconds);
  }
  out.Gauge("kafka_logdir_last_walk_duration_seconds",
            "How long the last finished walk cycle took.")
      .Add({{"log_dir", dir}, {"mode", s->full_walk ? "full" : "incremental"}},
           s->cycle_duration_seconds);
  auto& errors = out.Counter(
      "kafka_logdir_walk_errors_total",
      "Walk errors by reason: permission_denied, not_found (vanished mid-walk "
      "or missing), symlink_loop, not_a_directory, io_error, timeout.");
  for (int e = 0; e < kWalkErrorCount; ++e) {
    errors.Add({{"log_dir", dir},
                {"reason", WalkErrorName(static_cast<WalkError>(e))}},
               D(s->errors_total[e]));
  }
}

struct UsageFamilies {
  FamilyWriter& size;
  FamilyWriter& allocated;
  FamilyWriter& segments;
  FamilyWriter& oldest;
  FamilyWriter& active;
};

UsageFamilies Families(MetricWriter& out, std::string_view level) {
  const std::string prefix = "kafka_logdir_" + std::string(level) + "_";
  return {
      out.Gauge(prefix + "size_bytes", "Apparent bytes (st_size) of the " +
                                           std::string(level) + "'s files."),
      out.Gauge(
          prefix + "allocated_bytes",
          "Allocated bytes (st_blocks) of the " + std::string(level) +
              "'s files; below size_bytes for sparse preallocated indexes."),
      out.Gauge(prefix + "segments", "Live .log segments."),
      out.Gauge(prefix + "oldest_segment_timestamp_seconds",
                "Modification time of the oldest live segment."),
      out.Gauge(prefix + "active_segment_bytes",
                "Apparent bytes of the active (newest) segment's .log" +
                    std::string(level == "topic" ? ", summed over partitions."
                                                 : ".")),
  };
}

void WritePartitions(const LogDirSnapshot& s, MetricWriter& out) {
  UsageFamilies f = Families(out, "partition");
  for (const auto& p : s.partitions) {
    const std::initializer_list<exporter_kit::Label> labels{
        {"log_dir", s.log_dir}, {"topic", p.topic}, {"partition", p.partition}};
    f.size.Add(labels, D(p.size_bytes));
    f.allocated.Add(labels, D(p.allocated_bytes));
    f.segments.Add(labels, p.segments);
    if (p.segments > 0)
      f.oldest.Add(labels, Seconds(p.oldest_segment_mtime_ns));
    f.active.Add(labels, D(p.active_segment_bytes));
  }
}

void WriteTopics(const LogDirSnapshot& s, MetricWriter& out) {
  struct Topic {
    PartitionUsage sum;
    std::uint64_t partitions = 0;
  };
  std::map<std::string_view, Topic> topics;
  for (const auto& p : s.partitions) {
    Topic& t = topics[p.topic];
    ++t.partitions;
    t.sum.size_bytes += p.size_bytes;
    t.sum.allocated_bytes += p.allocated_bytes;
    t.sum.segments += p.segments;
    t.sum.active_segment_bytes += p.active_segment_bytes;
    if (p.segments > 0 &&
        (t.sum.oldest_segment_mtime_ns == 0 ||
         p.oldest_segment_mtime_ns < t.sum.oldest_segment_mtime_ns)) {
      t.sum.oldest_segment_mtime_ns = p.oldest_segment_mtime_ns;
    }
  }
  UsageFamilies f = Families(out, "topic");
  auto& partitions = out.Gauge("kafka_logdir_topic_partitions",
                               "Live partitions of the topic.");
  for (const auto& [topic, t] : topics) {
    const std::initializer_list<exporter_kit::Label> labels{
        {"log_dir", s.log_dir}, {"topic", topic}};
    f.size.Add(labels, D(t.sum.size_bytes));
    f.allocated.Add(labels, D(t.sum.allocated_bytes));
    f.segments.Add(labels, t.sum.segments);
    if (t.sum.segments > 0) {
      f.oldest.Add(labels, Seconds(t.sum.oldest_segment_mtime_ns));
    }
    f.active.Add(labels, D(t.sum.active_segment_bytes));
    partitions.Add(labels, D(t.partitions));
  }
}

}  // namespace

void WriteLogDirMetrics(const LogDirView& view, Granularity granularity,
                        MetricWriter& out) {
  WriteWalkHealth(view, out);
  if (view.snapshot == nullptr) return;
  const LogDirSnapshot& s = *view.snapshot;
  WriteFilesystem(s, out);
  WriteKinds(s, out);
  WriteGrowth(s, out);
  if (granularity == Granularity::kPartition) WritePartitions(s, out);
  if (granularity == Granularity::kTopic) WriteTopics(s, out);
}

}  // namespace kafka_disk
