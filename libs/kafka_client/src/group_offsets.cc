#include "kafka_client/group_offsets.h"

#include <algorithm>
#include <memory>
#include <unordered_map>

namespace kafka_client {
namespace {

struct QueueDeleter {
  void operator()(rd_kafka_queue_t* q) const { rd_kafka_queue_destroy(q); }
};
struct EventDeleter {
  void operator()(rd_kafka_event_t* e) const { rd_kafka_event_destroy(e); }
};
struct OptionsDeleter {
  void operator()(rd_kafka_AdminOptions_t* o) const {
    rd_kafka_AdminOptions_destroy(o);
  }
};
struct ListDeleter {
  void operator()(rd_kafka_topic_partition_list_t* l) const {
    rd_kafka_topic_partition_list_destroy(l);
  }
};
using QueuePtr = std::unique_ptr<rd_kafka_queue_t, QueueDeleter>;
using EventPtr = std::unique_ptr<rd_kafka_event_t, EventDeleter>;
using OptionsPtr = std::unique_ptr<rd_kafka_AdminOptions_t, OptionsDeleter>;
using ListPtr = std::unique_ptr<rd_kafka_topic_partition_list_t, ListDeleter>;

int RemainingMs(Deadline deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
  return static_cast<int>(std::clamp<std::int64_t>(left.count(), 0, 3600000));
}

// Admin options whose request and operation timeouts end at `deadline`.
OptionsPtr MakeOptions(rd_kafka_t* handle, rd_kafka_admin_op_t op,
                       Deadline deadline, void* opaque) {
  OptionsPtr options(rd_kafka_AdminOptions_new(handle, op));
  char err[256];
  rd_kafka_AdminOptions_set_request_timeout(
      options.get(), std::max(1, RemainingMs(deadline)), err, sizeof(err));
  rd_kafka_AdminOptions_set_opaque(options.get(), opaque);
  return options;
}

// Waits for the next event on `queue` until `deadline` (in short slices, so
// a clock jump cannot stall us).
EventPtr Poll(rd_kafka_queue_t* queue, Deadline deadline) {
  while (true) {
    const int left = RemainingMs(deadline);
    EventPtr event(rd_kafka_queue_poll(queue, std::min(left, 100)));
    if (event || left == 0) return event;
  }
}

std::string ErrorText(const rd_kafka_error_t* error) {
  return rd_kafka_error_string(error);
}

// Puts the offsets of `answer` into `out`, aligned with `asked`. Kafka
// answers in request order; a hash lookup covers any other order.
void AlignOffsets(std::span<const TopicPartition> asked,
                  const rd_kafka_topic_partition_list_t* answer,
                  std::vector<std::int64_t>& out) {
  out.assign(asked.size(), kNoOffset);
  auto value = [](const rd_kafka_topic_partition_t& p) {
    return p.err == RD_KAFKA_RESP_ERR_NO_ERROR && p.offset >= 0 ? p.offset
                                                                 : kNoOffset;
  };
  bool in_order = answer->cnt == static_cast<int>(asked.size());
  for (std::size_t i = 0; in_order && i < asked.size(); ++i) {
    const auto& p = answer->elems[i];
    in_order = p.partition == asked[i].partition && asked[i].topic == p.topic;
    if (in_order) out[i] = value(p);
  }
  if (in_order) return;
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < asked.size(); ++i) {
    index.emplace(asked[i].topic + '\0' + std::to_string(asked[i].partition),
                  i);
  }
  out.assign(asked.size(), kNoOffset);
  for (int j = 0; j < answer->cnt; ++j) {
    const auto& p = answer->elems[j];
    auto it = index.find(std::string(p.topic) + '\0' +
                         std::to_string(p.partition));
    if (it != index.end()) out[it->second] = value(p);
  }
}

void Fail(GroupOffsets& result, std::size_t partitions,
          rd_kafka_resp_err_t error, std::string message) {
  result.error = error;
  result.error_message = std::move(message);
  result.committed.assign(partitions, kNoOffset);
}

void SendOffsetRequest(rd_kafka_t* handle, rd_kafka_queue_t* queue,
                       const GroupOffsetsRequest& request, std::size_t index,
                       Deadline deadline) {
  ListPtr list(rd_kafka_topic_partition_list_new(
      static_cast<int>(std::max<std::size_t>(1, request.partitions.size()))));
  for (const auto& tp : request.partitions) {
    rd_kafka_topic_partition_list_add(list.get(), tp.topic.c_str(),
                                      tp.partition);
  }
  rd_kafka_ListConsumerGroupOffsets_t* one =
      rd_kafka_ListConsumerGroupOffsets_new(request.group.c_str(), list.get());
  auto options =
      MakeOptions(handle, RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPOFFSETS, deadline,
                  reinterpret_cast<void*>(index));
  rd_kafka_ListConsumerGroupOffsets(handle, &one, 1, options.get(), queue);
  rd_kafka_ListConsumerGroupOffsets_destroy(one);
}

void ReadOffsetResult(rd_kafka_event_t* event,
                      const GroupOffsetsRequest& request,
                      GroupOffsets& result) {
  const std::size_t n = request.partitions.size();
  if (rd_kafka_event_error(event) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    Fail(result, n, rd_kafka_event_error(event),
         rd_kafka_event_error_string(event));
    return;
  }
  const auto* answer = rd_kafka_event_ListConsumerGroupOffsets_result(event);
  std::size_t count = 0;
  const rd_kafka_group_result_t** groups =
      rd_kafka_ListConsumerGroupOffsets_result_groups(answer, &count);
  if (count != 1) {
    Fail(result, n, RD_KAFKA_RESP_ERR__BAD_MSG, "no result for the group");
    return;
  }
  if (const rd_kafka_error_t* error = rd_kafka_group_result_error(groups[0])) {
    Fail(result, n, rd_kafka_error_code(error), ErrorText(error));
    return;
  }
  const auto* partitions = rd_kafka_group_result_partitions(groups[0]);
  if (partitions == nullptr) {
    result.committed.assign(n, kNoOffset);
    return;
  }
  AlignOffsets(request.partitions, partitions, result.committed);
}

}  // namespace

