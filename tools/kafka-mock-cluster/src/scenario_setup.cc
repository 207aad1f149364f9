#include "scenario_setup.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <numeric>

#include "parallel.h"

namespace mock_cluster {
namespace {

using Clock = std::chrono::steady_clock;

// Group commits wait mostly on round trips (handle start, coordinator
// lookup, commit), so many overlap well even on two cores.
constexpr size_t kCommitThreads = 16;

// Logs the duration of one setup step when it ends.
class StepTimer {
 public:
  explicit StepTimer(std::string step) : step_(std::move(step)) {}
  ~StepTimer() {
    spdlog::info("setup: {} took {:.3f}s", step_,
                 std::chrono::duration<double>(Clock::now() - start_).count());
  }

 private:
  std::string step_;
  Clock::time_point start_ = Clock::now();
};

void CreateTopics(const Scenario& scenario, MockCluster& cluster) {
  StepTimer timer("creating " + std::to_string(scenario.topics.size()) +
                  " topics");
  std::vector<std::pair<std::string, int>> topics;
  for (const TopicSpec& topic : scenario.topics) {
    topics.emplace_back(topic.name, topic.partitions);
  }
  cluster.CreateTopics(topics);
}

void SetLeaders(const Scenario& scenario, MockCluster& cluster) {
  std::vector<LeaderAssignment> leaders;
  for (const TopicSpec& topic : scenario.topics) {
    for (const auto& [partition, broker] : topic.leaders) {
      leaders.push_back({topic.name, partition, broker});
    }
  }
  if (leaders.empty()) return;
  StepTimer timer("setting " + std::to_string(leaders.size()) + " leaders");
  cluster.SetLeaders(leaders);
}

void ProduceHistory(const Scenario& scenario, MockCluster& cluster) {
  int64_t total = 0;
  StepTimer timer("producing history");
  for (const TopicSpec& topic : scenario.topics) {
    for (const MessageSpec& spec : topic.messages) {
      std::vector<int32_t> partitions = spec.partitions;
      if (partitions.empty()) {
        partitions.resize(topic.partitions);
        std::iota(partitions.begin(), partitions.end(), 0);
      }
      for (int32_t p : partitions) {
        cluster.ProduceAsync(topic.name, p, spec.records);
        total += spec.records.count;
      }
    }
  }
  const int64_t failed = cluster.Flush(std::chrono::minutes(2));
  if (failed > 0) {
    throw MockClusterError("producing history: " + std::to_string(failed) +
                           " of " + std::to_string(total) + " records failed");
  }
  spdlog::info("setup: produced {} records", total);
}

GroupOffsets ResolveOffsets(const GroupSpec& group, const Scenario& scenario,
                            const MockCluster& cluster) {
  GroupOffsets offsets;
  for (const GroupTopicSpec& spec : group.topics) {
    PartitionOffsets& partitions = offsets[spec.topic];
    const int count = scenario.FindTopic(spec.topic)->partitions;
    for (int32_t p = 0; p < count; ++p) {
      if (spec.offset) {
        partitions[p] = *spec.offset;
      } else if (spec.lag) {
        partitions[p] = std::max<int64_t>(
            0, cluster.TrackedHighWatermark(spec.topic, p) - *spec.lag);
      }
    }
    for (const auto& [p, offset] : spec.offsets) partitions[p] = offset;
  }
  return offsets;
}

// One consumer handle per group makes commits the slowest step of large
// shapes.
void CommitGroups(const Scenario& scenario, MockCluster& cluster,
                  Workload& workload) {
  if (scenario.groups.empty()) return;
  StepTimer timer("committing offsets of " +
                  std::to_string(scenario.groups.size()) + " groups");
  ParallelFor(scenario.groups.size(), kCommitThreads, [&](size_t i) {
    const GroupSpec& group = scenario.groups[i];
    const GroupOffsets offsets = ResolveOffsets(group, scenario, cluster);
    if (!offsets.empty()) cluster.Commit(group.name, offsets);
    workload.AddGroup(group.name, offsets, group.motion);
  });
}

}  // namespace

void ApplyScenario(const Scenario& scenario, MockCluster& cluster,
                   Workload& workload) {
  StepTimer timer("scenario");
  CreateTopics(scenario, cluster);
  // History first: records for a partition whose leader is about to be set
  // to -1 (offline) could not be written afterwards.
  ProduceHistory(scenario, cluster);
  CommitGroups(scenario, cluster, workload);
  SetLeaders(scenario, cluster);
  for (const ProducerSpec& producer : scenario.producers) {
    workload.SetProducerRate(producer.topic, producer.rate);
  }
}

}  // namespace mock_cluster
