#pragma once
// What keeps the cluster moving: rate-driven producers per topic and the
// committed offsets of consumer groups, which stand still, advance at a
// rate or track the end offset. Thread-safe; RateDriver calls the Tick
// methods, commands and scenario setup call the rest.
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "group_motion.h"
#include "mock_cluster/mock_cluster.h"

namespace mock_cluster {

class Workload {
 public:
  explicit Workload(MockCluster& cluster) : cluster_(cluster) {}

  /// Records/s spread evenly over the topic's partitions; 0 stops it.
  void SetProducerRate(const std::string& topic, double rate);

  /// Registers a group's committed offsets and motion (during setup, after
  /// the offsets were committed). Replaces what was known of the group.
  void AddGroup(const std::string& group, const GroupOffsets& offsets,
                GroupMotion motion);
  /// Changes how a known group moves; throws MockClusterError if unknown.
  void SetGroupMotion(const std::string& group, GroupMotion motion);
  /// Commits one offset now and remembers it (a new group starts still).
  void Commit(const std::string& group, const std::string& topic,
              int32_t partition, int64_t offset);

  /// Queues the records producers owe for `elapsed`; returns how many
  /// queued records failed since the previous call (e.g. leader offline).
  int64_t TickProducers(std::chrono::duration<double> elapsed);
  /// Advances moving groups for `elapsed` and commits what changed. Returns
  /// the commit failures as messages (e.g. coordinator down); those groups
  /// are retried on the next tick.
  std::vector<std::string> TickGroups(std::chrono::duration<double> elapsed);

 private:
  struct Partitions {
    std::vector<int64_t> offsets;  ///< -1: nothing committed
    std::vector<double> carry;     ///< fractional records owed (rate mode)
  };
  struct Group {
    GroupMotion motion;
    std::map<std::string, Partitions> topics;
    bool dirty = false;  ///< changed but not committed yet
  };
  struct Producer {
    double rate = 0;
    std::vector<double> carry;
  };

  /// Advances one group in place; returns true if an offset changed.
  bool Advance(Group& group, double seconds);
  static GroupOffsets Committed(const Group& group);

  MockCluster& cluster_;
  std::mutex mutex_;         // guards the maps below
  std::mutex commit_mutex_;  // orders commits so a stale one never wins
  std::map<std::string, Producer> producers_;
  std::map<std::string, Group> groups_;
};

}  // namespace mock_cluster
