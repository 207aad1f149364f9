#pragma once
// The producer handles that own the mock cluster and write records with
// chosen CreateTime timestamps, tracking high watermarks from delivery
// reports so they are known without a broker round trip.
//
// librdkafka 2.0.2 sends one partition per ProduceRequest and its broker
// threads walk every partition they know on each pass, so one handle costs
// O(partitions^2) CPU: 20,000 partitions x 5 records took ~12 s of CPU.
// Topics are therefore spread over `shards` handles (each handle only learns
// its own topics): 8 shards brought the same load to ~1.3 s.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "kafka_handle.h"
#include "mock_cluster/mock_cluster.h"

namespace mock_cluster {

class RecordProducer {
 public:
  /// Creates shard 0 with `mock_brokers` mock brokers attached to it, then
  /// the other shards connected to that cluster.
  RecordProducer(int mock_brokers, std::chrono::milliseconds delivery_timeout,
                 int shards);
  ~RecordProducer();
  RecordProducer(const RecordProducer&) = delete;
  RecordProducer& operator=(const RecordProducer&) = delete;

  /// The handle that owns the mock cluster.
  rd_kafka_t* owner() const { return shards_.front().get(); }

  /// Starts tracking a topic's partitions (before producing to it).
  void AddTopic(const std::string& topic, int partitions);

  /// Queues `records` for each of `partitions`; with `wait` blocks until
  /// all are acknowledged and throws on a failure or after `timeout`.
  void Produce(const std::string& topic, const std::vector<int32_t>& partitions,
               const Records& records, bool wait,
               std::chrono::milliseconds timeout);
  /// Waits for every queued record; returns failures since the last call.
  int64_t Flush(std::chrono::milliseconds timeout);

  int64_t HighWatermark(const std::string& topic, int32_t partition) const;

 private:
  struct Topic {
    rd_kafka_t* shard = nullptr;
    bool learned = false;  ///< the shard has fetched its metadata
    std::vector<int64_t> high_watermarks;
  };
  /// Acknowledgements of one synchronous Produce() call.
  struct Batch {
    int64_t acked = 0;
    int64_t failed = 0;
    std::string first_error;
  };

  KafkaHandle NewShard(std::map<std::string, std::string> conf);
  static void OnDelivery(rd_kafka_t* rk, const rd_kafka_message_t* message,
                         void* opaque);
  void Record(const rd_kafka_message_t& message);
  /// The topic's shard, after making sure the shard knows the topic (a
  /// topic created after the handle is otherwise learned only at the next
  /// periodic metadata refresh).
  rd_kafka_t* ShardFor(const std::string& topic);
  void Enqueue(rd_kafka_t* shard, const std::string& topic, int32_t partition,
               const Records& records, uint64_t batch_id);
  void PollLoop(rd_kafka_t* shard);

  std::vector<KafkaHandle> shards_;
  std::vector<char> payload_;

  mutable std::mutex mutex_;
  std::condition_variable delivered_;
  std::map<std::string, Topic> topics_;
  size_t next_shard_ = 0;
  std::map<uint64_t, Batch> batches_;
  uint64_t next_batch_id_ = 1;
  int64_t async_failures_ = 0;

  std::atomic<bool> stop_{false};
  std::vector<std::thread> pollers_;
};

}  // namespace mock_cluster
