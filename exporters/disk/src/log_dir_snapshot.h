#pragma once
// What one walk cycle found in one log directory: plain values, immutable
// once published, so that rendering never touches the filesystem.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "file_system.h"
#include "log_dir_layout.h"
#include "mount_table.h"
#include "walk_error.h"

namespace kafka_disk {

struct PartitionUsage {
  std::string topic;
  std::string partition;
  std::uint64_t size_bytes = 0;       ///< sum of st_size
  std::uint64_t allocated_bytes = 0;  ///< sum of st_blocks * 512
  std::uint32_t segments = 0;         ///< live .log files
  /// mtime of the oldest live .log; 0 when there is none.
  std::int64_t oldest_segment_mtime_ns = 0;
  std::uint64_t active_segment_bytes = 0;  ///< st_size of the newest .log
  friend bool operator==(const PartitionUsage&,
                         const PartitionUsage&) = default;
};

struct KindUsage {
  std::uint64_t directories = 0;
  std::uint64_t size_bytes = 0;
  std::uint64_t allocated_bytes = 0;
};

struct GrowthEstimate {
  double bytes_per_second = 0;
  /// Unix time at which the filesystem is predicted to fill; absent when it
  /// is not filling (or not within the horizon).
  std::optional<double> full_unix_seconds;
};

struct LogDirSnapshot {
  std::string log_dir;
  std::optional<FsStats> fs;  ///< absent when statfs failed
  std::optional<MountEntry> mount;
  /// Live partitions, sorted by (topic, numeric partition).
  std::vector<PartitionUsage> partitions;
  std::array<KindUsage, kDirKindCount> kinds{};
  /// Monotonic byte counters since start (allocated bytes; renames are not
  /// counted; the first walk is the baseline).
  std::uint64_t written_bytes_total = 0;
  std::uint64_t deleted_bytes_total = 0;
  WalkErrorCounts errors_total{};
  /// False when the log directory itself could not be read this cycle.
  bool walk_ok = false;
  bool full_walk = false;
  double cycle_end_unix_seconds = 0;
  /// End of the last cycle whose walk succeeded (0: none yet).
  double last_success_unix_seconds = 0;
  double cycle_duration_seconds = 0;
  std::uint64_t directories_listed = 0;  ///< work done by the cycle
  std::uint64_t files_stated = 0;
  std::optional<GrowthEstimate> growth;

  std::uint64_t WalkedAllocatedBytes() const {
    std::uint64_t total = 0;
    for (const auto& kind : kinds) total += kind.allocated_bytes;
    return total;
  }
};

}  // namespace kafka_disk
