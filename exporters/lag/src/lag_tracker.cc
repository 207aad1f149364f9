#include "lag_tracker.h"

#include <algorithm>

namespace lag_exporter {

LagTracker::LagTracker(TrackerOptions options) : options_(options) {}

namespace {
// The first record the group has not consumed that still exists.
int64_t FirstUnconsumed(int64_t committed, const Watermarks& w) {
  return std::max(committed, w.log_start);
}
}  // namespace

std::vector<RecordRef> LagTracker::RecordsToRead(const CycleInput& input) {
  std::vector<RecordRef> out;
  for (const auto& group : input.groups) {
    for (const auto& [index, committed] : group.committed) {
      const Watermarks& w = input.partitions[index].watermarks;
      const auto lag = ComputePartitionLag(committed, w);
      if (!lag || lag->lag == 0) continue;
      out.push_back({index, FirstUnconsumed(committed, w)});
    }
  }
  std::sort(out.begin(), out.end(), [](const RecordRef& a, const RecordRef& b) {
    return a.partition_index != b.partition_index
               ? a.partition_index < b.partition_index
               : a.offset < b.offset;
  });
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

CycleReport LagTracker::Observe(const CycleInput& input,
                                const RecordTimestampLookup& timestamps) {
  std::vector<GroupReport> groups;
  groups.reserve(input.groups.size());
  auto report = Observe(input, timestamps,
                        [&](const GroupReport& g) { groups.push_back(g); });
  report.groups = std::move(groups);
  return report;
}

CycleReport LagTracker::Observe(const CycleInput& input,
                                const RecordTimestampLookup& timestamps,
                                const GroupSink& sink) {
  // End-offset history first: this cycle's sample takes part in the
  // interpolation for this cycle.
  CyclePartitions partitions;
  partitions.keys.reserve(input.partitions.size());
  partitions.histories.reserve(input.partitions.size());
  std::unordered_map<uint64_t, EndOffsetHistory> kept;
  kept.reserve(input.partitions.size());
  for (const auto& p : input.partitions) {
    const uint64_t key = topic_ids_.PartitionKey(p.topic, p.partition);
    auto old = histories_.find(key);
    auto [it, inserted] = kept.try_emplace(
        key, old != histories_.end() ? std::move(old->second)
                                     : EndOffsetHistory(options_.history));
    if (p.watermarks.Known()) it->second.Add(p.watermarks.end, input.now_ms);
    partitions.keys.push_back(key);
    partitions.histories.push_back(&it->second);
  }
  // Partitions gone from metadata are dropped. Moving the map keeps its
  // nodes, so the pointers above stay valid.
  histories_ = std::move(kept);

  CycleReport report;
  std::unordered_map<std::string, GroupWindows> live_groups;
  for (const auto& group : input.groups) {
    sink(ObserveGroup(input, group, partitions, timestamps, report));
    auto state = groups_.find(group.group);
    if (state != groups_.end()) {
      live_groups.emplace(group.group, std::move(state->second));
    }
  }
  groups_ = std::move(live_groups);
  return report;
}

GroupReport LagTracker::ObserveGroup(
    const CycleInput& input, const GroupInput& group,
    const CyclePartitions& partitions,
    const RecordTimestampLookup& timestamps, CycleReport& cycle) {
  GroupReport out;
  out.group = group.group;
  out.offsets_ok = group.offsets_ok;
  out.members = group.members;
  if (!group.offsets_ok) return out;  // keep the windows, report nothing

  GroupWindows& windows =
      groups_.try_emplace(group.group, options_.status_window).first->second;
  // The windows want their partitions in key order.
  by_key_.clear();
  for (uint32_t i = 0; i < group.committed.size(); ++i) {
    by_key_.emplace_back(partitions.keys[group.committed[i].first], i);
  }
  std::sort(by_key_.begin(), by_key_.end());
  out.partitions.reserve(group.committed.size());
  for (const auto& [key, position] : by_key_) {
    const auto [index, committed] = group.committed[position];
    const PartitionInput& p = input.partitions[index];
    const auto lag = ComputePartitionLag(committed, p.watermarks);
    if (!lag) continue;  // its window is dropped: no sample this cycle
    PartitionReport partition;
    partition.partition_index = index;
    partition.lag = *lag;

    std::optional<int64_t> record_ts;
    if (lag->lag > 0 && timestamps) {
      record_ts = timestamps({index, FirstUnconsumed(committed, p.watermarks)});
    }
    partition.time_lag = EstimateTimeLag(input.now_ms, committed,
                                         p.watermarks.end, record_ts,
                                         partitions.histories[index]);
    if (partition.time_lag) {
      ++cycle.time_lag_methods[partition.time_lag->method];
    } else {
      ++cycle.time_lag_unknown;
    }
    partition.status =
        windows.Add(key, {committed, p.watermarks.end}, group.membership);

    out.status = Worse(out.status, partition.status);
    out.max_lag = std::max(out.max_lag, lag->lag);
    out.sum_lag += lag->lag;
    out.lost += lag->lost;
    if (partition.time_lag) {
      out.max_lag_seconds =
          std::max(out.max_lag_seconds.value_or(0), partition.time_lag->seconds);
    }
    out.partitions.push_back(partition);
  }
  windows.EndCycle();  // partitions the group no longer commits to lose theirs
  std::sort(out.partitions.begin(), out.partitions.end(),
            [](const PartitionReport& a, const PartitionReport& b) {
              return a.partition_index < b.partition_index;
            });
  return out;
}

std::size_t LagTracker::tracked_windows() const {
  std::size_t n = 0;
  for (const auto& [name, windows] : groups_) n += windows.size();
  return n;
}

}  // namespace lag_exporter
