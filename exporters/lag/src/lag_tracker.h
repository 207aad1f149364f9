#pragma once
// One collection cycle turned into lag, lag in seconds, data loss and health
// status per group and partition, with the state that must outlive a cycle
// (status windows, end-offset history). Pure logic: the Kafka reads happen
// in LagCollector, so every rule here is unit-tested on plain values.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "group_windows.h"
#include "partition_lag.h"
#include "partition_status.h"
#include "time_lag.h"
#include "topic_ids.h"

namespace lag_exporter {

/// \brief One partition of the cluster in this cycle.
struct PartitionInput {
  std::string topic;
  int32_t partition = 0;
  Watermarks watermarks;
};

/// \brief One group in this cycle. `committed` lists only partitions with a
/// commit: (index into CycleInput::partitions, committed offset).
struct GroupInput {
  std::string group;
  bool offsets_ok = true;  ///< false: the offset fetch failed this cycle
  Membership membership = Membership::kUnknown;
  std::optional<int> members;  ///< from DescribeConsumerGroups, if known
  std::vector<std::pair<uint32_t, int64_t>> committed;
};

struct CycleInput {
  int64_t now_ms = 0;
  std::vector<PartitionInput> partitions;
  std::vector<GroupInput> groups;
};

/// \brief A record whose timestamp gives a partition's exact time lag.
struct RecordRef {
  uint32_t partition_index;
  int64_t offset;
  friend bool operator==(const RecordRef&, const RecordRef&) = default;
};

/// \brief Timestamp (ms since the epoch) of the first record at or after
/// the given offset, if it was read.
using RecordTimestampLookup =
    std::function<std::optional<int64_t>(const RecordRef&)>;

struct GroupReport;
/// \brief Takes each group's report as soon as it is evaluated.
using GroupSink = std::function<void(const GroupReport&)>;

struct PartitionReport {
  uint32_t partition_index = 0;
  PartitionLag lag;
  std::optional<TimeLag> time_lag;
  PartitionStatus status = PartitionStatus::kOk;
};

struct GroupReport {
  std::string group;
  bool offsets_ok = true;
  GroupStatus status = GroupStatus::kNotFound;
  std::optional<int> members;
  std::vector<PartitionReport> partitions;  ///< sorted by partition index
  int64_t max_lag = 0;
  int64_t sum_lag = 0;
  int64_t lost = 0;
  std::optional<double> max_lag_seconds;  ///< over partitions that know it
};

struct CycleReport {
  std::vector<GroupReport> groups;  ///< empty when they went to a GroupSink
  /// How many partition time lags each method produced, and how many had
  /// none (not reported).
  std::unordered_map<TimeLagMethod, int64_t> time_lag_methods;
  int64_t time_lag_unknown = 0;
};

struct TrackerOptions {
  std::size_t status_window = 10;  ///< cycles in a status window
  std::size_t history = 16;        ///< end-offset samples per partition
};

class LagTracker {
 public:
  explicit LagTracker(TrackerOptions options = {});

  /// \brief The records worth reading this cycle, de-duplicated: for each
  /// committed partition with lag, the first record not yet consumed (at
  /// the log start when retention deleted the committed one).
  static std::vector<RecordRef> RecordsToRead(const CycleInput& input);

  /// \brief Evaluates a cycle and advances the state. State of groups and
  /// partitions absent from `input` is dropped; groups whose offset fetch
  /// failed keep theirs. Each group's report goes to `sink`, in input
  /// order, and is not kept: a large cluster's reports would take tens of
  /// megabytes.
  CycleReport Observe(const CycleInput& input,
                      const RecordTimestampLookup& timestamps,
                      const GroupSink& sink);
  /// As above, keeping every group's report in the result.
  CycleReport Observe(const CycleInput& input,
                      const RecordTimestampLookup& timestamps);

  std::size_t tracked_windows() const;

 private:
  /// This cycle's view of input.partitions: key and history of each.
  struct CyclePartitions {
    std::vector<uint64_t> keys;
    std::vector<EndOffsetHistory*> histories;
  };

  GroupReport ObserveGroup(const CycleInput& input, const GroupInput& group,
                           const CyclePartitions& partitions,
                           const RecordTimestampLookup& timestamps,
                           CycleReport& cycle);

  TrackerOptions options_;
  TopicIds topic_ids_;
  std::unordered_map<uint64_t, EndOffsetHistory> histories_;
  std::unordered_map<std::string, GroupWindows> groups_;
  /// One group's commits in partition-key order: (key, index into
  /// GroupInput::committed). Kept to spare an allocation per group.
  std::vector<std::pair<uint64_t, uint32_t>> by_key_;
};

}  // namespace lag_exporter
