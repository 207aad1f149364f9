// Scenario tests of the collector against the librdkafka mock cluster, in
// process: exact lag, status, lag in seconds against the timestamps the
// scenario wrote, data loss, and a restart of the collector.
#include "lag_collector.h"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>

#include "kafka_client/client.h"
#include "kafka_client/group_offsets.h"
#include "metrics_text.h"
#include "mock_cluster/mock_cluster.h"
#include "test_support/test_support.h"

namespace lag_exporter {
namespace {

using mock_cluster::MockCluster;
using mock_cluster::NowMs;
using mock_cluster::Records;
using mock_cluster::PartitionOffsets;
using testing::GroupSeries;
using testing::PartitionSeries;
using testing::SampleValue;
using namespace std::chrono_literals;

// The exporter side: Kafka handles and a collector, as main() builds them.
class Exporter {
 public:
  Exporter(const std::string& bootstrap, LagCollectorOptions options) {
    kafka_client::Properties properties;
    properties.Set("bootstrap.servers", bootstrap, "test");
    admin_ = kafka_client::Client::Create(properties);
    auto consumer_properties = properties;
    for (const auto& [key, value] : ReaderConsumerProperties()) {
      consumer_properties.Set(key, value, "test");
    }
    kafka_client::ClientSettings consumer_settings;
    consumer_settings.type = kafka_client::ClientType::kConsumer;
    consumer_ = kafka_client::Client::Create(consumer_properties,
                                             consumer_settings);
    directory_ = kafka_client::Client::Create(properties);  // as main() does
    auto groups = std::make_unique<GroupSource>(
        std::make_unique<kafka_client::KafkaGroupDirectory>(directory_->get()),
        GroupSourceOptions{});
    collector_ = std::make_unique<LagCollector>(
        std::move(options), admin_->get(), std::move(groups),
        std::make_unique<RecordTimestampReader>(consumer_->get()));
  }

  std::string Collect() {
    exporter_kit::MetricWriter out;
    exporter_kit::CollectContext context{std::chrono::steady_clock::now() + 8s,
                                         &stopping_};
    collector_->Collect(context, out);
    return out.Text();
  }