std::vector<GroupOffsets> FetchGroupOffsets(
    rd_kafka_t* handle, std::span<const GroupOffsetsRequest> requests,
    int concurrency, Deadline deadline) {
  std::vector<GroupOffsets> results(requests.size());
  std::vector<bool> answered(requests.size(), false);
  for (std::size_t i = 0; i < requests.size(); ++i) {
    results[i].group = requests[i].group;
  }
  QueuePtr queue(rd_kafka_queue_new(handle));
  const std::size_t limit = static_cast<std::size_t>(std::max(1, concurrency));
  std::size_t next = 0;
  std::size_t in_flight = 0;
  while (next < requests.size() || in_flight > 0) {
    while (in_flight < limit && next < requests.size() &&
           RemainingMs(deadline) > 0) {
      if (requests[next].partitions.empty()) {
        results[next].committed.clear();  // nothing to ask
        answered[next++] = true;
        continue;
      }
      SendOffsetRequest(handle, queue.get(), requests[next], next, deadline);
      ++next;
      ++in_flight;
    }
    if (in_flight == 0) break;
    EventPtr event = Poll(queue.get(), deadline);
    if (!event) break;  // deadline: the rest time out
    if (rd_kafka_event_type(event.get()) !=
        RD_KAFKA_EVENT_LISTCONSUMERGROUPOFFSETS_RESULT) {
      continue;
    }
    const auto index =
        reinterpret_cast<std::size_t>(rd_kafka_event_opaque(event.get()));
    if (index >= requests.size() || answered[index]) continue;
    ReadOffsetResult(event.get(), requests[index], results[index]);
    answered[index] = true;
    --in_flight;
  }
  for (std::size_t i = 0; i < requests.size(); ++i) {
    if (!answered[i]) {
      Fail(results[i], requests[i].partitions.size(),
           RD_KAFKA_RESP_ERR__TIMED_OUT,
           "no answer before the collection deadline");
    }
  }
  // Requests still in flight answer into the destroyed queue, whose
  // results librdkafka then frees; their own timeout ends at `deadline`.
  return results;
}

KafkaGroupDirectory::KafkaGroupDirectory(rd_kafka_t* handle,
                                         int describe_batch)
    : handle_(handle), describe_batch_(std::max(1, describe_batch)) {}

