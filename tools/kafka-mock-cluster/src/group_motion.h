#pragma once
// How a consumer group's committed offsets move over time.
#include <cstdint>

namespace mock_cluster {

struct GroupMotion {
  enum class Kind {
    kStill,  ///< offsets change only through `commit`
    kRate,   ///< advance by `rate` records/s per topic, capped at the end
    kTrack,  ///< stay `lag` records behind the end offset
  };
  Kind kind = Kind::kStill;
  double rate = 0;  ///< records per second over all of a topic's partitions
  int64_t lag = 0;  ///< records behind the end offset, per partition

  friend bool operator==(const GroupMotion&, const GroupMotion&) = default;
};

}  // namespace mock_cluster