 private:
  std::atomic<bool> stopping_{false};
  std::unique_ptr<kafka_client::Client> admin_;
  std::unique_ptr<kafka_client::Client> consumer_;
  std::unique_ptr<kafka_client::Client> directory_;
  std::unique_ptr<LagCollector> collector_;
};

LagCollectorOptions Options(std::vector<std::string> groups) {
  LagCollectorOptions options;
  options.groups = std::move(groups);
  options.tracker.status_window = 3;
  return options;
}

std::optional<double> Lag(const std::string& text, const std::string& group,
                          int partition, const std::string& topic = "orders") {
  return SampleValue(text, PartitionSeries("kafka_consumergroup_lag", group,
                                           topic, partition));
}

std::optional<double> LagSeconds(const std::string& text,
                                 const std::string& group, int partition,
                                 const std::string& topic = "orders") {
  return SampleValue(text,
                     PartitionSeries("kafka_consumergroup_group_lag_seconds",
                                     group, topic, partition, "group"));
}

std::optional<double> Status(const std::string& text, const std::string& group,
                             const std::string& status) {
  return SampleValue(text, "kafka_consumergroup_status{consumergroup=\"" +
                               group + "\",status=\"" + status + "\"}");
}

// Partitions whose lag in seconds came from a record's timestamp.
std::optional<double> ExactPartitions(const std::string& text) {
  return SampleValue(
      text, "kafka_lag_exporter_time_lag_partitions{method=\"record_timestamp\"}");
}

class LagCollectorTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { cluster_ = new MockCluster(3); }
  // `group` commits `offset` on each of the `partitions` of `topic`.
  static void CommitAll(const std::string& group, const std::string& topic,
                        int partitions, int64_t offset) {
    PartitionOffsets committed;
    for (int p = 0; p < partitions; ++p) committed[p] = offset;
    cluster_->Commit(group, topic, committed);
  }
  // The cluster is left to process exit: destroying a mock with live
  // clients elsewhere in the process is slow and gains nothing.
  static MockCluster* cluster_;
};
MockCluster* LagCollectorTest::cluster_ = nullptr;

TEST_F(LagCollectorTest, LagPerPartitionAndGroupWithExactSeconds) {
  cluster_->CreateTopic("orders", 3);
  const int64_t written = NowMs() - 60'000;
  for (int p = 0; p < 3; ++p) {
    cluster_->Produce("orders", p, {.count = 10, .timestamp_ms = written});
  }
  cluster_->Commit("billing", "orders", {{0, 10}, {1, 4}});
  auto options = Options({"billing"});
  options.render.sums = true;
  Exporter exporter(cluster_->bootstrap(), options);
  const int64_t before = NowMs();
  const auto text = exporter.Collect();
  const int64_t after = NowMs();

  EXPECT_EQ(SampleValue(text, PartitionSeries("kafka_consumergroup_current_offset",
                                              "billing", "orders", 0)),
            10);
  EXPECT_EQ(Lag(text, "billing", 0), 0);
  EXPECT_EQ(Lag(text, "billing", 1), 6);
  // No commit on partition 2: not reported (not -1).
  EXPECT_FALSE(Lag(text, "billing", 2).has_value());
  EXPECT_EQ(SampleValue(text, "kafka_consumergroup_lag_sum{consumergroup="
                              "\"billing\",topic=\"orders\"}"),
            6);
  EXPECT_EQ(SampleValue(text, "kafka_consumergroup_current_offset_sum{"
                              "consumergroup=\"billing\",topic=\"orders\"}"),
            14);
  EXPECT_EQ(SampleValue(text, GroupSeries("kafka_consumergroup_group_max_lag",
                                          "billing", "group")),
            6);
  // Exact from the record's timestamp: between the two clock readings.
  const auto seconds = LagSeconds(text, "billing", 1);
  ASSERT_TRUE(seconds.has_value()) << text;
  EXPECT_GE(*seconds, (before - written) / 1000.0);
  EXPECT_LE(*seconds, (after - written) / 1000.0);
  EXPECT_EQ(LagSeconds(text, "billing", 0), 0);
  EXPECT_EQ(Status(text, "billing", "OK"), 1);
  // The mock has no ListConsumerGroups: degraded, visibly, not failing.
  EXPECT_EQ(SampleValue(text, "kafka_lag_exporter_group_discovery_supported"), 0);
  EXPECT_EQ(SampleValue(text, "kafka_lag_exporter_group_describe_enabled"), 0);
  // kafka_exporter's *_sum names are the only thing promtool objects to
  // (which is why --metrics.sums is off by default).
  EXPECT_EQ(test_support::PromtoolCheckMetrics(text),
            "kafka_consumergroup_current_offset_sum non-histogram and "
            "non-summary metrics should not have \"_sum\" suffix\n"
            "kafka_consumergroup_lag_sum non-histogram and non-summary "
            "metrics should not have \"_sum\" suffix\n");
}

TEST_F(LagCollectorTest, DefaultOutputPassesPromtool) {
  cluster_->CreateTopic("linted", 2);
  cluster_->Produce("linted", 0, {.count = 10});
  cluster_->Commit("lint-app", "linted", {{0, 3}, {1, 0}});
  Exporter exporter(cluster_->bootstrap(), Options({"lint-app", "nobody"}));
  const auto text = exporter.Collect();
  EXPECT_FALSE(SampleValue(text, "kafka_consumergroup_lag_sum{consumergroup="
                                 "\"lint-app\",topic=\"linted\"}")
                   .has_value());
  EXPECT_EQ(SampleValue(text, "kafka_consumergroup_group_topic_sum_lag{group="
                              "\"lint-app\",topic=\"linted\"}"),
            7);
  EXPECT_EQ(test_support::PromtoolCheckMetrics(text), "");
}

TEST_F(LagCollectorTest, ConsumerThatKeepsUpIsOkWithZeroLag) {
  cluster_->CreateTopic("steady", 1);
  Exporter exporter(cluster_->bootstrap(), Options({"steady-app"}));
  std::string text;
  for (int cycle = 0; cycle < 4; ++cycle) {
    const int64_t end = cluster_->Produce("steady", 0, {.count = 5});
    cluster_->Commit("steady-app", "steady", {{0, end}});
    text = exporter.Collect();
    EXPECT_EQ(Lag(text, "steady-app", 0, "steady"), 0);
    EXPECT_EQ(LagSeconds(text, "steady-app", 0, "steady"), 0);
  }
  EXPECT_EQ(Status(text, "steady-app", "OK"), 1);
  EXPECT_EQ(SampleValue(text, PartitionSeries("kafka_consumergroup_partition_status",
                                              "steady-app", "steady", 0)),
            1);
}

TEST_F(LagCollectorTest, ConsumerFallingBehindIsWarnWithGrowingLag) {
  cluster_->CreateTopic("behind", 1);
  Exporter exporter(cluster_->bootstrap(), Options({"slow-app"}));
  int64_t committed = 0;
  double last_lag = -1;
  double last_seconds = -1;
  std::string text;
  for (int cycle = 0; cycle < 3; ++cycle) {
    cluster_->Produce("behind", 0,
                      {.count = 10, .timestamp_ms = NowMs() - 30'000 + cycle * 10'000});
    committed += 3;  // reads 3 of every 10
    cluster_->Commit("slow-app", "behind", {{0, committed}});
    text = exporter.Collect();
    const auto lag = Lag(text, "slow-app", 0, "behind");
    const auto seconds = LagSeconds(text, "slow-app", 0, "behind");
    ASSERT_TRUE(lag && seconds) << text;
    EXPECT_EQ(*lag, 10 * (cycle + 1) - committed);
    EXPECT_GT(*lag, last_lag);
    EXPECT_GE(*seconds, last_seconds);
    last_lag = *lag;
    last_seconds = *seconds;
  }
  EXPECT_EQ(Status(text, "slow-app", "WARN"), 1);
  EXPECT_EQ(SampleValue(text, PartitionSeries("kafka_consumergroup_partition_status",
                                              "slow-app", "behind", 0)),
            2);
}

TEST_F(LagCollectorTest, ConsumerThatStopsCommittingIsStop) {
  cluster_->CreateTopic("stopped", 1);
  cluster_->Produce("stopped", 0, {.count = 10});
  cluster_->Commit("dead-app", "stopped", {{0, 8}});
  Exporter exporter(cluster_->bootstrap(), Options({"dead-app"}));
  std::string text;
  for (int cycle = 0; cycle < 3; ++cycle) {
    cluster_->Produce("stopped", 0, {.count = 5});
    text = exporter.Collect();
  }
  EXPECT_EQ(Lag(text, "dead-app", 0, "stopped"), 17);
  EXPECT_EQ(Status(text, "dead-app", "ERR"), 1);
  EXPECT_EQ(SampleValue(text, PartitionSeries("kafka_consumergroup_partition_status",
                                              "dead-app", "stopped", 0)),
            4);
}

TEST_F(LagCollectorTest, OffsetResetBackwardsIsRewind) {
  cluster_->CreateTopic("rewound", 1);
  cluster_->Produce("rewound", 0, {.count = 100});
  Exporter exporter(cluster_->bootstrap(), Options({"replay-app"}));
  cluster_->Commit("replay-app", "rewound", {{0, 90}});
  exporter.Collect();
  cluster_->Commit("replay-app", "rewound", {{0, 20}});
  const auto text = exporter.Collect();
  EXPECT_EQ(Lag(text, "replay-app", 0, "rewound"), 80);
  EXPECT_EQ(SampleValue(text, PartitionSeries("kafka_consumergroup_partition_status",
                                              "replay-app", "rewound", 0)),
            6);
  EXPECT_EQ(Status(text, "replay-app", "ERR"), 1);
}

TEST_F(LagCollectorTest, CommitBelowLogStartIsDataLoss) {
  cluster_->CreateTopic("retained", 1);
  // The mock keeps about 5 MB per partition and deletes the oldest batches
  // beyond that, which moves the log start like retention does.
  for (int i = 0; i < 12; ++i) {
    cluster_->Produce("retained", 0, {.count = 10, .value_size = 60'000});
  }
  const auto w = cluster_->QueryWatermarks("retained", 0, 5s);
  ASSERT_GT(w.low, 0) << "the mock did not delete old records";
  cluster_->Commit("lossy-app", "retained", {{0, 5}});
  Exporter exporter(cluster_->bootstrap(), Options({"lossy-app"}));
  const auto text = exporter.Collect();
  EXPECT_EQ(SampleValue(text, PartitionSeries("kafka_consumergroup_lost_records",
                                              "lossy-app", "retained", 0)),
            w.low - 5);
  EXPECT_EQ(SampleValue(text, GroupSeries("kafka_consumergroup_group_lost_records",
                                          "lossy-app")),
            w.low - 5);
  EXPECT_EQ(Lag(text, "lossy-app", 0, "retained"), w.high - 5);
}

TEST_F(LagCollectorTest, RestartedCollectorIsRightOnItsFirstCycle) {
  cluster_->CreateTopic("restart", 2);
  const int64_t written = NowMs() - 120'000;
  cluster_->Produce("restart", 0, {.count = 20, .timestamp_ms = written,
                                   .last_timestamp_ms = written + 19'000});
  cluster_->Commit("restart-app", "restart", {{0, 5}});
  const int64_t record_5 = written + 5'000;  // spread 1 s apart
  for (int run = 0; run < 2; ++run) {
    Exporter exporter(cluster_->bootstrap(), Options({"restart-app"}));
    const int64_t before = NowMs();
    const auto text = exporter.Collect();
    const int64_t after = NowMs();
    EXPECT_EQ(Lag(text, "restart-app", 0, "restart"), 15) << "run " << run;
    const auto seconds = LagSeconds(text, "restart-app", 0, "restart");
    ASSERT_TRUE(seconds.has_value()) << "run " << run;
    EXPECT_GE(*seconds, (before - record_5) / 1000.0);
    EXPECT_LE(*seconds, (after - record_5) / 1000.0);
  }
}

TEST_F(LagCollectorTest, UnknownGroupIsNotFoundAndReportsNoPartitions) {
  cluster_->CreateTopic("quiet", 1);
  Exporter exporter(cluster_->bootstrap(), Options({"nobody"}));
  const auto text = exporter.Collect();
  EXPECT_EQ(Status(text, "nobody", "NOTFOUND"), 1);
  EXPECT_FALSE(Lag(text, "nobody", 0, "quiet").has_value());
}

TEST_F(LagCollectorTest, GroupWithKnownTopicsIsAskedOnlyForThem) {
  cluster_->CreateTopic("hinted", 2);
  cluster_->Produce("hinted", 1, {.count = 10});
  cluster_->Commit("hinted-app", "hinted", {{1, 4}});
  auto options = Options({"hinted-app"});
  options.group_topics["hinted-app"] = {"hinted"};
  Exporter exporter(cluster_->bootstrap(), options);
  const auto text = exporter.Collect();
  EXPECT_EQ(Lag(text, "hinted-app", 1, "hinted"), 6);
  // One request of 2 partitions instead of a scan of every partition.
  EXPECT_EQ(SampleValue(text, "kafka_lag_exporter_kafka_requests{api="
                              "\"OffsetFetch\"}"),
            1);
}

// More lagging partitions than one cycle may queue: the rest are queued
// by the next cycle, and read timestamps stay cached while the group sits
// on the same offsets, so every partition is exact by the second cycle.
TEST_F(LagCollectorTest, RecordReadsPastTheCycleCapResumeInTheNextCycle) {
  constexpr int kPartitions = 40;
  cluster_->CreateTopic("backlog", kPartitions);
  cluster_->ProduceToAll("backlog", {.count = 2, .timestamp_ms = NowMs() - 60'000});
  CommitAll("backlog-app", "backlog", kPartitions, 0);
  auto options = Options({"backlog-app"});
  options.max_record_reads = 25;
  options.record_read_budget = 6s;
  Exporter exporter(cluster_->bootstrap(), options);
  const auto exact = ExactPartitions;
  auto text = exporter.Collect();
  EXPECT_EQ(SampleValue(text, "kafka_lag_exporter_record_reads"), 25);
  EXPECT_EQ(exact(text), 25);
  text = exporter.Collect();
  EXPECT_EQ(SampleValue(text, "kafka_lag_exporter_record_reads"), 15);
  EXPECT_EQ(exact(text), kPartitions);
  for (int p = 0; p < kPartitions; ++p) {
    const auto seconds = LagSeconds(text, "backlog-app", p, "backlog");
    ASSERT_TRUE(seconds.has_value()) << p;
    EXPECT_NEAR(*seconds, 60, 15) << p;
  }
  text = exporter.Collect();
  EXPECT_EQ(SampleValue(text, "kafka_lag_exporter_record_reads"), 0);
}

// A backlog past --lag.seconds.wait-limit after the first cycle: the cycle
// does not wait for it (a round of reads takes about a second on librdkafka
// 2.0.2, so none can have arrived), and the background reads make every
// partition exact a few cycles later.
TEST_F(LagCollectorTest, BacklogPastTheWaitLimitIsReadInTheBackground) {
  constexpr int kPartitions = 30;
  cluster_->CreateTopic("late-backlog", kPartitions);
  cluster_->ProduceToAll("late-backlog", {.count = 2, .timestamp_ms = NowMs() - 60'000});
  CommitAll("late-app", "late-backlog", kPartitions, 2);  // caught up
  auto options = Options({"late-app"});
  options.record_wait_limit = 10;
  Exporter exporter(cluster_->bootstrap(), options);
  const auto exact = ExactPartitions;
  auto text = exporter.Collect();
  EXPECT_EQ(SampleValue(text, "kafka_lag_exporter_record_reads"), 0);

  CommitAll("late-app", "late-backlog", kPartitions, 0);  // rewound
  text = exporter.Collect();
  EXPECT_EQ(exact(text), 0);
  for (int p = 0; p < kPartitions; ++p) {  // history meanwhile
    EXPECT_TRUE(LagSeconds(text, "late-app", p, "late-backlog").has_value()) << p;
  }
  double reads = *SampleValue(text, "kafka_lag_exporter_record_reads");
  ASSERT_TRUE(test_support::WaitFor(
      [&] {
        text = exporter.Collect();
        reads += *SampleValue(text, "kafka_lag_exporter_record_reads");
        return exact(text) == kPartitions;
      },
      20s))
      << text;
  EXPECT_EQ(reads, kPartitions);
  EXPECT_EQ(SampleValue(text, "kafka_lag_exporter_record_reads_queued"), 0);
  for (int p = 0; p < kPartitions; ++p) {
    const auto seconds = LagSeconds(text, "late-app", p, "late-backlog");
    ASSERT_TRUE(seconds.has_value()) << p;
    EXPECT_NEAR(*seconds, 60, 25) << p;
  }
}

TEST_F(LagCollectorTest, FirstCycleWithABacklogWaitsForOneRoundOnly) {
  constexpr int kRound = static_cast<int>(RecordTimestampReader::kRoundSize);
  constexpr int kPartitions = kRound + 40;
  cluster_->CreateTopic("cold-backlog", kPartitions);
  cluster_->ProduceToAll("cold-backlog", {.count = 2, .timestamp_ms = NowMs() - 60'000});
  CommitAll("cold-app", "cold-backlog", kPartitions, 0);
  auto options = Options({"cold-app"});
  options.record_wait_limit = 10;
  options.record_read_budget = 60s;  // only the end of the round ends the wait
  Exporter exporter(cluster_->bootstrap(), options);
  const auto text = exporter.Collect();
  EXPECT_EQ(SampleValue(text, "kafka_lag_exporter_record_reads"), kRound);
  EXPECT_EQ(ExactPartitions(text), kRound);
  EXPECT_EQ(SampleValue(text, "kafka_lag_exporter_record_reads_queued"), kPartitions - kRound);
}

TEST_F(LagCollectorTest, TopicGranularityDropsPartitionSeries) {
  cluster_->CreateTopic("coarse", 2);
  cluster_->Produce("coarse", 0, {.count = 10});
  cluster_->Produce("coarse", 1, {.count = 10});
  cluster_->Commit("coarse-app", "coarse", {{0, 4}, {1, 7}});
  auto options = Options({"coarse-app"});
  options.render.granularity = Granularity::kTopic;
  options.render.sums = true;
  Exporter exporter(cluster_->bootstrap(), options);
  const auto text = exporter.Collect();
  EXPECT_FALSE(Lag(text, "coarse-app", 0, "coarse").has_value());
  EXPECT_EQ(SampleValue(text, "kafka_consumergroup_lag_sum{consumergroup="
                              "\"coarse-app\",topic=\"coarse\"}"),
            9);
  EXPECT_TRUE(SampleValue(text, "kafka_consumergroup_group_topic_max_lag_seconds{"
                                "group=\"coarse-app\",topic=\"coarse\"}")
                  .has_value());
}

}  // namespace
}  // namespace lag_exporter
