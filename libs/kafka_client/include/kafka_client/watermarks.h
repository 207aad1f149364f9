#pragma once
// Low and high watermarks of many partitions at once, batched per leader:
// one ListOffsets request per leader broker for each end (per chunk of
// kMaxBatchPartitions partitions), every leader in parallel, all bounded by
// one deadline. A leader that is down or slow fails
// only its own partitions; the rest come back fresh.
//
// Uses rd_kafka_offsets_for_times with BEGINNING/END (never
// rd_kafka_query_watermark_offsets, which hangs on librdkafka 2.0.2 when a
// leader is down).
#include <librdkafka/rdkafka.h>

#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace kafka_client {

/// \brief The largest ListOffsets batch. librdkafka 2.0.2 matches each
/// partition of a ListOffsets response to its request with a linear search,
/// so one batch costs O(n^2) CPU: 6,700 partitions took ~5 s of CPU on a
/// loaded 2-core machine. Chunks of 1,000 keep a 20,000-partition cluster at
/// 42 requests per cycle (kafka_exporter sends 40,000).
inline constexpr std::size_t kMaxBatchPartitions = 1000;

/// \brief A partition and the leader that metadata names for it.
struct PartitionRef {
  std::string topic;
  std::int32_t partition = 0;
  std::int32_t leader = -1;  ///< -1: offline; answered without a request
};

/// \brief The outcome for one partition.
struct WatermarkResult {
  std::int64_t low = -1;   ///< log start offset
  std::int64_t high = -1;  ///< high watermark (read_uncommitted end)
  rd_kafka_resp_err_t error = RD_KAFKA_RESP_ERR_NO_ERROR;
  bool ok() const { return error == RD_KAFKA_RESP_ERR_NO_ERROR; }
};

/// \brief Fetches watermarks for `partitions`; result i belongs to partition
/// i. Never throws for Kafka failures: they are per-partition errors
/// (LEADER_NOT_AVAILABLE for leader -1, _TIMED_OUT for a leader that did not
/// answer before `deadline`). Returns by `deadline` plus scheduling slack.
/// `max_batch` caps the partitions per ListOffsets request.
std::vector<WatermarkResult> FetchWatermarks(
    rd_kafka_t* handle, std::span<const PartitionRef> partitions,
    std::chrono::steady_clock::time_point deadline,
    std::size_t max_batch = kMaxBatchPartitions);

/// \brief How many ListOffsets requests FetchWatermarks sends for
/// `partitions`: two per leader and chunk (offline partitions cost nothing).
std::size_t WatermarkRequestCount(std::span<const PartitionRef> partitions,
                                  std::size_t max_batch = kMaxBatchPartitions);

}  // namespace kafka_client
