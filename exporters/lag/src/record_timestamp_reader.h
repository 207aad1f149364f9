#pragma once
// Reads the timestamp of the first record at or after given offsets, with
// one consumer assignment per round of up to kRoundSize partitions:
// librdkafka fetches every partition of a leader in one Fetch request, and
// each partition is paused as soon as its first record arrives. (One
// assignment of thousands of partitions is far slower than several small
// ones: librdkafka's per-partition work grows with the assignment.) With
// librdkafka 2.0.2 a round takes about a second however small: the first
// Fetch to each leader leaves with the partitions activated so far, and the
// next one only after the broker thread's one-second wait, so rounds are
// made large to amortise it. Works on real Kafka and on the
// librdkafka mock (which has no timestamp index to query).
#include <librdkafka/rdkafka.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
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

  /// \brief Timestamps in ms since the epoch, aligned with `requests`;
  /// nothing for a record not read by `deadline` (or with no timestamp).
  std::vector<std::optional<int64_t>> Read(
      std::span<const RecordRequest> requests,
      std::chrono::steady_clock::time_point deadline);

  /// Fetch round trips seen by the last Read (approximate: poll rounds).
  int64_t last_polls() const { return last_polls_; }
  /// Requests the last Read got to before its deadline (read or not).
  int64_t last_attempted() const { return last_attempted_; }
  /// Makes the Read in progress, and every later one, return at once (for
  /// shutdown, from any thread).
  void Cancel() { cancelled_ = true; }

 private:
  void WarmMetadata(std::chrono::steady_clock::time_point deadline);
  void ReadRound(std::span<const RecordRequest> requests,
                 std::span<const std::size_t> round,
                 std::chrono::steady_clock::time_point deadline,
                 std::vector<std::optional<int64_t>>& out);

  bool Over(std::chrono::steady_clock::time_point deadline) const {
    return cancelled_ || std::chrono::steady_clock::now() >= deadline;
  }

  rd_kafka_t* consumer_;
  std::atomic<bool> cancelled_{false};
  int64_t last_polls_ = 0;
  int64_t last_attempted_ = 0;
};

/// \brief librdkafka properties for the reader's consumer: small fetches,
/// no commits, no group membership, read_uncommitted (so open transactions
/// do not hide the record), errors rather than offset resets.
std::vector<std::pair<std::string, std::string>> ReaderConsumerProperties();

}  // namespace lag_exporter
