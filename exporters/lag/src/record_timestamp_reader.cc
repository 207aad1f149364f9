#include "record_timestamp_reader.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <memory>
#include <unordered_map>

namespace lag_exporter {
namespace {

struct ListDeleter {
  void operator()(rd_kafka_topic_partition_list_t* l) const {
    rd_kafka_topic_partition_list_destroy(l);
  }
};
using ListPtr = std::unique_ptr<rd_kafka_topic_partition_list_t, ListDeleter>;

struct MessageDeleter {
  void operator()(rd_kafka_message_t* m) const { rd_kafka_message_destroy(m); }
};
using MessagePtr = std::unique_ptr<rd_kafka_message_t, MessageDeleter>;

// Rounds come about once a second while a backlog is read; the topics'
// metadata is fetched for them at most this often.
constexpr std::chrono::seconds kWarmInterval{30};

}  // namespace

std::string PartitionName(std::string_view topic, int32_t partition) {
  std::string key(topic);
  key += '\0';
  key += std::to_string(partition);
  return key;
}

std::vector<std::pair<std::string, std::string>> ReaderConsumerProperties() {
  return {
      {"group.id", "kafka-lag-exporter-reader"},
      {"enable.auto.commit", "false"},
      {"enable.auto.offset.store", "false"},
      {"enable.partition.eof", "false"},
      {"auto.offset.reset", "error"},
      {"isolation.level", "read_uncommitted"},
      {"check.crcs", "false"},
      // One small batch per partition is all we need; whole batches still
      // arrive, so the fetch responses and the local queue are capped too
      // (librdkafka's defaults, 50 MB and 64 MB, filled up on a round of
      // 2,000 partitions).
      {"fetch.message.max.bytes", "1024"},
      {"fetch.max.bytes", "1048576"},
      {"queued.max.messages.kbytes", "8192"},
      {"fetch.wait.max.ms", "10"},
      {"queued.min.messages", "1"},
      {"fetch.error.backoff.ms", "50"},
  };
}

RecordTimestampReader::RecordTimestampReader(rd_kafka_t* consumer)
    : consumer_(consumer) {}

void RecordTimestampReader::WarmMetadata(std::chrono::steady_clock::time_point deadline) {
  // A partition of a topic this consumer has no metadata for waits for a
  // metadata refresh after assignment (about a second each time); one
  // request for all topics up front spares every round that wait.
  // At most 2 s: the call cannot be cancelled, and shutdown waits for it.
  // A topic created since the last one costs its first round that wait.
  const auto now = std::chrono::steady_clock::now();
  if (warmed_at_ && now - *warmed_at_ < kWarmInterval) return;
  warmed_at_ = now;
  const auto left = std::min<std::chrono::milliseconds>(
      std::chrono::seconds(2), std::chrono::duration_cast<std::chrono::milliseconds>(
                                   deadline - std::chrono::steady_clock::now()));
  const rd_kafka_metadata_t* metadata = nullptr;
  const auto err = rd_kafka_metadata(consumer_, 1, nullptr, &metadata,
                                     static_cast<int>(std::max<int64_t>(1, left.count())));
  if (err) {
    spdlog::debug("record timestamps: metadata: {}", rd_kafka_err2str(err));
    return;
  }
  rd_kafka_metadata_destroy(metadata);
}

std::vector<std::optional<int64_t>> RecordTimestampReader::ReadRound(
    std::span<const RecordRequest> requests,
    std::chrono::steady_clock::time_point deadline) {
  std::vector<std::optional<int64_t>> out(requests.size());
  last_polls_ = 0;
  if (requests.empty() || Over(deadline)) return out;
  WarmMetadata(deadline);
  std::unordered_map<std::string, std::size_t> by_partition;
  ListPtr assignment(
      rd_kafka_topic_partition_list_new(static_cast<int>(requests.size())));
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const auto& r = requests[i];
    if (!by_partition.emplace(PartitionName(r.topic, r.partition), i).second) continue;
    rd_kafka_topic_partition_list_add(assignment.get(), r.topic.c_str(),
                                      r.partition)
        ->offset = r.offset;
  }
  const auto started = std::chrono::steady_clock::now();
  if (const auto err = rd_kafka_assign(consumer_, assignment.get())) {
    spdlog::warn("record timestamps: assign failed: {}",
                 rd_kafka_err2str(err));
    return out;
  }
  const auto assigned = std::chrono::steady_clock::now();
  std::size_t pending = by_partition.size();
  while (pending > 0 && !Over(deadline)) {
    ++last_polls_;
    MessagePtr message(rd_kafka_consumer_poll(consumer_, 50));
    if (!message) continue;
    if (message->err != RD_KAFKA_RESP_ERR_NO_ERROR || !message->rkt) continue;
    const char* topic = rd_kafka_topic_name(message->rkt);
    auto it = by_partition.find(PartitionName(topic, message->partition));
    if (it == by_partition.end() || out[it->second].has_value()) continue;
    if (message->offset < requests[it->second].offset) continue;
    rd_kafka_timestamp_type_t type;
    const int64_t ts = rd_kafka_message_timestamp(message.get(), &type);
    if (ts < 0) continue;  // no timestamp: leave it to the fallback
    out[it->second] = ts;
    --pending;
    ListPtr one(rd_kafka_topic_partition_list_new(1));
    rd_kafka_topic_partition_list_add(one.get(), topic, message->partition);
    rd_kafka_pause_partitions(consumer_, one.get());
  }
  // Resume first: the pause flag would otherwise outlive the assignment
  // and silence these partitions in a later round or cycle.
  rd_kafka_resume_partitions(consumer_, assignment.get());
  const auto polled = std::chrono::steady_clock::now();
  rd_kafka_assign(consumer_, nullptr);  // drops anything prefetched
  const auto ms = [](auto d) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
  };
  spdlog::debug("record timestamps: {} of {} read; assign {} ms, poll {} ms, unassign {} ms",
                by_partition.size() - pending, by_partition.size(), ms(assigned - started),
                ms(polled - assigned), ms(std::chrono::steady_clock::now() - polled));
  return out;
}

}  // namespace lag_exporter
