#include "lag_metrics.h"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

namespace lag_exporter {

using exporter_kit::FamilyWriter;
using exporter_kit::Label;
using exporter_kit::MetricWriter;

std::optional<Granularity> ParseGranularity(std::string_view text) {
  if (text == "partition") return Granularity::kPartition;
  if (text == "topic") return Granularity::kTopic;
  return std::nullopt;
}

int BurrowCode(PartitionStatus status) {
  switch (status) {
    case PartitionStatus::kOk:
      return 1;
    case PartitionStatus::kWarn:
      return 2;
    case PartitionStatus::kStop:
      return 4;
    case PartitionStatus::kStall:
      return 5;
    case PartitionStatus::kRewind:
      return 6;
  }
  return 1;
}

namespace {

double AsDouble(int64_t v) { return static_cast<double>(v); }

}  // namespace

// The families, created once per render in a fixed order.
struct LagMetricsWriter::Families {
  explicit Families(MetricWriter& out, bool sums)
      : current_offset(out.Gauge(
            "kafka_consumergroup_current_offset",
            "Committed offset of the group on the partition (kafka_exporter); "
            "partitions without a commit are not reported.")),
        lag(out.Gauge("kafka_consumergroup_lag",
                      "Records between the committed offset and the end "
                      "offset, never negative (kafka_exporter).")),
        lag_seconds(out.Gauge(
            "kafka_consumergroup_group_lag_seconds",
            "Age of the oldest record the group has not consumed, 0 when "
            "caught up (kafka-lag-exporter).")),
        partition_status(out.Gauge(
            "kafka_consumergroup_partition_status",
            "Burrow-style partition health: 1 OK, 2 WARN, 4 STOP, 5 STALL, "
            "6 REWIND.")),
        lost(out.Gauge("kafka_consumergroup_lost_records",
                       "Records deleted by retention before the group read "
                       "them (committed offset below the log start); only "
                       "partitions with a loss.")),
        topic_max_lag_seconds(out.Gauge(
            "kafka_consumergroup_group_topic_max_lag_seconds",
            "Largest lag in seconds of the group over the topic's partitions "
            "(written at topic granularity).")),
        current_offset_sum(sums ? &out.Gauge(
                                      "kafka_consumergroup_current_offset_sum",
                                      "Sum of the group's committed offsets "
                                      "over the topic (kafka_exporter).")
                                : nullptr),
        lag_sum(sums ? &out.Gauge("kafka_consumergroup_lag_sum",
                                  "Sum of the group's lag over the topic "
                                  "(kafka_exporter).")
                     : nullptr),
        topic_sum_lag(out.Gauge("kafka_consumergroup_group_topic_sum_lag",
                                "Sum of the group's lag over the topic "
                                "(kafka-lag-exporter).")),
        members(out.Gauge("kafka_consumergroup_members",
                          "Members of the group, from "
                          "DescribeConsumerGroups (kafka_exporter).")),
        max_lag(out.Gauge("kafka_consumergroup_group_max_lag",
                          "Largest partition lag of the group in records "
                          "(kafka-lag-exporter).")),
        max_lag_seconds(out.Gauge(
            "kafka_consumergroup_group_max_lag_seconds",
            "Largest partition lag of the group in seconds "
            "(kafka-lag-exporter).")),
        sum_lag(out.Gauge("kafka_consumergroup_group_sum_lag",
                          "Total lag of the group in records "
                          "(kafka-lag-exporter).")),
        group_lost(out.Gauge("kafka_consumergroup_group_lost_records",
                             "Records deleted before the group read them, "
                             "over all its partitions.")),
        status(out.Gauge("kafka_consumergroup_status",
                         "Burrow-style group health, one series per status, "
                         "1 for the current one.")) {}

