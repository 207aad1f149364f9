#pragma once
// Reads the timestamp of the first record at or after given offsets, one
// round at a time: one consumer assignment of up to kRoundSize partitions
// (librdkafka fetches every partition of a leader in one Fetch request),
// each partition paused as soon as its first record arrives. (One
// assignment of thousands of partitions is far slower than several small
// ones: librdkafka's per-partition work grows with the assignment.) With
// librdkafka 2.0.2 a round takes about a second however small: the first
// Fetch to each leader leaves with the partitions activated so far, and the
// next one only after the broker thread's one-second wait, so rounds are
// made large to amortise it. A consumer reads a partition from one position
// at a time, so a round holds one offset per partition; RecordReadWorker
// forms the rounds. Works on real Kafka and on the librdkafka mock (which
// has no timestamp index to query).
#include <librdkafka/rdkafka.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lag_exporter {

struct RecordRequest {
  std::string topic;
  int32_t partition = 0;
  int64_t offset = 0;
};

class RecordTimestampReader {
 public:
  /// `consumer`: a consumer handle (group.id set, never subscribed, no
  /// auto-commit) used only by this reader, from one thread at a time.
  explicit RecordTimestampReader(rd_kafka_t* consumer);

  /// Most partitions assigned in one round.
  static constexpr std::size_t kRoundSize = 2000;

  /// \brief Reads one round: `requests` hold at most one offset per
  /// partition (a second one for a partition is not read). Timestamps in
  /// ms since the epoch, aligned with `requests`; nothing for a record not
  /// read by `deadline` (or with no timestamp).
  std::vector<std::optional<int64_t>> ReadRound(
      std::span<const RecordRequest> requests,
      std::chrono::steady_clock::time_point deadline);

  /// Fetch round trips seen by the last round (approximate: poll rounds).
  int64_t last_polls() const { return last_polls_; }
  /// Makes the Read in progress, and every later one, return at once (for
  /// shutdown, from any thread).
  void Cancel() { cancelled_ = true; }

 private:
  void WarmMetadata(std::chrono::steady_clock::time_point deadline);

  bool Over(std::chrono::steady_clock::time_point deadline) const {
    return cancelled_ || std::chrono::steady_clock::now() >= deadline;
  }

  rd_kafka_t* consumer_;
  std::atomic<bool> cancelled_{false};
  int64_t last_polls_ = 0;
  std::optional<std::chrono::steady_clock::time_point> warmed_at_;
};

/// "topic\0partition": one key per partition in maps and sets.
std::string PartitionName(std::string_view topic, int32_t partition);

/// \brief librdkafka properties for the reader's consumer: small fetches,
/// no commits, no group membership, read_uncommitted (so open transactions
/// do not hide the record), errors rather than offset resets.
std::vector<std::pair<std::string, std::string>> ReaderConsumerProperties();

}  // namespace lag_exporter
