#pragma once
// The consumer-group collector: each cycle reads metadata, watermarks
// (batched per leader), discovers and describes groups where the cluster
// allows, fetches committed offsets (bounded concurrency), reads the
// timestamps of the first unconsumed records, and writes the report.
#include <librdkafka/rdkafka.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <regex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "exporter_kit/collector.h"
#include "group_selector.h"
#include "group_source.h"
#include "lag_metrics.h"
#include "lag_tracker.h"
#include "record_read_worker.h"
#include "record_timestamp_reader.h"
#include "topic_ids.h"

namespace lag_exporter {

struct LagCollectorOptions {
  std::vector<std::string> groups;  ///< --kafka.groups
  /// --group.topics: groups whose topics are known up front; they are
  /// never scanned over every partition.
  std::unordered_map<std::string, std::vector<std::string>> group_topics;
  std::string group_filter = ".*";
  std::string group_exclude = "^$";
  std::string topic_filter = ".*";
  std::string topic_exclude = "^$";
  Shard shard;
  int offset_concurrency = 20;
  /// Each group is asked for every partition (to find new topics it
  /// commits to) once per this many cycles, and for its known topics
  /// otherwise. Spread over cycles by group hash.
  int rescan_cycles = 20;
  /// Most records queued for reading per cycle for lag in seconds (0:
  /// never read).
  std::size_t max_record_reads = 20000;
  /// A cycle waits for its record reads, up to `record_read_budget`, when
  /// at most this many are missing; the first cycle waits for one round of
  /// a larger backlog. The rest is read in the background and is exact
  /// from a later cycle.
  std::size_t record_wait_limit = RecordTimestampReader::kRoundSize;
  std::chrono::milliseconds record_read_budget{2000};
  RenderOptions render;
  TrackerOptions tracker;
};

class LagCollector : public exporter_kit::Collector {
 public:
  /// `admin` must outlive the collector. `reader` may be null (no record
  /// reads: lag in seconds from end-offset history only).
  LagCollector(LagCollectorOptions options, rd_kafka_t* admin,
               std::unique_ptr<GroupSource> groups,
               std::unique_ptr<RecordTimestampReader> reader);

  std::string Name() const override { return "consumergroups"; }
  void Collect(const exporter_kit::CollectContext& context,
               exporter_kit::MetricWriter& out) override;
  /// The output grows with group-partitions (88 MB of text at 200,000):
  /// past 4 MB it is held compressed, which keeps about 25 MB of text out
  /// of peak RSS on such a cluster. Prometheus scrapes with gzip anyway.
  std::size_t PlainTextLimit() const override { return 4 << 20; }

 private:
  struct GroupPlan {
    bool scanned = false;             ///< had one full-partition answer
    std::vector<std::string> topics;  ///< topics it has commits on
  };
  struct CyclePartitions;
  struct Phase;

  std::vector<GroupInput> FetchOffsets(
      const CyclePartitions& partitions,
      const std::vector<std::string>& groups,
      const std::unordered_map<std::string, GroupFacts>& facts,
      kafka_client::Deadline deadline, int64_t& requests, int64_t& errors);
  /// A record: its TopicIds::PartitionKey and offset.
  struct RecordId {
    uint64_t partition;
    int64_t offset;
    friend bool operator==(const RecordId&, const RecordId&) = default;
  };
  struct RecordIdHash {
    std::size_t operator()(const RecordId& r) const {
      return std::hash<uint64_t>()(r.partition * 0x9E3779B97F4A7C15ull ^
                                   static_cast<uint64_t>(r.offset));
    }
  };
  using RecordTimestamps = std::unordered_map<RecordId, int64_t, RecordIdHash>;
  RecordId IdOf(const RecordRequest& r) {
    return {topic_ids_.PartitionKey(r.topic, r.partition), r.offset};
  }

  struct ReadStats {
    int64_t read = 0;    ///< timestamps that arrived since the last cycle
    int64_t polls = 0;   ///< consumer poll rounds since the last cycle
    int64_t queued = 0;  ///< left to read in the background
  };
  RecordTimestampLookup ReadRecordTimestamps(const CycleInput& input,
                                             kafka_client::Deadline deadline,
                                             ReadStats& stats);
  /// Files the worker's answers: timestamps into `into`, failures into
  /// unreadable_. Counts the timestamps.
  int64_t TakeReadResults(RecordTimestamps& into);

  LagCollectorOptions options_;
  rd_kafka_t* admin_;
  std::unique_ptr<GroupSource> groups_;
  std::unique_ptr<RecordReadWorker> reader_;  ///< null: never read
  GroupSelector selector_;
  std::regex topic_filter_;
  std::regex topic_exclude_;
  LagTracker tracker_;
  uint64_t cycle_ = 0;
  std::unordered_map<std::string, GroupPlan> plans_;
  TopicIds topic_ids_;
  /// Record timestamps, kept while some group sits on the record.
  RecordTimestamps timestamps_;
  /// Records whose last read failed: queued after the others, so that a
  /// partition that never answers does not hold the rest up.
  std::unordered_set<RecordId, RecordIdHash> unreadable_;
};

}  // namespace lag_exporter