  FamilyWriter& current_offset;
  FamilyWriter& lag;
  FamilyWriter& lag_seconds;
  FamilyWriter& partition_status;
  FamilyWriter& lost;
  FamilyWriter& topic_max_lag_seconds;
  FamilyWriter* current_offset_sum;
  FamilyWriter* lag_sum;
  FamilyWriter& topic_sum_lag;
  FamilyWriter& members;
  FamilyWriter& max_lag;
  FamilyWriter& max_lag_seconds;
  FamilyWriter& sum_lag;
  FamilyWriter& group_lost;
  FamilyWriter& status;
};

namespace {

using Families = LagMetricsWriter::Families;

struct TopicTotals {
  int64_t offsets = 0;
  int64_t lag = 0;
  std::optional<double> max_seconds;
};

void WritePartition(Families& f, std::string_view group,
                    std::string_view topic, std::string_view partition,
                    const PartitionReport& p) {
  const Label ke[] = {{"consumergroup", group},
                      {"topic", topic},
                      {"partition", partition}};
  const Label kle[] = {{"group", group},
                       {"topic", topic},
                       {"partition", partition}};
  f.current_offset.Add(ke, AsDouble(p.lag.committed));
  f.lag.Add(ke, AsDouble(p.lag.lag));
  f.partition_status.Add(ke, BurrowCode(p.status));
  if (p.time_lag) f.lag_seconds.Add(kle, p.time_lag->seconds);
  if (p.lag.lost > 0) f.lost.Add(ke, AsDouble(p.lag.lost));
}

void WriteGroup(Families& f, const CycleInput& input,
                const std::vector<std::string>& partition_ids,
                const GroupReport& g, bool partition_level) {
  std::map<std::string_view, TopicTotals> topics;
  for (const auto& p : g.partitions) {
    const auto& in = input.partitions[p.partition_index];
    TopicTotals& t = topics[in.topic];
    t.offsets += p.lag.committed;
    t.lag += p.lag.lag;
    if (p.time_lag) {
      t.max_seconds = std::max(t.max_seconds.value_or(0), p.time_lag->seconds);
    }
    if (partition_level) {
      WritePartition(f, g.group, in.topic, partition_ids[p.partition_index], p);
    }
  }
  for (const auto& [topic, t] : topics) {
    const Label ke[] = {{"consumergroup", g.group}, {"topic", topic}};
    const Label kle[] = {{"group", g.group}, {"topic", topic}};
    if (f.current_offset_sum) f.current_offset_sum->Add(ke, AsDouble(t.offsets));
    if (f.lag_sum) f.lag_sum->Add(ke, AsDouble(t.lag));
    f.topic_sum_lag.Add(kle, AsDouble(t.lag));
    if (!partition_level && t.max_seconds) {
      f.topic_max_lag_seconds.Add(kle, *t.max_seconds);
    }
  }
  const Label ke[] = {{"consumergroup", g.group}};
  const Label kle[] = {{"group", g.group}};
  if (g.members) f.members.Add(ke, *g.members);
  f.max_lag.Add(kle, AsDouble(g.max_lag));
  f.sum_lag.Add(kle, AsDouble(g.sum_lag));
  if (g.max_lag_seconds) f.max_lag_seconds.Add(kle, *g.max_lag_seconds);
  f.group_lost.Add(ke, AsDouble(g.lost));
  for (const GroupStatus s : kAllGroupStatuses) {
    const Label labels[] = {{"consumergroup", g.group},
                            {"status", StatusName(s)}};
    f.status.Add(labels, s == g.status ? 1 : 0);
  }
}

}  // namespace

LagMetricsWriter::LagMetricsWriter(const CycleInput& input,
                                   const RenderOptions& options,
                                   MetricWriter& out)
    : input_(input),
      options_(options),
      families_(std::make_unique<Families>(out, options.sums)) {
  partition_ids_.reserve(input.partitions.size());
  for (const auto& p : input.partitions) {
    partition_ids_.push_back(std::to_string(p.partition));
  }
}

LagMetricsWriter::~LagMetricsWriter() = default;

void LagMetricsWriter::Write(const GroupReport& group) {
  if (!group.offsets_ok) return;  // unknown this cycle: no guesses
  bool partition_level = options_.granularity == Granularity::kPartition;
  if (partition_level && options_.series_limit > 0 &&
      stats_.partition_rows + group.partitions.size() > options_.series_limit) {
    partition_level = false;
    ++stats_.limited_groups;
  }
  if (partition_level) stats_.partition_rows += group.partitions.size();
  WriteGroup(*families_, input_, partition_ids_, group, partition_level);
}

}  // namespace lag_exporter