GroupDiscovery KafkaGroupDirectory::ListGroups(Deadline deadline) {
  GroupDiscovery discovery;
  QueuePtr queue(rd_kafka_queue_new(handle_));
  auto options = MakeOptions(handle_, RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPS,
                             deadline, nullptr);
  rd_kafka_ListConsumerGroups(handle_, options.get(), queue.get());
  EventPtr event = Poll(queue.get(), deadline);
  if (!event) {
    discovery.error = "ListConsumerGroups: no answer before the deadline";
    return discovery;
  }
  if (rd_kafka_event_error(event.get()) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    const auto code = rd_kafka_event_error(event.get());
    discovery.outcome = code == RD_KAFKA_RESP_ERR__UNSUPPORTED_FEATURE
                            ? GroupDiscovery::Outcome::kUnsupported
                            : GroupDiscovery::Outcome::kFailed;
    discovery.error = rd_kafka_event_error_string(event.get());
    return discovery;
  }
  const auto* result = rd_kafka_event_ListConsumerGroups_result(event.get());
  std::size_t valid_count = 0;
  const rd_kafka_ConsumerGroupListing_t** valid =
      rd_kafka_ListConsumerGroups_result_valid(result, &valid_count);
  for (std::size_t i = 0; i < valid_count; ++i) {
    discovery.groups.push_back(
        {rd_kafka_ConsumerGroupListing_group_id(valid[i]),
         rd_kafka_consumer_group_state_name(
             rd_kafka_ConsumerGroupListing_state(valid[i])),
         rd_kafka_ConsumerGroupListing_is_simple_consumer_group(valid[i]) !=
             0});
  }
  std::size_t error_count = 0;
  const rd_kafka_error_t** errors =
      rd_kafka_ListConsumerGroups_result_errors(result, &error_count);
  if (error_count == 0) {
    discovery.outcome = GroupDiscovery::Outcome::kOk;
    return discovery;
  }
  discovery.error = ErrorText(errors[0]);
  const bool all_unsupported =
      std::all_of(errors, errors + error_count, [](const rd_kafka_error_t* e) {
        return rd_kafka_error_code(e) ==
               RD_KAFKA_RESP_ERR__UNSUPPORTED_FEATURE;
      });
  if (valid_count > 0) {
    discovery.outcome = GroupDiscovery::Outcome::kPartial;
  } else {
    discovery.outcome = all_unsupported
                            ? GroupDiscovery::Outcome::kUnsupported
                            : GroupDiscovery::Outcome::kFailed;
  }
  return discovery;
}

std::vector<GroupDescription> KafkaGroupDirectory::DescribeGroups(
    std::span<const std::string> groups, Deadline deadline) {
  std::vector<GroupDescription> out(groups.size());
  for (std::size_t i = 0; i < groups.size(); ++i) {
    out[i].group = groups[i];
    out[i].error = RD_KAFKA_RESP_ERR__TIMED_OUT;
  }
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < groups.size(); ++i) index.emplace(groups[i], i);

  QueuePtr queue(rd_kafka_queue_new(handle_));
  std::size_t batches = 0;
  const auto batch = static_cast<std::size_t>(describe_batch_);
  for (std::size_t begin = 0; begin < groups.size(); begin += batch) {
    const std::size_t end = std::min(groups.size(), begin + batch);
    std::vector<const char*> names;
    for (std::size_t i = begin; i < end; ++i) names.push_back(groups[i].c_str());
    auto options = MakeOptions(
        handle_, RD_KAFKA_ADMIN_OP_DESCRIBECONSUMERGROUPS, deadline, nullptr);
    rd_kafka_DescribeConsumerGroups(handle_, names.data(), names.size(),
                                    options.get(), queue.get());
    ++batches;
  }
  for (std::size_t done = 0; done < batches; ++done) {
    EventPtr event = Poll(queue.get(), deadline);
    if (!event) break;
    if (rd_kafka_event_error(event.get()) != RD_KAFKA_RESP_ERR_NO_ERROR) {
      continue;  // that batch stays _TIMED_OUT / failed
    }
    const auto* result =
        rd_kafka_event_DescribeConsumerGroups_result(event.get());
    std::size_t count = 0;
    const rd_kafka_ConsumerGroupDescription_t** described =
        rd_kafka_DescribeConsumerGroups_result_groups(result, &count);
    for (std::size_t i = 0; i < count; ++i) {
      auto it = index.find(
          rd_kafka_ConsumerGroupDescription_group_id(described[i]));
      if (it == index.end()) continue;
      GroupDescription& d = out[it->second];
      const rd_kafka_error_t* error =
          rd_kafka_ConsumerGroupDescription_error(described[i]);
      d.error = error ? rd_kafka_error_code(error) : RD_KAFKA_RESP_ERR_NO_ERROR;
      d.state = rd_kafka_consumer_group_state_name(
          rd_kafka_ConsumerGroupDescription_state(described[i]));
      d.members = static_cast<int>(
          rd_kafka_ConsumerGroupDescription_member_count(described[i]));
    }
  }
  return out;
}

}  // namespace kafka_client
