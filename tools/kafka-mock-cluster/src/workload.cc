#include "workload.h"

#include <algorithm>
#include <cmath>

namespace mock_cluster {
namespace {

// Takes the whole records owed from `carry` (a fractional accumulator).
int64_t TakeWhole(double& carry, double owed) {
  carry += owed;
  const double whole = std::floor(carry);
  carry -= whole;
  return static_cast<int64_t>(whole);
}

}  // namespace

void Workload::SetProducerRate(const std::string& topic, double rate) {
  const int partitions = cluster_.PartitionCount(topic);  // throws if unknown
  std::lock_guard lock(mutex_);
  Producer& producer = producers_[topic];
  producer.rate = rate;
  producer.carry.resize(partitions, 0.0);
}

void Workload::AddGroup(const std::string& group, const GroupOffsets& offsets,
                        GroupMotion motion) {
  Group state;
  state.motion = motion;
  for (const auto& [topic, committed] : offsets) {
    const int count = cluster_.PartitionCount(topic);
    Partitions& partitions = state.topics[topic];
    partitions.offsets.assign(count, -1);
    partitions.carry.assign(count, 0.0);
    for (const auto& [partition, offset] : committed) {
      partitions.offsets.at(partition) = offset;
    }
  }
  std::lock_guard lock(mutex_);
  groups_[group] = std::move(state);
}

void Workload::SetGroupMotion(const std::string& group, GroupMotion motion) {
  std::lock_guard lock(mutex_);
  auto it = groups_.find(group);
  if (it == groups_.end()) {
    throw MockClusterError("unknown group " + group +
                           " (commit an offset for it first)");
  }
  it->second.motion = motion;
}

void Workload::Commit(const std::string& group, const std::string& topic,
                      int32_t partition, int64_t offset) {
  std::lock_guard commit_lock(commit_mutex_);
  cluster_.Commit(group, topic, {{partition, offset}});  // validates, throws
  const int count = cluster_.PartitionCount(topic);
  std::lock_guard lock(mutex_);
  Partitions& partitions = groups_[group].topics[topic];
  if (partitions.offsets.empty()) {
    partitions.offsets.assign(count, -1);
    partitions.carry.assign(count, 0.0);
  }
  partitions.offsets.at(partition) = offset;
}

int64_t Workload::TickProducers(std::chrono::duration<double> elapsed) {
  struct Batch {
    std::string topic;
    int32_t partition;
    int64_t count;
  };
  std::vector<Batch> due;
  {
    std::lock_guard lock(mutex_);
    for (auto& [topic, producer] : producers_) {
      const double per_partition =
          producer.rate * elapsed.count() / producer.carry.size();
      for (size_t p = 0; p < producer.carry.size(); ++p) {
        const int64_t count = TakeWhole(producer.carry[p], per_partition);
        if (count > 0) {
          due.push_back({topic, static_cast<int32_t>(p), count});
        }
      }
    }
  }
  for (const Batch& batch : due) {
    // Timestamp 0: CreateTime is the moment of producing.
    cluster_.ProduceAsync(batch.topic, batch.partition,
                          Records{.count = batch.count});
  }
  // A zero-timeout flush sends what is queued and collects the failures.
  return cluster_.Flush(std::chrono::milliseconds(0));
}

bool Workload::Advance(Group& group, double seconds) {
  bool changed = false;
  for (auto& [topic, partitions] : group.topics) {
    const size_t count = partitions.offsets.size();
    for (size_t p = 0; p < count; ++p) {
      int64_t& offset = partitions.offsets[p];
      if (offset < 0) continue;  // the group never consumed this partition
      const int64_t end =
          cluster_.TrackedHighWatermark(topic, static_cast<int32_t>(p));
      int64_t next = offset;
      if (group.motion.kind == GroupMotion::Kind::kTrack) {
        next = std::max<int64_t>(0, end - group.motion.lag);
      } else if (group.motion.kind == GroupMotion::Kind::kRate) {
        const int64_t step =
            TakeWhole(partitions.carry[p], group.motion.rate * seconds / count);
        next = std::max(offset, std::min(offset + step, end));
      }
      if (next != offset) {
        offset = next;
        changed = true;
      }
    }
  }
  return changed;
}

GroupOffsets Workload::Committed(const Group& group) {
  GroupOffsets committed;
  for (const auto& [topic, partitions] : group.topics) {
    for (size_t p = 0; p < partitions.offsets.size(); ++p) {
      if (partitions.offsets[p] >= 0) {
        committed[topic][static_cast<int32_t>(p)] = partitions.offsets[p];
      }
    }
  }
  return committed;
}

std::vector<std::string> Workload::TickGroups(
    std::chrono::duration<double> elapsed) {
  std::lock_guard commit_lock(commit_mutex_);
  std::map<std::string, GroupOffsets> to_commit;
  {
    std::lock_guard lock(mutex_);
    for (auto& [name, group] : groups_) {
      if (group.motion.kind != GroupMotion::Kind::kStill) {
        group.dirty |= Advance(group, elapsed.count());
      }
      if (group.dirty) to_commit[name] = Committed(group);
    }
  }
  std::vector<std::string> failures;
  for (const auto& [name, offsets] : to_commit) {
    try {
      cluster_.Commit(name, offsets);
      std::lock_guard lock(mutex_);
      groups_[name].dirty = false;
    } catch (const MockClusterError& e) {
      failures.push_back(e.what());
    }
  }
  return failures;
}

}  // namespace mock_cluster
