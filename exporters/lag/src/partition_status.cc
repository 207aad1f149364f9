#include "partition_status.h"

#include <algorithm>

namespace lag_exporter {

std::string_view StatusName(PartitionStatus status) {
  switch (status) {
    case PartitionStatus::kOk:
      return "OK";
    case PartitionStatus::kWarn:
      return "WARN";
    case PartitionStatus::kStop:
      return "STOP";
    case PartitionStatus::kStall:
      return "STALL";
    case PartitionStatus::kRewind:
      return "REWIND";
  }
  return "OK";
}

std::string_view StatusName(GroupStatus status) {
  switch (status) {
    case GroupStatus::kNotFound:
      return "NOTFOUND";
    case GroupStatus::kOk:
      return "OK";
    case GroupStatus::kWarn:
      return "WARN";
    case GroupStatus::kErr:
      return "ERR";
  }
  return "OK";
}

namespace {

// Burrow rule 4: an offset went backwards and never got back.
bool Rewound(std::span<const OffsetSample> s) {
  for (std::size_t i = 1; i < s.size(); ++i) {
    if (s[i].committed >= s[i - 1].committed) continue;
    const int64_t before = s[i - 1].committed;
    const bool recovered =
        std::any_of(s.begin() + static_cast<std::ptrdiff_t>(i + 1), s.end(),
                    [&](const OffsetSample& later) {
                      return later.committed >= before;
                    });
    if (!recovered) return true;
  }
  return false;
}

bool OffsetNeverMoved(std::span<const OffsetSample> s) {
  return std::all_of(s.begin(), s.end(), [&](const OffsetSample& x) {
    return x.committed == s.front().committed;
  });
}

bool LagNeverDecreased(std::span<const OffsetSample> s) {
  for (std::size_t i = 1; i < s.size(); ++i) {
    if (s[i].Lag() < s[i - 1].Lag()) return false;
  }
  return true;
}

}  // namespace

PartitionStatus EvaluateWindow(std::span<const OffsetSample> samples,
                               bool complete, Membership membership) {
  // Rules 1 and 2: nothing to judge, or caught up now. A quiet partition
  // whose consumer is caught up is OK however long nothing moved: this is
  // what keeps Burrow's false STOP on idle topics away.
  if (samples.empty() || samples.back().Lag() == 0) return PartitionStatus::kOk;
  // Rule 3, STOP, and rule 6's STALL need the whole window: the offset has
  // not moved for the full window while lag stayed above zero (so the
  // consumer was never caught up in it). Without commit timestamps, an
  // unmoving offset is STALL only when the group is known to have live
  // members (alive but stuck), and STOP otherwise.
  const bool any_caught_up =
      std::any_of(samples.begin(), samples.end(),
                  [](const OffsetSample& s) { return s.Lag() == 0; });
  if (complete && !any_caught_up && OffsetNeverMoved(samples)) {
    return membership == Membership::kActiveMembers ? PartitionStatus::kStall
                                                    : PartitionStatus::kStop;
  }
  if (Rewound(samples)) return PartitionStatus::kRewind;  // rule 4
  if (any_caught_up) return PartitionStatus::kOk;         // rule 5
  if (samples.size() < 2) return PartitionStatus::kOk;    // no trend yet
  if (LagNeverDecreased(samples)) return PartitionStatus::kWarn;  // rule 6
  return PartitionStatus::kOk;
}

GroupStatus Worse(GroupStatus group, PartitionStatus partition) {
  GroupStatus as_group = GroupStatus::kOk;
  if (partition == PartitionStatus::kWarn) as_group = GroupStatus::kWarn;
  if (partition == PartitionStatus::kStop ||
      partition == PartitionStatus::kStall ||
      partition == PartitionStatus::kRewind) {
    as_group = GroupStatus::kErr;
  }
  return std::max(group, as_group);
}

}  // namespace lag_exporter
