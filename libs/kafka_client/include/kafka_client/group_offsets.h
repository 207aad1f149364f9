#pragma once
// Consumer-group reads for the lag exporter:
//  - committed offsets with ListConsumerGroupOffsets, one group per request
//    (librdkafka 2.0.2 has no multi-group batching), always with an explicit
//    partition list (the 2.0.2 mock answers a null list with nothing), a
//    bounded number in flight and one deadline for the whole batch;
//  - group discovery (ListConsumerGroups) and description
//    (DescribeConsumerGroups) behind the GroupDirectory interface, because
//    clusters without them exist (the librdkafka mock among them) and
//    DescribeConsumerGroups there can deadlock or abort the process.
#include <librdkafka/rdkafka.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace kafka_client {

using Deadline = std::chrono::steady_clock::time_point;

struct TopicPartition {
  std::string topic;
  std::int32_t partition = 0;
  friend bool operator==(const TopicPartition&,
                         const TopicPartition&) = default;
};

/// \brief Kafka's "no committed offset".
inline constexpr std::int64_t kNoOffset = -1;

/// \brief The partitions to read for one group. The span must stay valid
/// until FetchGroupOffsets returns (groups commonly share one list).
struct GroupOffsetsRequest {
  std::string group;
  std::span<const TopicPartition> partitions;
};

/// \brief The answer for one group.
struct GroupOffsets {
  std::string group;
  /// Group-level failure (coordinator unreachable, timed out, not
  /// authorized); `committed` is then all kNoOffset.
  rd_kafka_resp_err_t error = RD_KAFKA_RESP_ERR_NO_ERROR;
  std::string error_message;
  /// One entry per requested partition, in request order: the committed
  /// offset, or kNoOffset when the group has none there (an unknown group
  /// has none anywhere) or the partition had an error.
  std::vector<std::int64_t> committed;
  bool ok() const { return error == RD_KAFKA_RESP_ERR_NO_ERROR; }
};

/// \brief Reads committed offsets of many groups with at most `concurrency`
/// requests in flight. Every request is bounded by `deadline`; groups not
/// answered by then get RD_KAFKA_RESP_ERR__TIMED_OUT. Results are in request
/// order. Never throws for Kafka errors.
std::vector<GroupOffsets> FetchGroupOffsets(
    rd_kafka_t* handle, std::span<const GroupOffsetsRequest> requests,
    int concurrency, Deadline deadline);

/// \brief A group as ListConsumerGroups reports it.
struct GroupListing {
  std::string group;
  std::string state;  ///< "Stable", "Empty", ... or "Unknown"
  bool simple = false;  ///< a group used only for commits, no membership
};

/// \brief The outcome of discovery.
struct GroupDiscovery {
  enum class Outcome {
    kOk,           ///< every broker answered
    kPartial,      ///< some brokers failed; `groups` has the others' groups
    kUnsupported,  ///< the cluster does not implement ListGroups
    kFailed,       ///< nothing usable (timeout, authorization, ...)
  };
  Outcome outcome = Outcome::kFailed;
  std::vector<GroupListing> groups;
  std::string error;  ///< first error, for the log line
};

/// \brief A group as DescribeConsumerGroups reports it.
struct GroupDescription {
  std::string group;
  rd_kafka_resp_err_t error = RD_KAFKA_RESP_ERR_NO_ERROR;
  std::string state;
  int members = 0;
};

/// \brief Group discovery and description, an interface so that the
/// exporter's policy (when to describe, how to degrade) is testable with a
/// fake: the librdkafka mock implements neither call.
class GroupDirectory {
 public:
  virtual ~GroupDirectory() = default;
  virtual GroupDiscovery ListGroups(Deadline deadline) = 0;
  /// One entry per requested group, in order. Groups not described by the
  /// deadline carry RD_KAFKA_RESP_ERR__TIMED_OUT.
  virtual std::vector<GroupDescription> DescribeGroups(
      std::span<const std::string> groups, Deadline deadline) = 0;
};

/// \brief Groups per DescribeConsumerGroups request by default.
inline constexpr int kDescribeBatch = 50;

/// \brief The real directory over a librdkafka handle. Never call
/// DescribeGroups on a cluster whose ListGroups was kUnsupported: on
/// librdkafka 2.0.2 against such a cluster it can deadlock rd_kafka_destroy
/// or abort the process.
class KafkaGroupDirectory : public GroupDirectory {
 public:
  /// `describe_batch`: groups per DescribeConsumerGroups request.
  explicit KafkaGroupDirectory(rd_kafka_t* handle,
                               int describe_batch = kDescribeBatch);
  GroupDiscovery ListGroups(Deadline deadline) override;
  std::vector<GroupDescription> DescribeGroups(
      std::span<const std::string> groups, Deadline deadline) override;

 private:
  rd_kafka_t* handle_;
  int describe_batch_;
};

}  // namespace kafka_client
