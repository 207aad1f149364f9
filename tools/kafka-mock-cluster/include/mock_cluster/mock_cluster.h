#pragma once
// An in-process librdkafka 2.0.2 mock cluster on loopback, for tests of the
// exporters and for the kafka-mock-cluster tool.
//
// Typical test fixture:
//
//   mock_cluster::MockCluster cluster(3);
//   cluster.CreateTopic("orders", 6);
//   cluster.SetLeader("orders", 0, 2);       // fixed leader (may take ~1 s)
//   cluster.SetLeader("orders", 1, -1);      // offline partition
//   cluster.Produce("orders", 2,
//                   {.count = 10, .timestamp_ms = NowMs() - 60'000});
//   cluster.Commit("billing", "orders", {{2, 7}});
//   ... point the client under test at cluster.bootstrap() ...
//
// Mock facts worth knowing (see shared/reference/test-environment.md):
// - the initial leader of every partition is random; replicas are always the
//   first min(3, brokers) broker ids and ISR always equals replicas;
// - a broker that is down still appears in metadata; only connections fail;
// - never call rd_kafka_query_watermark_offsets against a partition whose
//   leader is down (it hangs on 2.0.2);
// - each mock call may wait ~1 s for the mock thread to wake; calls issued
//   together share the wake-up, so prefer CreateTopics()/SetLeaders() for
//   many topics or partitions.
//
// All methods are thread-safe. Errors throw MockClusterError.
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

struct rd_kafka_mock_cluster_s;

namespace mock_cluster {

/// \brief A failed mock-cluster operation; the message names what failed.
class MockClusterError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// \brief Milliseconds since the Unix epoch, the unit of record timestamps.
int64_t NowMs();

/// \brief The shape of a batch of records produced to one partition.
struct Records {
  int64_t count = 1;
  /// CreateTime of every record in ms since the epoch; 0 means "now".
  int64_t timestamp_ms = 0;
  /// Spread timestamps evenly from timestamp_ms up to this value (inclusive)
  /// when non-zero, so that the batch looks like a steady stream.
  int64_t last_timestamp_ms = 0;
  int key_size = 0;     ///< bytes of key per record (0: no key)
  int value_size = 16;  ///< bytes of value per record
};

/// \brief Low and high watermark of one partition.
struct Watermarks {
  int64_t low = 0;
  int64_t high = 0;
  friend bool operator==(const Watermarks&, const Watermarks&) = default;
};

/// \brief Partition id -> committed offset.
using PartitionOffsets = std::map<int32_t, int64_t>;
/// \brief Topic -> its partitions' committed offsets.
using GroupOffsets = std::map<std::string, PartitionOffsets>;

/// \brief One partition's leader, for SetLeaders().
struct LeaderAssignment {
  std::string topic;
  int32_t partition = 0;
  int32_t broker = -1;  ///< -1: offline
};

/// \brief Construction options.
struct MockClusterOptions {
  /// How long a produced record may wait for a reachable leader before it
  /// counts as failed (librdkafka message.timeout.ms).
  std::chrono::milliseconds delivery_timeout{5000};
  /// How long Produce() and Commit() wait for acknowledgement.
  std::chrono::milliseconds request_timeout{10000};
  /// Producer handles; topics are spread over them. librdkafka's per-handle
  /// cost grows with the square of the partitions it produces to, so use
  /// about one per 25 topics for shapes with thousands of partitions.
  int producer_shards = 1;
};

/// \brief Owns a mock cluster, the producer that fills it and the handles
/// that commit group offsets into it.
class MockCluster {
 public:
  /// \brief Starts `brokers` mock brokers (ids 1..brokers) on 127.0.0.1.
  explicit MockCluster(int brokers, MockClusterOptions options = {});
  /// \brief Destroys clients, then the cluster. Can take long for clusters
  /// with tens of thousands of partitions; a process that owns such a
  /// cluster may _exit() instead.
  ~MockCluster();
  MockCluster(const MockCluster&) = delete;
  MockCluster& operator=(const MockCluster&) = delete;

  /// \brief "127.0.0.1:port,..." for bootstrap.servers of other clients,
  /// in this process or another one.
  const std::string& bootstrap() const { return bootstrap_; }
  int broker_count() const { return broker_count_; }

  /// \brief Creates a topic (replicas are chosen by the mock).
  void CreateTopic(const std::string& topic, int partitions);
  /// \brief Creates many topics at once. Each mock call may wait up to
  /// ~1 s for the idle mock thread to wake, and calls queued together share
  /// a wake-up, so this issues them from many threads: 200 topics take
  /// ~0.1 s instead of ~90 s one by one. Stalls past ~1,000 topics.
  void CreateTopics(const std::vector<std::pair<std::string, int>>& topics);
  /// \brief Number of partitions of a topic created here; throws if unknown.
  int PartitionCount(const std::string& topic) const;
  /// \brief Topic name -> partition count, for every topic created here.
  std::map<std::string, int> Topics() const;

  /// \brief Moves the partition's leadership to `broker`, or takes the
  /// partition offline with -1. Synchronous; may take up to ~1 s.
  void SetLeader(const std::string& topic, int32_t partition, int32_t broker);
  /// \brief Sets many leaders at once, concurrently (see CreateTopics).
  void SetLeaders(const std::vector<LeaderAssignment>& leaders);
  /// \brief Refuses (down) or accepts again (up) connections to a broker.
  /// Metadata keeps listing it either way.
  void SetBrokerDown(int32_t broker);
  void SetBrokerUp(int32_t broker);
  /// \brief Makes metadata report `error_code` (a Kafka error code, e.g. 5
  /// for LEADER_NOT_AVAILABLE) for the topic; 0 clears it.
  void SetTopicError(const std::string& topic, int error_code);

  /// \brief Produces records and waits until all are acknowledged; returns
  /// the partition's high watermark afterwards. Throws when a record fails
  /// or the wait exceeds request_timeout.
  int64_t Produce(const std::string& topic, int32_t partition,
                  const Records& records);
  /// \brief Produces `records` to every partition of the topic and waits,
  /// as Produce() does.
  void ProduceToAll(const std::string& topic, const Records& records);
  /// \brief Queues records without waiting (for rate-driven producers and
  /// bulk setup); call Flush() to wait for everything queued.
  void ProduceAsync(const std::string& topic, int32_t partition,
                    const Records& records);
  /// \brief Waits for every queued record; returns how many failed since
  /// the previous Flush().
  int64_t Flush(std::chrono::milliseconds timeout);

  /// \brief High watermark as tracked from delivery reports of records
  /// produced here (no broker round trip, so it works with leaders down).
  int64_t TrackedHighWatermark(const std::string& topic,
                               int32_t partition) const;
  /// \brief Watermarks as the partition leader reports them (ListOffsets).
  /// Throws when the leader is offline or down.
  Watermarks QueryWatermarks(const std::string& topic, int32_t partition,
                             std::chrono::milliseconds timeout);

  /// \brief Commits offsets for `group` without joining it (as a consumer
  /// that never subscribes would). Waits for the coordinator's answer.
  void Commit(const std::string& group, const std::string& topic,
              const PartitionOffsets& offsets);
  /// \brief The same for several topics at once (one client handle).
  void Commit(const std::string& group, const GroupOffsets& offsets);

  /// \brief The raw cluster, for rdkafka_mock.h calls not wrapped here.
  rd_kafka_mock_cluster_s* raw() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
  std::string bootstrap_;
  int broker_count_;
};

}  // namespace mock_cluster
