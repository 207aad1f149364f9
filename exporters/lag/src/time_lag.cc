#include "time_lag.h"

#include <algorithm>

namespace lag_exporter {

EndOffsetHistory::EndOffsetHistory(std::size_t capacity)
    : capacity_(std::max<std::size_t>(capacity, 3)) {}

void EndOffsetHistory::Add(int64_t end_offset, int64_t time_ms) {
  if (end_offset < 0) return;
  if (!points_.empty()) {
    const Point& last = points_.back();
    if (time_ms <= last.time_ms) return;
    if (end_offset < last.offset) points_.clear();
  }
  const std::size_t n = points_.size();
  if (n >= 2 && points_[n - 1].offset == end_offset &&
      points_[n - 2].offset == end_offset) {
    points_[n - 1].time_ms = time_ms;  // extend the flat run
    return;
  }
  if (points_.size() == capacity_) points_.erase(points_.begin());
  points_.push_back({end_offset, time_ms});
}

std::optional<int64_t> EndOffsetHistory::AppendTimeMs(int64_t offset) const {
  // The record at `offset` exists once the end offset exceeds it.
  auto after = std::find_if(points_.begin(), points_.end(),
                            [&](const Point& p) { return p.offset > offset; });
  if (after == points_.end()) return std::nullopt;
  if (after == points_.begin()) return after->time_ms;  // lower bound
  const Point& before = *(after - 1);
  // Written in (before.time, after.time]; place it proportionally.
  const double fraction = static_cast<double>(offset + 1 - before.offset) /
                          static_cast<double>(after->offset - before.offset);
  return before.time_ms +
         static_cast<int64_t>(fraction *
                              static_cast<double>(after->time_ms - before.time_ms));
}

std::string_view MethodName(TimeLagMethod method) {
  switch (method) {
    case TimeLagMethod::kCaughtUp:
      return "caught_up";
    case TimeLagMethod::kRecordTimestamp:
      return "record_timestamp";
    case TimeLagMethod::kInterpolated:
      return "interpolated";
    case TimeLagMethod::kLowerBound:
      return "lower_bound";
  }
  return "caught_up";
}

namespace {
double SecondsSince(int64_t now_ms, int64_t then_ms) {
  return static_cast<double>(std::max<int64_t>(0, now_ms - then_ms)) / 1000.0;
}
}  // namespace

std::optional<TimeLag> EstimateTimeLag(int64_t now_ms, int64_t committed,
                                       int64_t end,
                                       std::optional<int64_t> record_timestamp_ms,
                                       const EndOffsetHistory* history) {
  if (committed >= end) return TimeLag{0, TimeLagMethod::kCaughtUp};
  // Kafka uses -1 for "no timestamp" (pre-0.10 message format).
  if (record_timestamp_ms && *record_timestamp_ms >= 0) {
    return TimeLag{SecondsSince(now_ms, *record_timestamp_ms),
                   TimeLagMethod::kRecordTimestamp};
  }
  if (history == nullptr || history->points().empty()) return std::nullopt;
  const auto appended = history->AppendTimeMs(committed);
  if (!appended) return std::nullopt;
  const bool older_than_history =
      committed < history->points().front().offset;
  return TimeLag{SecondsSince(now_ms, *appended),
                 older_than_history ? TimeLagMethod::kLowerBound
                                    : TimeLagMethod::kInterpolated};
}

}  // namespace lag_exporter
