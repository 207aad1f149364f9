#pragma once
// Burrow's threshold-free consumer health evaluation, adapted to sampled
// committed offsets (this exporter reads offsets with OffsetFetch each cycle
// instead of consuming __consumer_offsets, so it sees one sample per cycle
// rather than every commit). The rules are documented in the README.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace lag_exporter {

/// \brief Health of one partition of a group, Burrow's names and order.
enum class PartitionStatus { kOk, kWarn, kStop, kStall, kRewind };
/// \brief Health of a group: the worst partition; STOP, STALL and REWIND
/// count as ERR. NOTFOUND: a configured group with no committed offset.
enum class GroupStatus { kNotFound, kOk, kWarn, kErr };

inline constexpr PartitionStatus kAllPartitionStatuses[] = {
    PartitionStatus::kOk, PartitionStatus::kWarn, PartitionStatus::kStop,
    PartitionStatus::kStall, PartitionStatus::kRewind};
inline constexpr GroupStatus kAllGroupStatuses[] = {
    GroupStatus::kNotFound, GroupStatus::kOk, GroupStatus::kWarn,
    GroupStatus::kErr};

std::string_view StatusName(PartitionStatus status);
std::string_view StatusName(GroupStatus status);

/// \brief What the exporter knows about a group's consumers.
enum class Membership { kUnknown, kNoMembers, kActiveMembers };

/// \brief One cycle's observation of a group on a partition.
struct OffsetSample {
  int64_t committed = 0;
  int64_t end = 0;  ///< the partition's end offset in the same cycle
  int64_t Lag() const { return end > committed ? end - committed : 0; }
};

/// \brief The rules on a window given oldest first; `complete` says whether
/// the window spans its full configured length.
PartitionStatus EvaluateWindow(std::span<const OffsetSample> samples,
                               bool complete, Membership membership);

/// \brief Folds partition statuses into the group status.
GroupStatus Worse(GroupStatus group, PartitionStatus partition);

}  // namespace lag_exporter
