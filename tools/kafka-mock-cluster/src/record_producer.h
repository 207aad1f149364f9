#pragma once
// The single producer handle that owns the mock cluster and writes records
// with chosen CreateTime timestamps, tracking high watermarks from delivery
// reports so they are known without a broker round trip.
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
  /// Creates the handle with `mock_brokers` mock brokers attached to it.
  RecordProducer(int mock_brokers, std::chrono::milliseconds delivery_timeout);
  ~RecordProducer();
  RecordProducer(const RecordProducer&) = delete;
  RecordProducer& operator=(const RecordProducer&) = delete;

  rd_kafka_t* handle() const { return handle_.get(); }

  /// Starts tracking a topic's partitions (before producing to it).
  void AddTopic(const std::string& topic, int partitions);

  /// Queues records; with `wait` blocks until all are acknowledged and
  /// throws on the first failure or after `timeout`.
  void Produce(const std::string& topic, int32_t partition,
               const Records& records, bool wait,
               std::chrono::milliseconds timeout);
  /// Waits for every queued record; returns failures since the last call.
  int64_t Flush(std::chrono::milliseconds timeout);

  int64_t HighWatermark(const std::string& topic, int32_t partition) const;

 private:
  /// Acknowledgements of one synchronous Produce() call.
  struct Batch {
    int64_t acked = 0;
    int64_t failed = 0;
    std::string first_error;
  };

  static void OnDelivery(rd_kafka_t* rk, const rd_kafka_message_t* message,
                         void* opaque);
  void Record(const rd_kafka_message_t& message);
  void Enqueue(const std::string& topic, int32_t partition,
               const Records& records, uint64_t batch_id);
  void PollLoop();
  /// Fetches metadata once for topics created since the last fetch, so that
  /// records for them are not held back waiting for a periodic refresh.
  void LearnTopic(const std::string& topic);

  KafkaHandle handle_;
  std::vector<char> payload_;

  mutable std::mutex mutex_;
  std::condition_variable delivered_;
  std::map<std::string, std::vector<int64_t>> high_watermarks_;
  std::map<uint64_t, Batch> batches_;
  std::set<std::string> unlearned_topics_;
  uint64_t next_batch_id_ = 1;
  int64_t async_failures_ = 0;

  std::atomic<bool> stop_{false};
  std::thread poller_;
};

}  // namespace mock_cluster
