#include "partition_lag.h"

#include <algorithm>

namespace lag_exporter {

std::optional<PartitionLag> ComputePartitionLag(int64_t committed,
                                                const Watermarks& watermarks) {
  if (committed < 0 || !watermarks.Known()) return std::nullopt;
  PartitionLag result;
  result.committed = committed;
  result.lag = std::max<int64_t>(0, watermarks.end - committed);
  if (watermarks.log_start > committed) {
    // Never more than the lag: the records between the commit and the end
    // that retention deleted.
    result.lost = std::min(watermarks.log_start, watermarks.end) - committed;
    result.lost = std::max<int64_t>(0, result.lost);
  }
  return result;
}

}  // namespace lag_exporter
