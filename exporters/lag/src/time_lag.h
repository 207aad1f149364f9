#pragma once
// Lag in seconds: how long ago the oldest record the group has not consumed
// was written. See "Lag in seconds" in the README for the method and bounds.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace lag_exporter {

/// \brief Recent (end offset, wall time) samples of one partition, used to
/// estimate when an offset was written when its record cannot be read.
/// A flat run (producer idle) is kept as its first and latest sample, so an
/// idle partition does not flush the history.
class EndOffsetHistory {
 public:
  struct Point {
    int64_t offset;
    int64_t time_ms;
  };
  explicit EndOffsetHistory(std::size_t capacity = 16);

  /// Ignores samples that go back in time; resets on an offset going
  /// backwards (topic recreated).
  void Add(int64_t end_offset, int64_t time_ms);
  const std::vector<Point>& points() const { return points_; }

  /// \brief When the record at `offset` was appended, as far as the samples
  /// tell: interpolated between the last sample whose end offset did not
  /// yet include it and the first one that did. For an offset older than
  /// every sample, the oldest sample's time (the record is at least that
  /// old). Nothing when the history has no sample past `offset`.
  std::optional<int64_t> AppendTimeMs(int64_t offset) const;

 private:
  std::size_t capacity_;
  std::vector<Point> points_;  // oldest first
};

/// \brief How a lag-in-seconds value was obtained.
enum class TimeLagMethod {
  kCaughtUp,         ///< lag 0: exactly 0 s
  kRecordTimestamp,  ///< timestamp of the first unconsumed record
  kInterpolated,     ///< end-offset history
  kLowerBound,       ///< older than the history: at least this many seconds
};
std::string_view MethodName(TimeLagMethod method);

struct TimeLag {
  double seconds = 0;
  TimeLagMethod method = TimeLagMethod::kCaughtUp;
};

/// \brief Combines the sources, best first. `record_timestamp_ms` is the
/// timestamp of the first record at or after the committed offset, if it
/// was read. Always finite and never negative (a producer clock ahead of
/// ours reads as 0); nothing when no source knows.
std::optional<TimeLag> EstimateTimeLag(int64_t now_ms, int64_t committed,
                                       int64_t end,
                                       std::optional<int64_t> record_timestamp_ms,
                                       const EndOffsetHistory* history);

}  // namespace lag_exporter
