#pragma once
// The status windows of one group: the last few (committed offset, lag)
// samples of each partition it commits to. A large cluster has hundreds of
// thousands of group-partitions, so the windows live in flat arrays (about
// 130 bytes a partition at the default length) rather than a hash node and
// an allocation each (about 240).
#include <cstddef>
#include <cstdint>
#include <vector>

#include "partition_status.h"

namespace lag_exporter {

class GroupWindows {
 public:
  /// Most samples a window may hold.
  static constexpr std::size_t kMaxCapacity = 1000;
  /// `capacity`: samples per window, 1 to kMaxCapacity.
  explicit GroupWindows(std::size_t capacity);

  /// \brief Adds this cycle's sample to the window of partition `key` (a
  /// new window if it has none) and evaluates the window. Within a cycle,
  /// keys must come in ascending order, each once.
  PartitionStatus Add(uint64_t key, const OffsetSample& sample,
                      Membership membership);
  /// Ends the cycle: windows of partitions not given to Add since the last
  /// EndCycle are dropped. A cycle without EndCycle keeps the old windows.
  void EndCycle();

  std::size_t size() const { return current_.keys.size(); }
  /// Samples of the window of `key`, oldest first (empty if none).
  std::vector<OffsetSample> Samples(uint64_t key) const;

 private:
  /// Windows in ascending key order; window i's samples are at
  /// [i * capacity, i * capacity + sizes[i]), oldest first. Lags are kept
  /// in 32 bits, saturated: the rules only compare them and test for 0.
  struct Windows {
    std::vector<uint64_t> keys;
    std::vector<uint16_t> sizes;
    std::vector<int64_t> committed;
    std::vector<uint32_t> lags;
  };

  std::size_t capacity_;
  Windows current_;        ///< as of the last EndCycle
  Windows next_;           ///< being built by this cycle's Add calls
  std::size_t cursor_ = 0;  ///< first window of current_ not yet passed
  std::vector<OffsetSample> scratch_;  ///< one window, for the rules
};

}  // namespace lag_exporter
