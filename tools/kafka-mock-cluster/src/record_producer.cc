#include "record_producer.h"

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
                               std::chrono::milliseconds delivery_timeout)
    : payload_(kMaxPayload, 'x') {
  rd_kafka_conf_t* conf = NewKafkaConf({
      {"test.mock.num.brokers", std::to_string(mock_brokers)},
      {"log_level", "0"},
      {"linger.ms", "5"},
      // Reconnect promptly after a broker comes back up.
      {"reconnect.backoff.max.ms", "500"},
      {"queue.buffering.max.messages", kQueueMessages},
      {"message.timeout.ms", std::to_string(delivery_timeout.count())},
      // A topic created with rd_kafka_mock_topic_create is known only after
      // the next metadata refresh; keep that prompt.
      {"topic.metadata.refresh.interval.ms", "1000"},
  });
  rd_kafka_conf_set_dr_msg_cb(conf, &RecordProducer::OnDelivery);
  rd_kafka_conf_set_opaque(conf, this);
  handle_ = NewKafkaHandle(RD_KAFKA_PRODUCER, conf);
  poller_ = std::thread([this] { PollLoop(); });
}

RecordProducer::~RecordProducer() {
  stop_ = true;
  poller_.join();
}

void RecordProducer::PollLoop() {
  while (!stop_) rd_kafka_poll(handle_.get(), 100);
}

void RecordProducer::AddTopic(const std::string& topic, int partitions) {
  std::lock_guard lock(mutex_);
  high_watermarks_[topic].assign(partitions, 0);
  unlearned_topics_.insert(topic);
}

void RecordProducer::LearnTopic(const std::string& topic) {
  {
    std::lock_guard lock(mutex_);
    if (!unlearned_topics_.count(topic)) return;
  }
  const rd_kafka_metadata_t* metadata = nullptr;
  rd_kafka_resp_err_t err =
      rd_kafka_metadata(handle_.get(), 1, nullptr, &metadata, 10000);
  if (err) {
    throw MockClusterError("fetching metadata for " + topic + ": " +
                           rd_kafka_err2str(err));
  }
  std::lock_guard lock(mutex_);
  for (int i = 0; i < metadata->topic_cnt; ++i) {
    unlearned_topics_.erase(metadata->topics[i].topic);
  }
  rd_kafka_metadata_destroy(metadata);
}

void RecordProducer::OnDelivery(rd_kafka_t*, const rd_kafka_message_t* message,
                                void* opaque) {
  static_cast<RecordProducer*>(opaque)->Record(*message);
}

void RecordProducer::Record(const rd_kafka_message_t& message) {
  const auto batch_id = reinterpret_cast<uint64_t>(message._private);
  std::lock_guard lock(mutex_);
  if (message.err == RD_KAFKA_RESP_ERR_NO_ERROR) {
    auto it = high_watermarks_.find(rd_kafka_topic_name(message.rkt));
    if (it != high_watermarks_.end() && message.partition >= 0 &&
        static_cast<size_t>(message.partition) < it->second.size()) {
      int64_t& high = it->second[message.partition];
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

void RecordProducer::Enqueue(const std::string& topic, int32_t partition,
                             const Records& records, uint64_t batch_id) {
  LearnTopic(topic);
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
          rd_kafka_produceva(handle_.get(), all.data(), all.size());
      const rd_kafka_resp_err_t err =
          error ? rd_kafka_error_code(error) : RD_KAFKA_RESP_ERR_NO_ERROR;
      if (error) rd_kafka_error_destroy(error);
      if (err == RD_KAFKA_RESP_ERR_NO_ERROR) break;
      if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
        throw MockClusterError("producing to " + topic + "/" +
                               std::to_string(partition) + ": " +
                               rd_kafka_err2str(err));
      }
      rd_kafka_poll(handle_.get(), 10);
    }
  }
}

void RecordProducer::Produce(const std::string& topic, int32_t partition,
                             const Records& records, bool wait,
                             std::chrono::milliseconds timeout) {
  if (!wait) {
    Enqueue(topic, partition, records, 0);
    return;
  }
  uint64_t id;
  {
    std::lock_guard lock(mutex_);
    id = next_batch_id_++;
    batches_.emplace(id, Batch{});
  }
  const std::string where = topic + "/" + std::to_string(partition);
  try {
    Enqueue(topic, partition, records, id);
  } catch (...) {
    std::lock_guard lock(mutex_);
    batches_.erase(id);
    throw;
  }
  rd_kafka_flush(handle_.get(), 0);  // send now rather than after linger
  std::unique_lock lock(mutex_);
  const bool done = delivered_.wait_for(lock, timeout, [&] {
    const Batch& b = batches_.at(id);
    return b.acked + b.failed >= records.count;
  });
  const Batch batch = batches_.at(id);
  batches_.erase(id);
  if (!done) {
    throw MockClusterError("producing to " + where + ": " +
                           std::to_string(batch.acked) + " of " +
                           std::to_string(records.count) +
                           " records acknowledged before the timeout");
  }
  if (batch.failed > 0) {
    throw MockClusterError("producing to " + where + ": " +
                           std::to_string(batch.failed) + " of " +
                           std::to_string(records.count) +
                           " records failed: " + batch.first_error);
  }
}

int64_t RecordProducer::Flush(std::chrono::milliseconds timeout) {
  rd_kafka_flush(handle_.get(), static_cast<int>(timeout.count()));
  std::lock_guard lock(mutex_);
  return std::exchange(async_failures_, 0);
}

int64_t RecordProducer::HighWatermark(const std::string& topic,
                                      int32_t partition) const {
  std::lock_guard lock(mutex_);
  auto it = high_watermarks_.find(topic);
  if (it == high_watermarks_.end() || partition < 0 ||
      static_cast<size_t>(partition) >= it->second.size()) {
    throw MockClusterError("unknown partition " + topic + "/" +
                           std::to_string(partition));
  }
  return it->second[partition];
}

}  // namespace mock_cluster
