#pragma once
// Kafka's on-disk naming: which top-level directories are partitions (and in
// which state), and which files are segments.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kafka_disk {

/// How a top-level entry of a log directory is accounted.
enum class DirKind {
  kLive,    ///< <topic>-<partition>
  kDelete,  ///< <topic>-<partition>.<id>-delete: deletion pending
  kFuture,  ///< <topic>-<partition>.<id>-future: intra-broker move target
  kStray,   ///< <topic>-<partition>.<id>-stray: no longer owned (KRaft)
  kOther,   ///< any other directory (lost+found, operator leftovers)
  kRoot,    ///< files at the top level (checkpoints, meta.properties)
};
inline constexpr int kDirKindCount = 6;
std::string_view DirKindName(DirKind kind);

struct PartitionName {
  DirKind kind = DirKind::kOther;
  std::string topic;      ///< empty for kOther
  std::string partition;  ///< decimal text, empty for kOther
};

/// Classifies a top-level directory name.
PartitionName ParsePartitionDir(std::string_view name);

/// A segment-related file: "<20-digit base offset>.<extension>[.suffix]".
struct SegmentFile {
  std::uint64_t base_offset = 0;
  std::string_view extension;  ///< log, index, timeindex, txnindex, snapshot
  std::string_view suffix;     ///< "", deleted, cleaned or swap
  /// A live data segment: ".log" with no transient suffix.
  bool IsLiveLog() const { return extension == "log" && suffix.empty(); }
};

/// Parses a file name inside a partition directory; nullopt for other files
/// (leader-epoch-checkpoint, partition.metadata, ...). Views point into
/// `name`.
std::optional<SegmentFile> ParseSegmentFile(std::string_view name);

}  // namespace kafka_disk
