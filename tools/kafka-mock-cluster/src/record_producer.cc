#include "record_producer.h"

#include <librdkafka/rdkafka_mock.h>

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <utility>

namespace mock_cluster {
namespace {

// Large enough that bulk setup (20,000 partitions x 5 records) rarely waits
// on a full queue.
constexpr const char* kQueueMessages = "2000000";
constexpr int kMaxPayload = 1 << 20;

}  // namespace

RecordProducer::RecordProducer(int mock_brokers,
                               std::chrono::milliseconds delivery_timeout,
                               int shards)
    : payload_(kMaxPayload, 'x') {
  const std::map<std::string, std::string> common = {
      {"log_level", "0"},
      {"linger.ms", "5"},
      // Reconnect promptly after a broker comes back up.
      {"reconnect.backoff.max.ms", "500"},
      {"queue.buffering.max.messages", kQueueMessages},
      {"message.timeout.ms", std::to_string(delivery_timeout.count())},
  };
  auto owner_conf = common;
  owner_conf["test.mock.num.brokers"] = std::to_string(mock_brokers);
  shards_.push_back(NewShard(owner_conf));
  auto shard_conf = common;
  shard_conf["bootstrap.servers"] =
      rd_kafka_mock_cluster_bootstraps(rd_kafka_handle_mock_cluster(owner()));
  for (int i = 1; i < shards; ++i) shards_.push_back(NewShard(shard_conf));
  // One poller per shard: delivery reports arrive as soon as they are due.
  for (const KafkaHandle& shard : shards_) {
    pollers_.emplace_back([this, rk = shard.get()] { PollLoop(rk); });
  }
}

KafkaHandle RecordProducer::NewShard(std::map<std::string, std::string> kv) {
  rd_kafka_conf_t* conf = NewKafkaConf(kv);
  rd_kafka_conf_set_dr_msg_cb(conf, &RecordProducer::OnDelivery);
  rd_kafka_conf_set_opaque(conf, this);
  return NewKafkaHandle(RD_KAFKA_PRODUCER, conf);
}

RecordProducer::~RecordProducer() {
  stop_ = true;
  for (std::thread& poller : pollers_) poller.join();
  // The owner (shard 0) destroys the cluster: it goes last.
  while (!shards_.empty()) shards_.pop_back();
}

void RecordProducer::PollLoop(rd_kafka_t* shard) {
  while (!stop_) rd_kafka_poll(shard, 100);
}

void RecordProducer::AddTopic(const std::string& topic, int partitions) {
  std::lock_guard lock(mutex_);
  Topic& state = topics_[topic];
  state.shard = shards_[next_shard_++ % shards_.size()].get();
  state.high_watermarks.assign(partitions, 0);
}

rd_kafka_t* RecordProducer::ShardFor(const std::string& topic) {
  rd_kafka_t* shard;
  {
    std::lock_guard lock(mutex_);
    auto it = topics_.find(topic);
    if (it == topics_.end()) throw MockClusterError("unknown topic " + topic);
    if (it->second.learned) return it->second.shard;
    shard = it->second.shard;
  }
  // One request for all topics teaches the shard every topic created so
  // far, so bulk setup pays this once per shard.
  const rd_kafka_metadata_t* metadata = nullptr;
  rd_kafka_resp_err_t err =
      rd_kafka_metadata(shard, 1, nullptr, &metadata, 10000);
  if (err) {
    throw MockClusterError("fetching metadata for " + topic + ": " +
                           rd_kafka_err2str(err));
  }
  std::lock_guard lock(mutex_);
  for (int i = 0; i < metadata->topic_cnt; ++i) {
    auto it = topics_.find(metadata->topics[i].topic);
    if (it != topics_.end() && it->second.shard == shard) {
      it->second.learned = true;
    }
  }
  rd_kafka_metadata_destroy(metadata);
  return shard;
}

void RecordProducer::OnDelivery(rd_kafka_t*, const rd_kafka_message_t* message,
                                void* opaque) {
  static_cast<RecordProducer*>(opaque)->Record(*message);
}

void RecordProducer::Record(const rd_kafka_message_t& message) {
  const auto batch_id = reinterpret_cast<uint64_t>(message._private);
  std::lock_guard lock(mutex_);
  if (message.err == RD_KAFKA_RESP_ERR_NO_ERROR) {
    auto it = topics_.find(rd_kafka_topic_name(message.rkt));
    if (it != topics_.end() && message.partition >= 0 &&
        static_cast<size_t>(message.partition) <
            it->second.high_watermarks.size()) {
      int64_t& high = it->second.high_watermarks[message.partition];
      high = std::max(high, message.offset + 1);
    }
  }
  auto batch = batches_.find(batch_id);
  if (batch == batches_.end()) {
    if (message.err) ++async_failures_;
    return;
  }
  if (message.err) {
    if (batch->second.failed++ == 0) {
      batch->second.first_error = rd_kafka_err2str(message.err);
    }
  } else {
    ++batch->second.acked;
  }
  delivered_.notify_all();
}

void RecordProducer::Enqueue(rd_kafka_t* shard, const std::string& topic,
                             int32_t partition, const Records& records,
                             uint64_t batch_id) {
  const size_t key_size = std::clamp(records.key_size, 0, kMaxPayload);
  const size_t value_size = std::clamp(records.value_size, 0, kMaxPayload);
  const int64_t span = records.last_timestamp_ms == 0
                           ? 0
                           : records.last_timestamp_ms - records.timestamp_ms;
  for (int64_t i = 0; i < records.count; ++i) {
    int64_t timestamp = records.timestamp_ms;
    if (span != 0 && records.count > 1) {
      timestamp += span * i / (records.count - 1);
    }
    // rd_kafka_produceva rather than the producev macros, which expand to
    // C casts.
    rd_kafka_vu_t fields[6] = {};
    fields[0].vtype = RD_KAFKA_VTYPE_TOPIC;
    fields[0].u.cstr = topic.c_str();
    fields[1].vtype = RD_KAFKA_VTYPE_PARTITION;
    fields[1].u.i32 = partition;
    fields[2].vtype = RD_KAFKA_VTYPE_VALUE;
    fields[2].u.mem = {payload_.data(), value_size};
    fields[3].vtype = RD_KAFKA_VTYPE_TIMESTAMP;
    fields[3].u.i64 = timestamp;
    fields[4].vtype = RD_KAFKA_VTYPE_OPAQUE;
    fields[4].u.ptr = reinterpret_cast<void*>(batch_id);
    fields[5].vtype = RD_KAFKA_VTYPE_MSGFLAGS;
    fields[5].u.i = RD_KAFKA_MSG_F_COPY;
    rd_kafka_vu_t key{};
    key.vtype = RD_KAFKA_VTYPE_KEY;
    key.u.mem = {payload_.data(), key_size};
    std::vector<rd_kafka_vu_t> all(std::begin(fields), std::end(fields));
    if (key_size > 0) all.push_back(key);
    for (;;) {
      rd_kafka_error_t* error =
          rd_kafka_produceva(shard, all.data(), all.size());
      const rd_kafka_resp_err_t err =
          error ? rd_kafka_error_code(error) : RD_KAFKA_RESP_ERR_NO_ERROR;
      if (error) rd_kafka_error_destroy(error);
      if (err == RD_KAFKA_RESP_ERR_NO_ERROR) break;
      if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
        throw MockClusterError("producing to " + topic + "/" +
                               std::to_string(partition) + ": " +
                               rd_kafka_err2str(err));
      }
      rd_kafka_poll(shard, 10);
    }
  }
}

