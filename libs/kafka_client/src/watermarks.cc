#include "kafka_client/watermarks.h"

#include <algorithm>
#include <map>
#include <memory>
#include <thread>

namespace kafka_client {
namespace {

using Clock = std::chrono::steady_clock;

struct ListDeleter {
  void operator()(rd_kafka_topic_partition_list_t* list) const {
    rd_kafka_topic_partition_list_destroy(list);
  }
};
using ListPtr = std::unique_ptr<rd_kafka_topic_partition_list_t, ListDeleter>;

enum class End { kLow, kHigh };

// Indexes (into the caller's partitions) grouped by leader.
std::map<std::int32_t, std::vector<std::size_t>> GroupByLeader(
    std::span<const PartitionRef> partitions) {
  std::map<std::int32_t, std::vector<std::size_t>> groups;
  for (std::size_t i = 0; i < partitions.size(); ++i) {
    if (partitions[i].leader >= 0) groups[partitions[i].leader].push_back(i);
  }
  return groups;
}

void RecordError(WatermarkResult& result, rd_kafka_resp_err_t error) {
  if (result.ok()) result.error = error;
}

// One ListOffsets request: a chunk of one leader's partitions, one end.
// Writes only the results of its own partitions, so requests need no lock.
void FetchChunk(rd_kafka_t* handle, std::span<const PartitionRef> partitions,
                std::span<const std::size_t> indexes, End end,
                Clock::time_point deadline,
                std::vector<WatermarkResult>& results) {
  ListPtr list(rd_kafka_topic_partition_list_new(
      static_cast<int>(indexes.size())));
  const auto spec =
      end == End::kLow ? RD_KAFKA_OFFSET_BEGINNING : RD_KAFKA_OFFSET_END;
  for (const auto i : indexes) {
    rd_kafka_topic_partition_list_add(list.get(), partitions[i].topic.c_str(),
                                      partitions[i].partition)
        ->offset = spec;
  }
  const auto remaining =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline -
                                                            Clock::now());
  rd_kafka_resp_err_t call_error = RD_KAFKA_RESP_ERR__TIMED_OUT;
  if (remaining.count() > 0) {
    call_error = rd_kafka_offsets_for_times(
        handle, list.get(), static_cast<int>(remaining.count()));
  }
  // The list keeps insertion order: element k is indexes[k].
  for (int k = 0; k < list->cnt; ++k) {
    const auto& element = list->elems[k];
    auto& result = results[indexes[static_cast<std::size_t>(k)]];
    if (call_error != RD_KAFKA_RESP_ERR_NO_ERROR) {
      RecordError(result, call_error);
    } else if (element.err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      RecordError(result, element.err);
    } else if (element.offset < 0) {
      RecordError(result, RD_KAFKA_RESP_ERR__NO_OFFSET);
    } else if (end == End::kLow) {
      result.low = element.offset;
    } else {
      result.high = element.offset;
    }
  }
}

// Every partition of one leader, one end, in chunks of `max_batch`.
void FetchBatch(rd_kafka_t* handle, std::span<const PartitionRef> partitions,
                const std::vector<std::size_t>& indexes, End end,
                Clock::time_point deadline, std::size_t max_batch,
                std::vector<WatermarkResult>& results) {
  const std::span<const std::size_t> all(indexes);
  for (std::size_t start = 0; start < all.size(); start += max_batch) {
    FetchChunk(handle, partitions,
               all.subspan(start, std::min(max_batch, all.size() - start)),
               end, deadline, results);
  }
}

}  // namespace

std::vector<WatermarkResult> FetchWatermarks(
    rd_kafka_t* handle, std::span<const PartitionRef> partitions,
    Clock::time_point deadline, std::size_t max_batch) {
  max_batch = std::max<std::size_t>(1, max_batch);
  std::vector<WatermarkResult> results(partitions.size());
  for (std::size_t i = 0; i < partitions.size(); ++i) {
    if (partitions[i].leader < 0) {
      results[i].error = RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE;
    }
  }
  // The two ends write different fields but share `error`, so each end gets
  // its own result vector and they are merged after the join.
  std::vector<WatermarkResult> highs(partitions.size());
  const auto groups = GroupByLeader(partitions);
  {
    std::vector<std::jthread> batches;
    batches.reserve(groups.size() * 2);
    for (const auto& [leader, indexes] : groups) {
      batches.emplace_back([&, &idx = indexes] {
        FetchBatch(handle, partitions, idx, End::kLow, deadline, max_batch, results);
      });
      batches.emplace_back([&, &idx = indexes] {
        FetchBatch(handle, partitions, idx, End::kHigh, deadline, max_batch, highs);
      });
    }
  }  // joins every batch
  for (std::size_t i = 0; i < partitions.size(); ++i) {
    if (partitions[i].leader < 0) continue;
    RecordError(results[i], highs[i].error);
    results[i].high = highs[i].high;
    if (!results[i].ok()) results[i].low = results[i].high = -1;
  }
  return results;
}

std::size_t WatermarkRequestCount(std::span<const PartitionRef> partitions,
                                  std::size_t max_batch) {
  max_batch = std::max<std::size_t>(1, max_batch);
  std::size_t requests = 0;
  for (const auto& [leader, indexes] : GroupByLeader(partitions)) {
    requests += 2 * ((indexes.size() + max_batch - 1) / max_batch);
  }
  return requests;
}

}  // namespace kafka_client
