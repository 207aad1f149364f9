#include "lag_collector.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <future>
#include <map>
#include <string_view>
#include <unordered_set>

#include "kafka_client/metadata.h"
#include "kafka_client/watermarks.h"

namespace lag_exporter {

using Clock = std::chrono::steady_clock;
using exporter_kit::Label;

struct LagCollector::CyclePartitions {
  std::vector<kafka_client::TopicPartition> all;  // by topic, then partition
  std::vector<kafka_client::PartitionRef> refs;   // same order
  std::unordered_map<std::string, std::pair<uint32_t, uint32_t>> topic_range;
};

// Per-phase wall time of the cycle, for the self-metrics.
struct LagCollector::Phase {
  std::vector<std::pair<std::string, double>> seconds;
  Clock::time_point started = Clock::now();
  void End(std::string name) {
    const auto now = Clock::now();
    seconds.emplace_back(std::move(name),
                         std::chrono::duration<double>(now - started).count());
    started = now;
  }
};

namespace {

// A deadline `fraction` of the way from now to `end`, so that later phases
// keep their share of the cycle's time.
kafka_client::Deadline Share(kafka_client::Deadline end, double fraction) {
  const auto now = Clock::now();
  if (end <= now) return now;
  return now + std::chrono::duration_cast<Clock::duration>((end - now) *
                                                           fraction);
}

int64_t WallMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

LagCollector::LagCollector(LagCollectorOptions options, rd_kafka_t* admin,
                           std::unique_ptr<GroupSource> groups,
                           std::unique_ptr<RecordTimestampReader> reader)
    : options_(std::move(options)),
      admin_(admin),
      groups_(std::move(groups)),
      reader_(reader ? std::make_unique<RecordReadWorker>(std::move(reader))
                     : nullptr),
      selector_(options_.groups, options_.group_filter, options_.group_exclude,
                options_.shard),
      topic_filter_(options_.topic_filter),
      topic_exclude_(options_.topic_exclude),
      tracker_(options_.tracker) {}

void LagCollector::Collect(const exporter_kit::CollectContext& context,
                           exporter_kit::MetricWriter& out) {
  ++cycle_;
  Phase phase;
  const auto end = context.deadline;

  const auto metadata = kafka_client::FetchMetadata(
      admin_, std::chrono::duration_cast<std::chrono::milliseconds>(
                  Share(end, 0.3) - Clock::now()));
  CyclePartitions parts;
  for (const auto& topic : metadata.topics) {
    if (topic.error != RD_KAFKA_RESP_ERR_NO_ERROR && topic.partitions.empty()) {
      continue;
    }
    if (!std::regex_match(topic.name, topic_filter_) ||
        std::regex_match(topic.name, topic_exclude_)) {
      continue;
    }
    const auto begin = static_cast<uint32_t>(parts.all.size());
    for (const auto& p : topic.partitions) {
      parts.all.push_back({topic.name, p.id});
      parts.refs.push_back({topic.name, p.id, p.leader});
    }
    parts.topic_range[topic.name] = {begin,
                                     static_cast<uint32_t>(parts.all.size())};
  }
  phase.End("metadata");

  // Watermarks and committed offsets do not depend on each other: the
  // watermarks are read on another thread meanwhile.
  auto pending_watermarks = std::async(std::launch::async, [&] {
    return kafka_client::FetchWatermarks(admin_, parts.refs, Share(end, 0.7));
  });
  const auto discovered = groups_->Discover(Clock::now(), Share(end, 0.2));
  const auto selected = selector_.Select(discovered);
  const auto facts = groups_->Facts(selected, Share(end, 0.2));
  phase.End("groups");

  int64_t offset_requests = 0;
  int64_t offset_errors = 0;
  CycleInput input;
  input.groups = FetchOffsets(parts, selected, facts, Share(end, 0.7),
                              offset_requests, offset_errors);
  phase.End("offsets");

  const auto watermarks = pending_watermarks.get();
  input.partitions.reserve(parts.all.size());
  int64_t unknown_watermarks = 0;
  for (std::size_t i = 0; i < parts.all.size(); ++i) {
    PartitionInput p{parts.all[i].topic, parts.all[i].partition, {}};
    if (watermarks[i].ok()) {
      p.watermarks = {watermarks[i].low, watermarks[i].high};
    } else {
      ++unknown_watermarks;
    }
    input.partitions.push_back(std::move(p));
  }
  phase.End("watermarks");  // what was left of them after the offsets
  if (context.Stopping()) return;

  ReadStats reads;
  const auto lookup = ReadRecordTimestamps(input, Share(end, 0.9), reads);
  phase.End("records");

  input.now_ms = WallMs();
  LagMetricsWriter writer(input, options_.render, out);
  const auto report = tracker_.Observe(
      input, lookup, [&](const GroupReport& g) { writer.Write(g); });
  const auto& stats = writer.stats();
  phase.End("evaluate");

  out.Gauge("kafka_lag_exporter_groups",
            "Consumer groups reported by this process (after filters and "
            "sharding).")
      .Add({}, static_cast<double>(selected.size()));
  out.Gauge("kafka_lag_exporter_group_offset_errors",
            "Groups whose committed offsets could not be read this cycle.")
      .Add({}, static_cast<double>(offset_errors));
  out.Gauge("kafka_lag_exporter_partitions",
            "Partitions watched (after the topic filters).")
      .Add({}, static_cast<double>(parts.all.size()));
  out.Gauge("kafka_lag_exporter_partitions_without_watermarks",
            "Partitions whose watermarks could not be read this cycle; "
            "their lag is not reported.")
      .Add({}, static_cast<double>(unknown_watermarks));
  if (const auto supported = groups_->discovery_supported()) {
    out.Gauge("kafka_lag_exporter_group_discovery_supported",
              "1 if the cluster answers ListConsumerGroups, 0 if it does not "
              "(only --kafka.groups are reported).")
        .Add({}, *supported ? 1 : 0);
  }
  out.Gauge("kafka_lag_exporter_group_describe_enabled",
            "1 if DescribeConsumerGroups ran this cycle.")
      .Add({}, groups_->describe_ran() ? 1 : 0);
  auto& requests = out.Gauge(
      "kafka_lag_exporter_kafka_requests",
      "Kafka requests issued in the last cycle, by API (record reads count "
      "consumer poll rounds).");
  requests.Add({{"api", "Metadata"}}, 1);
  requests.Add({{"api", "ListOffsets"}},
               static_cast<double>(
                   kafka_client::WatermarkRequestCount(parts.refs)));
  requests.Add({{"api", "OffsetFetch"}}, static_cast<double>(offset_requests));
  requests.Add({{"api", "ListGroups+DescribeGroups"}},
               static_cast<double>(groups_->requests()));
  requests.Add({{"api", "Fetch"}},
               static_cast<double>(reads.polls));
  out.Gauge("kafka_lag_exporter_record_reads",
            "First-unconsumed records read since the last cycle for lag in "
            "seconds (the rest came from the cache).")
      .Add({}, static_cast<double>(reads.read));
  out.Gauge("kafka_lag_exporter_record_reads_queued",
            "Records queued or being read in the background at the end of "
            "the cycle; their partitions use the end-offset history "
            "meanwhile.")
      .Add({}, static_cast<double>(reads.queued));
  auto& methods = out.Gauge(
      "kafka_lag_exporter_time_lag_partitions",
      "Group partitions by how their lag in seconds was obtained; "
      "method=\"unknown\" were not reported.");
  for (const auto m :
       {TimeLagMethod::kCaughtUp, TimeLagMethod::kRecordTimestamp,
        TimeLagMethod::kInterpolated, TimeLagMethod::kLowerBound}) {
    const auto it = report.time_lag_methods.find(m);
    methods.Add({{"method", MethodName(m)}},
                it == report.time_lag_methods.end()
                    ? 0
                    : static_cast<double>(it->second));
  }
  methods.Add({{"method", "unknown"}},
              static_cast<double>(report.time_lag_unknown));
  out.Gauge("kafka_lag_exporter_series_limited_groups",
            "Groups written at topic granularity because --metrics.series-"
            "limit was reached.")
      .Add({}, static_cast<double>(stats.limited_groups));
  auto& durations =
      out.Gauge("kafka_lag_exporter_cycle_phase_duration_seconds",
                "Wall time of each phase of the last collection cycle.");
  for (const auto& [name, seconds] : phase.seconds) {
    durations.Add({{"phase", name}}, seconds);
  }
}

std::vector<GroupInput> LagCollector::FetchOffsets(
    const CyclePartitions& parts, const std::vector<std::string>& groups,
    const std::unordered_map<std::string, GroupFacts>& facts,
    kafka_client::Deadline deadline, int64_t& requests, int64_t& errors) {
  // Plans of groups no longer reported are dropped.
  std::unordered_map<std::string, GroupPlan> plans;
  for (const auto& g : groups) {
    auto it = plans_.find(g);
    plans[g] = it == plans_.end() ? GroupPlan{} : std::move(it->second);
  }
  for (const auto& [g, topics] : options_.group_topics) {
    if (auto it = plans.find(g); it != plans.end()) {
      it->second.scanned = true;
      it->second.topics = topics;
    }
  }
  plans_ = std::move(plans);

  const auto rescan = static_cast<uint64_t>(std::max(1, options_.rescan_cycles));
  std::vector<kafka_client::GroupOffsetsRequest> batch(groups.size());
  // Known-topic requests own their partition lists; `indices` maps their
  // entries to CycleInput::partitions (empty: the full list, identity).
  std::vector<std::vector<kafka_client::TopicPartition>> owned(groups.size());
  std::vector<std::vector<uint32_t>> indices(groups.size());
  for (std::size_t i = 0; i < groups.size(); ++i) {
    const GroupPlan& plan = plans_[groups[i]];
    const bool hinted = options_.group_topics.count(groups[i]) > 0;
    const bool full =
        !hinted &&
        (!plan.scanned || (StableHash(groups[i]) + cycle_) % rescan == 0);
    batch[i].group = groups[i];
    if (full) {
      batch[i].partitions = parts.all;
      continue;
    }
    for (const auto& topic : plan.topics) {
      const auto range = parts.topic_range.find(topic);
      if (range == parts.topic_range.end()) continue;
      for (uint32_t j = range->second.first; j < range->second.second; ++j) {
        owned[i].push_back(parts.all[j]);
        indices[i].push_back(j);
      }
    }
    batch[i].partitions = owned[i];
  }
  const auto results = kafka_client::FetchGroupOffsets(
      admin_, batch, options_.offset_concurrency, deadline);

  std::vector<GroupInput> inputs(groups.size());
  for (std::size_t i = 0; i < groups.size(); ++i) {
    GroupInput& in = inputs[i];
    in.group = groups[i];
    if (const auto f = facts.find(groups[i]); f != facts.end()) {
      in.membership = f->second.membership;
      in.members = f->second.members;
    }
    if (!batch[i].partitions.empty()) ++requests;
    const auto& result = results[i];
    in.offsets_ok = result.ok();
    if (!result.ok()) {
      ++errors;
      spdlog::debug("group {}: committed offsets: {}", groups[i],
                    result.error_message);
      continue;
    }
    GroupPlan& plan = plans_[groups[i]];
    const bool full = indices[i].empty() && !batch[i].partitions.empty() &&
                      batch[i].partitions.data() == parts.all.data();
    std::vector<std::string> topics;
    in.committed.reserve(static_cast<std::size_t>(
        std::count_if(result.committed.begin(), result.committed.end(),
                      [](int64_t offset) { return offset >= 0; })));
    for (std::size_t j = 0; j < result.committed.size(); ++j) {
      if (result.committed[j] < 0) continue;
      const uint32_t index =
          indices[i].empty() ? static_cast<uint32_t>(j) : indices[i][j];
      in.committed.emplace_back(index, result.committed[j]);
      const auto& topic = parts.all[index].topic;
      if (topics.empty() || topics.back() != topic) topics.push_back(topic);
    }
    if (full) plan.scanned = true;
    plan.topics = std::move(topics);
  }
  return inputs;
}

int64_t LagCollector::TakeReadResults(RecordTimestamps& into) {
  int64_t read = 0;
  for (const auto& result : reader_->TakeResults()) {
    const RecordId id = IdOf(result.request);
    if (result.timestamp_ms) {
      unreadable_.erase(id);
      into[id] = *result.timestamp_ms;
      ++read;
    } else {
      unreadable_.insert(id);
    }
  }
  return read;
}

RecordTimestampLookup LagCollector::ReadRecordTimestamps(
    const CycleInput& input, kafka_client::Deadline deadline, ReadStats& stats) {
  if (reader_) stats.read = TakeReadResults(timestamps_);
  std::vector<uint64_t> keys;  // TopicIds::PartitionKey of each partition
  keys.reserve(input.partitions.size());
  for (const auto& p : input.partitions) keys.push_back(topic_ids_.PartitionKey(p.topic, p.partition));

  RecordTimestamps kept;
  std::unordered_set<RecordId, RecordIdHash> unreadable;
  std::vector<RecordRequest> missing;
  std::vector<RecordRequest> failed_before;
  for (const auto& ref : LagTracker::RecordsToRead(input)) {
    const RecordId id{keys[ref.partition_index], ref.offset};
    if (auto it = timestamps_.find(id); it != timestamps_.end()) {
      kept.emplace(id, it->second);
      continue;
    }
    if (!reader_) continue;
    const auto& p = input.partitions[ref.partition_index];
    if (unreadable_.count(id)) {
      unreadable.insert(id);
      failed_before.push_back({p.topic, p.partition, ref.offset});
    } else {
      missing.push_back({p.topic, p.partition, ref.offset});
    }
  }
  // Offsets nobody sits on any more are forgotten.
  timestamps_ = std::move(kept);
  unreadable_ = std::move(unreadable);
  if (reader_ && options_.max_record_reads > 0) {
    missing.insert(missing.end(), std::make_move_iterator(failed_before.begin()),
                   std::make_move_iterator(failed_before.end()));
    missing.resize(std::min(missing.size(), options_.max_record_reads));
    const bool few = missing.size() <= options_.record_wait_limit;
    const bool wait = !missing.empty() && (cycle_ == 1 || few);
    reader_->Submit(std::move(missing));
    if (wait) {
      const auto until = std::min(deadline, Clock::now() + options_.record_read_budget);
      // A first cycle with more than that waits for one round only: a
      // second would rarely end within the budget, and later cycles read
      // the rest in the background anyway.
      if (few) {
        reader_->WaitIdle(until);
      } else {
        reader_->WaitRound(until);
      }
      // Answers nobody refers to any more go at the next cycle's pruning.
      stats.read += TakeReadResults(timestamps_);
    }
    stats.queued = static_cast<int64_t>(reader_->queued());
  }
  if (reader_) stats.polls = reader_->TakePolls();
  return [this, keys = std::move(keys)](const RecordRef& ref) -> std::optional<int64_t> {
    auto it = timestamps_.find({keys[ref.partition_index], ref.offset});
    if (it == timestamps_.end()) return std::nullopt;
    return it->second;
  };
}

}  // namespace lag_exporter