void RecordProducer::Produce(const std::string& topic,
                             const std::vector<int32_t>& partitions,
                             const Records& records, bool wait,
                             std::chrono::milliseconds timeout) {
  rd_kafka_t* shard = ShardFor(topic);
  if (!wait) {
    for (int32_t p : partitions) Enqueue(shard, topic, p, records, 0);
    return;
  }
  uint64_t id;
  {
    std::lock_guard lock(mutex_);
    id = next_batch_id_++;
    batches_.emplace(id, Batch{});
  }
  const std::string where = partitions.size() == 1
                                ? topic + "/" + std::to_string(partitions[0])
                                : topic;
  const int64_t expected =
      records.count * static_cast<int64_t>(partitions.size());
  try {
    for (int32_t p : partitions) Enqueue(shard, topic, p, records, id);
  } catch (...) {
    std::lock_guard lock(mutex_);
    batches_.erase(id);
    throw;
  }
  rd_kafka_flush(shard, 0);  // send now rather than after linger
  std::unique_lock lock(mutex_);
  const bool done = delivered_.wait_for(lock, timeout, [&] {
    const Batch& b = batches_.at(id);
    return b.acked + b.failed >= expected;
  });
  const Batch batch = batches_.at(id);
  batches_.erase(id);
  if (!done) {
    throw MockClusterError(
        "producing to " + where + ": " + std::to_string(batch.acked) + " of " +
        std::to_string(expected) + " records acknowledged before the timeout");
  }
  if (batch.failed > 0) {
    throw MockClusterError(
        "producing to " + where + ": " + std::to_string(batch.failed) + " of " +
        std::to_string(expected) + " records failed: " + batch.first_error);
  }
}

int64_t RecordProducer::Flush(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (const KafkaHandle& shard : shards_) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    rd_kafka_flush(shard.get(),
                   static_cast<int>(std::max<int64_t>(0, left.count())));
  }
  std::lock_guard lock(mutex_);
  return std::exchange(async_failures_, 0);
}

int64_t RecordProducer::HighWatermark(const std::string& topic,
                                      int32_t partition) const {
  std::lock_guard lock(mutex_);
  auto it = topics_.find(topic);
  if (it == topics_.end() || partition < 0 ||
      static_cast<size_t>(partition) >= it->second.high_watermarks.size()) {
    throw MockClusterError("unknown partition " + topic + "/" +
                           std::to_string(partition));
  }
  return it->second.high_watermarks[partition];
}

}  // namespace mock_cluster
