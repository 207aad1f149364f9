#include "offset_committer.h"

#include <memory>

#include "kafka_handle.h"

namespace mock_cluster {
namespace {

struct QueueDeleter {
  void operator()(rd_kafka_queue_t* queue) const {
    rd_kafka_queue_destroy(queue);
  }
};
struct EventDeleter {
  void operator()(rd_kafka_event_t* event) const {
    rd_kafka_event_destroy(event);
  }
};

}  // namespace

OffsetCommitter::OffsetCommitter(std::string bootstrap,
                                 std::chrono::milliseconds timeout)
    : bootstrap_(std::move(bootstrap)), timeout_(timeout) {}

void OffsetCommitter::Commit(const std::string& group,
                             const GroupOffsets& offsets) const {
  const std::string what = "committing offsets of group " + group;
  KafkaHandle consumer = NewKafkaHandle(
      RD_KAFKA_CONSUMER, NewKafkaConf({{"bootstrap.servers", bootstrap_},
                                       {"group.id", group},
                                       {"enable.auto.commit", "false"},
                                       {"log_level", "0"}}));
  PartitionList list(rd_kafka_topic_partition_list_new(1));
  for (const auto& [topic, partitions] : offsets) {
    for (const auto& [partition, offset] : partitions) {
      rd_kafka_topic_partition_list_add(list.get(), topic.c_str(), partition)
          ->offset = offset;
    }
  }
  // An explicit queue bounds the wait: a synchronous rd_kafka_commit has no
  // timeout and would block while the coordinator is down.
  std::unique_ptr<rd_kafka_queue_t, QueueDeleter> queue(
      rd_kafka_queue_new(consumer.get()));
  rd_kafka_resp_err_t err = rd_kafka_commit_queue(
      consumer.get(), list.get(), queue.get(), nullptr, nullptr);
  if (err) throw MockClusterError(what + ": " + rd_kafka_err2str(err));
  std::unique_ptr<rd_kafka_event_t, EventDeleter> event(
      rd_kafka_queue_poll(queue.get(), static_cast<int>(timeout_.count())));
  if (!event) throw MockClusterError(what + ": timed out");
  if (rd_kafka_event_error(event.get())) {
    throw MockClusterError(what + ": " +
                           rd_kafka_event_error_string(event.get()));
  }
  const rd_kafka_topic_partition_list_t* result =
      rd_kafka_event_topic_partition_list(event.get());
  for (int i = 0; result != nullptr && i < result->cnt; ++i) {
    if (result->elems[i].err) {
      throw MockClusterError(what + " for " + result->elems[i].topic + "/" +
                             std::to_string(result->elems[i].partition) + ": " +
                             rd_kafka_err2str(result->elems[i].err));
    }
  }
}

}  // namespace mock_cluster
