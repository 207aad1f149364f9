#pragma once
// Builds Kafka-like log directories on the real filesystem for tests and the
// benchmark: segments with real data, preallocated sparse indexes, the
// checkpoint files, and timestamps set in the past so that directories count
// as settled.
#include <cstdint>
#include <filesystem>
#include <string>

namespace kafka_disk::testing {

inline constexpr std::uint64_t kIndexPreallocBytes = 10 * 1024 * 1024;

/// Segment file stem for a base offset: 20 zero-padded digits.
std::string SegmentStem(std::uint64_t base_offset);

/// Creates `path` with apparent size `apparent_bytes`, of which the first
/// `data_bytes` are written (the rest is a hole). Returns the path.
std::filesystem::path WriteSparseFile(const std::filesystem::path& path,
                                      std::uint64_t apparent_bytes,
                                      std::uint64_t data_bytes);

/// Appends `bytes` of data to an existing file.
void AppendBytes(const std::filesystem::path& path, std::uint64_t bytes);

/// Sets the mtime (and atime) of `path` to `seconds` ago, without following
/// a symlink.
void SetAgeSeconds(const std::filesystem::path& path, double seconds);

struct PartitionSpec {
  int segments = 3;
  std::uint64_t segment_bytes = 8192;  ///< data in each closed .log
  std::uint64_t active_bytes = 4096;   ///< data in the newest .log
  std::uint64_t offsets_per_segment = 1000;
};

/// Creates `<log_dir>/<dir_name>` with `spec.segments` segments (.log,
/// .index, .timeindex; the active segment's indexes preallocated sparse),
/// leader-epoch-checkpoint and partition.metadata: 3 * segments + 2 files.
/// Closed indexes hold 4096 bytes each. Segment i is (segments - i) hours
/// old. Everything, the directory included, is dated in the past.
void MakePartition(const std::filesystem::path& log_dir,
                   const std::string& dir_name, const PartitionSpec& spec);

/// Apparent and allocated bytes MakePartition produces on a filesystem with
/// 4 KiB blocks, given data sizes that are multiples of 4 KiB.
std::uint64_t PartitionApparentBytes(const PartitionSpec& spec);
std::uint64_t PartitionAllocatedBytes(const PartitionSpec& spec);

/// meta.properties and the checkpoint files of a log directory's top level.
void MakeRootFiles(const std::filesystem::path& log_dir);

}  // namespace kafka_disk::testing
