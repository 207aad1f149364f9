#pragma once
// Offset lag of one group on one partition, from the committed offset and the
// partition's watermarks taken in the same cycle.
#include <cstdint>
#include <optional>

namespace lag_exporter {

/// \brief Watermarks of one partition: the log start offset (the oldest
/// record still stored) and the end offset (the next offset to be written).
/// A negative value means "unknown" (leader offline, request timed out).
struct Watermarks {
  int64_t log_start = -1;
  int64_t end = -1;
  bool Known() const { return end >= 0; }
};

/// \brief What one partition contributes for one group in a cycle.
struct PartitionLag {
  int64_t committed = 0;  ///< the group's committed offset (next to consume)
  int64_t lag = 0;        ///< records not yet consumed, never negative
  /// Records deleted by retention before the group read them: the committed
  /// offset is below the log start. 0 when nothing was lost.
  int64_t lost = 0;
};

/// \brief Lag of a committed offset against the end offset.
///
/// Returns nothing when the group has no commit on the partition (negative
/// committed offset, Kafka's "no offset") or the end offset is unknown: such
/// partitions are not reported, rather than reported as -1. A commit newer
/// than the end offset sampled earlier in the cycle gives lag 0, not a
/// negative value.
std::optional<PartitionLag> ComputePartitionLag(int64_t committed,
                                                const Watermarks& watermarks);

}  // namespace lag_exporter
