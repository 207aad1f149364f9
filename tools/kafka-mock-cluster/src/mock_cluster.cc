#include "mock_cluster/mock_cluster.h"

// rdkafka_mock.h requires rdkafka.h first.
// clang-format off
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
// clang-format on

#include <algorithm>
#include <mutex>
#include <numeric>
#include <set>

#include "kafka_handle.h"
#include "offset_committer.h"
#include "parallel.h"
#include "record_producer.h"

namespace mock_cluster {
namespace {

void Check(rd_kafka_resp_err_t err, const std::string& what) {
  if (err) throw MockClusterError(what + ": " + rd_kafka_err2str(err));
}

void CheckBroker(int32_t broker, int broker_count) {
  if (broker < 1 || broker > broker_count) {
    throw MockClusterError("broker " + std::to_string(broker) +
                           " does not exist (brokers are 1.." +
                           std::to_string(broker_count) + ")");
  }
}

// Mock calls issued together share one wake-up of the mock thread.
constexpr size_t kMockCallThreads = 64;

std::string PartitionName(const std::string& topic, int32_t partition) {
  return topic + "/" + std::to_string(partition);
}

}  // namespace

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class MockCluster::Impl {
 public:
  Impl(int brokers, const MockClusterOptions& options)
      : options_(options),
        producer_(brokers, options.delivery_timeout, options.producer_shards),
        cluster_(rd_kafka_handle_mock_cluster(producer_.owner())),
        committer_(rd_kafka_mock_cluster_bootstraps(cluster_),
                   options.request_timeout) {}

  void CheckPartition(const std::string& topic, int32_t partition) const {
    const int count = PartitionCount(topic);
    if (partition < 0 || partition >= count) {
      throw MockClusterError("partition " + PartitionName(topic, partition) +
                             " does not exist (topic has " +
                             std::to_string(count) + " partitions)");
    }
  }

  int PartitionCount(const std::string& topic) const {
    std::lock_guard lock(mutex_);
    auto it = topics_.find(topic);
    if (it == topics_.end()) {
      throw MockClusterError("unknown topic " + topic);
    }
    return it->second;
  }

  const MockClusterOptions options_;
  RecordProducer producer_;
  rd_kafka_mock_cluster_t* const cluster_;  // owned by producer_'s handle
  OffsetCommitter committer_;
  mutable std::mutex mutex_;
  std::map<std::string, int> topics_;
};

MockCluster::MockCluster(int brokers, MockClusterOptions options)
    : broker_count_(brokers) {
  if (brokers < 1) {
    throw MockClusterError("a mock cluster needs at least one broker, got " +
                           std::to_string(brokers));
  }
  if (options.producer_shards < 1) {
    throw MockClusterError("producer_shards must be at least 1");
  }
  impl_ = std::make_unique<Impl>(brokers, options);
  bootstrap_ = rd_kafka_mock_cluster_bootstraps(impl_->cluster_);
}

MockCluster::~MockCluster() = default;

void MockCluster::CreateTopic(const std::string& topic, int partitions) {
  CreateTopics({{topic, partitions}});
}

void MockCluster::CreateTopics(
    const std::vector<std::pair<std::string, int>>& topics) {
  {
    std::lock_guard lock(impl_->mutex_);
    std::set<std::string> seen;
    for (const auto& [topic, partitions] : topics) {
      if (partitions < 1) {
        throw MockClusterError("topic " + topic +
                               " needs at least 1 partition");
      }
      if (impl_->topics_.count(topic) || !seen.insert(topic).second) {
        throw MockClusterError("topic " + topic + " already exists");
      }
    }
  }
  // The mock ignores the replication factor (replicas are the first
  // min(3, brokers) ids), so pass the value it would use anyway.
  const int replication = std::min(3, broker_count_);
  ParallelFor(topics.size(), kMockCallThreads, [&](size_t i) {
    const auto& [topic, partitions] = topics[i];
    Check(rd_kafka_mock_topic_create(impl_->cluster_, topic.c_str(), partitions,
                                     replication),
          "creating topic " + topic);
    impl_->producer_.AddTopic(topic, partitions);
    std::lock_guard lock(impl_->mutex_);
    impl_->topics_[topic] = partitions;
  });
}

int MockCluster::PartitionCount(const std::string& topic) const {
  return impl_->PartitionCount(topic);
}

std::map<std::string, int> MockCluster::Topics() const {
  std::lock_guard lock(impl_->mutex_);
  return impl_->topics_;
}

void MockCluster::SetLeader(const std::string& topic, int32_t partition,
                            int32_t broker) {
  SetLeaders({{topic, partition, broker}});
}

void MockCluster::SetLeaders(const std::vector<LeaderAssignment>& leaders) {
  for (const LeaderAssignment& leader : leaders) {
    impl_->CheckPartition(leader.topic, leader.partition);
    if (leader.broker != -1) CheckBroker(leader.broker, broker_count_);
  }
  ParallelFor(leaders.size(), kMockCallThreads, [&](size_t i) {
    const LeaderAssignment& leader = leaders[i];
    Check(rd_kafka_mock_partition_set_leader(impl_->cluster_,
                                             leader.topic.c_str(),
                                             leader.partition, leader.broker),
          "setting leader of " + PartitionName(leader.topic, leader.partition));
  });
}

void MockCluster::SetBrokerDown(int32_t broker) {
  CheckBroker(broker, broker_count_);
  Check(rd_kafka_mock_broker_set_down(impl_->cluster_, broker),
        "taking broker " + std::to_string(broker) + " down");
}

void MockCluster::SetBrokerUp(int32_t broker) {
  CheckBroker(broker, broker_count_);
  Check(rd_kafka_mock_broker_set_up(impl_->cluster_, broker),
        "bringing broker " + std::to_string(broker) + " up");
}

void MockCluster::SetTopicError(const std::string& topic, int error_code) {
  impl_->PartitionCount(topic);  // throws for unknown topics
  rd_kafka_mock_topic_set_error(impl_->cluster_, topic.c_str(),
                                static_cast<rd_kafka_resp_err_t>(error_code));
}

int64_t MockCluster::Produce(const std::string& topic, int32_t partition,
                             const Records& records) {
  impl_->CheckPartition(topic, partition);
  impl_->producer_.Produce(topic, {partition}, records, true,
                           impl_->options_.request_timeout);
  return impl_->producer_.HighWatermark(topic, partition);
}

void MockCluster::ProduceToAll(const std::string& topic,
                               const Records& records) {
  std::vector<int32_t> partitions(PartitionCount(topic));
  std::iota(partitions.begin(), partitions.end(), 0);
  impl_->producer_.Produce(topic, partitions, records, true,
                           impl_->options_.request_timeout);
}

void MockCluster::ProduceAsync(const std::string& topic, int32_t partition,
                               const Records& records) {
  impl_->CheckPartition(topic, partition);
  impl_->producer_.Produce(topic, {partition}, records, false, {});
}

int64_t MockCluster::Flush(std::chrono::milliseconds timeout) {
  return impl_->producer_.Flush(timeout);
}

int64_t MockCluster::TrackedHighWatermark(const std::string& topic,
                                          int32_t partition) const {
  impl_->CheckPartition(topic, partition);
  return impl_->producer_.HighWatermark(topic, partition);
}

Watermarks MockCluster::QueryWatermarks(const std::string& topic,
                                        int32_t partition,
                                        std::chrono::milliseconds timeout) {
  impl_->CheckPartition(topic, partition);
  // offsets_for_times with the logical offsets BEGINNING/END is the batched
  // ListOffsets path; query_watermark_offsets hangs when a leader is down.
  PartitionList low(rd_kafka_topic_partition_list_new(1));
  rd_kafka_topic_partition_list_add(low.get(), topic.c_str(), partition)
      ->offset = RD_KAFKA_OFFSET_BEGINNING;
  PartitionList high(rd_kafka_topic_partition_list_new(1));
  rd_kafka_topic_partition_list_add(high.get(), topic.c_str(), partition)
      ->offset = RD_KAFKA_OFFSET_END;
  const std::string what =
      "querying watermarks of " + PartitionName(topic, partition);
  for (auto* l : {low.get(), high.get()}) {
    Check(rd_kafka_offsets_for_times(impl_->producer_.owner(), l,
                                     static_cast<int>(timeout.count())),
          what);
    Check(l->elems[0].err, what);
  }
  return Watermarks{low->elems[0].offset, high->elems[0].offset};
}

void MockCluster::Commit(const std::string& group, const std::string& topic,
                         const PartitionOffsets& offsets) {
  Commit(group, GroupOffsets{{topic, offsets}});
}

void MockCluster::Commit(const std::string& group,
                         const GroupOffsets& offsets) {
  for (const auto& [topic, partitions] : offsets) {
    for (const auto& entry : partitions) {
      impl_->CheckPartition(topic, entry.first);
    }
  }
  impl_->committer_.Commit(group, offsets);
}

rd_kafka_mock_cluster_s* MockCluster::raw() const { return impl_->cluster_; }

}  // namespace mock_cluster
