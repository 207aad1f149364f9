#include "exporter_kit/exposition.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "exporter_kit/body_part.h"
#include "test_support/test_support.h"

namespace exporter_kit {
namespace {

TEST(ExpositionTest, WritesHelpTypeAndSamplesWithEscapedLabels) {
  MetricWriter out;
  auto& leader = out.Gauge("kafka_topic_partition_leader", "Leader broker ID.");
  leader.Add({{"topic", "orders"}, {"partition", "0"}}, 1);
  leader.Add({{"topic", "we\"ird\\na\nme"}, {"partition", "1"}}, 2);
  out.Counter("requests_total", "Requests.\nSecond line.").Add({}, 0.5);
  EXPECT_EQ(out.Text(),
            "# HELP kafka_topic_partition_leader Leader broker ID.\n"
            "# TYPE kafka_topic_partition_leader gauge\n"
            "kafka_topic_partition_leader{topic=\"orders\",partition=\"0\"} 1\n"
            "kafka_topic_partition_leader{topic=\"we\\\"ird\\\\na\\nme\",partition=\"1\"} 2\n"
            "# HELP requests_total Requests.\\nSecond line.\n"
            "# TYPE requests_total counter\n"
            "requests_total 0.5\n");
  EXPECT_EQ(out.Samples(), 3u);
  EXPECT_EQ(test_support::PromtoolCheckMetrics(out.Text()), "");
}

TEST(ExpositionTest, KeepsAFamilyTogetherWhenSamplesInterleave) {
  MetricWriter out;
  out.Gauge("a", "A.").Add({{"x", "1"}}, 1);
  out.Gauge("b", "B.").Add({{"x", "1"}}, 1);
  out.Gauge("a", "A.").Add({{"x", "2"}}, 2);
  EXPECT_EQ(out.Text(),
            "# HELP a A.\n# TYPE a gauge\na{x=\"1\"} 1\na{x=\"2\"} 2\n"
            "# HELP b B.\n# TYPE b gauge\nb{x=\"1\"} 1\n");
}

TEST(ExpositionTest, OmitsFamiliesWithoutSamples) {
  MetricWriter out;
  out.Gauge("empty", "Nothing.");
  EXPECT_TRUE(out.Empty());
  EXPECT_EQ(out.Text(), "");
}

// Two interleaved families of 20,000 samples each (about 0.8 MB of text).
void WriteManySamples(MetricWriter& out) {
  for (int i = 0; i < 20000; ++i) {
    const auto id = std::to_string(i);
    out.Gauge("kafka_consumergroup_lag", "Lag.").Add({{"partition", id}}, i);
    out.Gauge("kafka_consumergroup_current_offset", "Offset.").Add({{"partition", id}}, i * 2);
  }
}

TEST(ExpositionTest, FamiliesPastThePlainLimitCompressAsTheyGo) {
  MetricWriter plain;
  WriteManySamples(plain);
  const std::string expected = plain.Text();
  MetricWriter limited(/*plain_limit=*/100 * 1024);
  WriteManySamples(limited);
  EXPECT_EQ(limited.Text(), expected);  // the same text, from compressed families

  const BodyPart part = limited.Finish();
  EXPECT_FALSE(part.has_text());
  EXPECT_EQ(part.size(), expected.size());
  EXPECT_LT(part.deflated().size(), expected.size() / 4);
  std::string inflated;
  ASSERT_TRUE(part.WriteText([&](std::string_view chunk) {
    inflated += chunk;
    return true;
  }));
  EXPECT_EQ(inflated, expected);

  const BodyPart whole = plain.Finish();  // under the default limit: text kept
  EXPECT_TRUE(whole.has_text());
  EXPECT_EQ(whole.text(), expected);
}

TEST(ExpositionTest, FormatsValuesExactly) {
  std::string text;
  for (double v : {0.0, -3.0, 1e15, 0.25, 1234567890123.0,
                   std::numeric_limits<double>::quiet_NaN(),
                   std::numeric_limits<double>::infinity(),
                   -std::numeric_limits<double>::infinity()}) {
    AppendValue(text, v);
    text += ' ';
  }
  EXPECT_EQ(text, "0 -3 1e+15 0.25 1234567890123 NaN +Inf -Inf ");
}

TEST(ExpositionTest, WritesHistogramsThatPromtoolAccepts) {
  MetricWriter out;
  const double bounds[] = {0.01, 0.1, 1};
  const std::uint64_t counts[] = {1, 3, 4};
  const Label labels[] = {{"broker", "1"}};
  out.Family("kafka_canary_latency_seconds", "Latency.", MetricType::kHistogram)
      .AddHistogram(labels, bounds, counts, 5, 2.5);
  EXPECT_EQ(out.Text(),
            "# HELP kafka_canary_latency_seconds Latency.\n"
            "# TYPE kafka_canary_latency_seconds histogram\n"
            "kafka_canary_latency_seconds_bucket{broker=\"1\",le=\"0.01\"} 1\n"
            "kafka_canary_latency_seconds_bucket{broker=\"1\",le=\"0.1\"} 3\n"
            "kafka_canary_latency_seconds_bucket{broker=\"1\",le=\"1\"} 4\n"
            "kafka_canary_latency_seconds_bucket{broker=\"1\",le=\"+Inf\"} 5\n"
            "kafka_canary_latency_seconds_sum{broker=\"1\"} 2.5\n"
            "kafka_canary_latency_seconds_count{broker=\"1\"} 5\n");
  EXPECT_EQ(test_support::PromtoolCheckMetrics(out.Text()), "");
}

}  // namespace
}  // namespace exporter_kit
