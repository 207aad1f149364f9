#include "collector_runner.h"

#include <gtest/gtest.h>

#include <thread>

#include "test_support/test_support.h"

namespace exporter_kit {
namespace {
using namespace std::chrono_literals;

class CountingCollector : public Collector {
 public:
  explicit CountingCollector(std::atomic<int>& runs) : runs_(runs) {}
  std::string Name() const override { return "counting"; }
  void Collect(const CollectContext& context, MetricWriter& out) override {
    EXPECT_GT(context.Remaining(), 0ms);
    out.Gauge("runs", "Runs.").Add({}, ++runs_);
  }

 private:
  std::atomic<int>& runs_;
};

class FailingAfterFirstRun : public Collector {
 public:
  std::string Name() const override { return "flaky"; }
  void Collect(const CollectContext&, MetricWriter& out) override {
    if (first_) {
      first_ = false;
      out.Gauge("flaky_value", "Value.").Add({}, 7);
      return;
    }
    throw std::runtime_error("later runs fail");
  }

 private:
  bool first_ = true;
};

// Writes about 2 MB of samples under the plain-text limit it declares.
class LargeOutputCollector : public Collector {
 public:
  explicit LargeOutputCollector(std::size_t plain_limit) : plain_limit_(plain_limit) {}
  std::string Name() const override { return "large"; }
  void Collect(const CollectContext&, MetricWriter& out) override {
    auto& family = out.Gauge("large_value", "Value.");
    for (int i = 0; i < 100'000; ++i) {
      const std::string id = std::to_string(i);
      family.Add({{"id", id}}, i);
    }
  }
  std::size_t PlainTextLimit() const override { return plain_limit_; }

 private:
  std::size_t plain_limit_;
};

// What a scrape sends: the collectors' outputs, then the self-metrics.
std::string ScrapeText(const CollectorRunner& runner) {
  auto output = runner.Scrape("ns");
  std::string text;
  for (const auto& part : output.collected) text += part->text();
  return text + output.self_metrics;
}

TEST(CollectorRunnerTest, RunsOnTheIntervalAndServesTheLastSnapshot) {
  std::atomic<int> runs{0};
  std::vector<std::unique_ptr<Collector>> collectors;
  collectors.push_back(std::make_unique<CountingCollector>(runs));
  CollectorRunner runner(std::move(collectors), 50ms, 1s);
  EXPECT_FALSE(runner.AllAttemptedOnce());
  runner.Start();
  ASSERT_TRUE(test_support::WaitFor([&] { return runs >= 3; }, 5s));
  EXPECT_TRUE(runner.AllAttemptedOnce());
  const auto text = ScrapeText(runner);
  EXPECT_NE(text.find("\nruns "), std::string::npos);
  EXPECT_NE(text.find("ns_scrape_collector_success{collector=\"counting\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("ns_scrape_collector_last_success_timestamp_seconds{collector=\"counting\"}"),
            std::string::npos);
  EXPECT_EQ(test_support::PromtoolCheckMetrics(text), "");
  runner.Stop(1s);
  const int after_stop = runs;
  std::this_thread::sleep_for(150ms);
  EXPECT_EQ(runs, after_stop);
}

TEST(CollectorRunnerTest, AFailedRunKeepsTheLastGoodValues) {
  std::vector<std::unique_ptr<Collector>> collectors;
  collectors.push_back(std::make_unique<FailingAfterFirstRun>());
  CollectorRunner runner(std::move(collectors), 20ms, 1s);
  runner.Start();
  ASSERT_TRUE(test_support::WaitFor([&] {
    return ScrapeText(runner).find("ns_scrape_collector_success{collector=\"flaky\"} 0") !=
           std::string::npos;
  }, 5s));
  const auto text = ScrapeText(runner);
  EXPECT_NE(text.find("flaky_value 7\n"), std::string::npos) << text;
  runner.Stop(1s);
}

TEST(CollectorRunnerTest, AnOutputPastItsCollectorsPlainLimitIsKeptCompressedOnly) {
  for (const std::size_t limit : {MetricWriter::kDefaultPlainLimit, std::size_t{256} << 10}) {
    std::vector<std::unique_ptr<Collector>> collectors;
    collectors.push_back(std::make_unique<LargeOutputCollector>(limit));
    CollectorRunner runner(std::move(collectors), 1h, 10s);
    runner.Start();
    ASSERT_TRUE(test_support::WaitFor([&] { return runner.AllAttemptedOnce(); }, 10s));
    const auto output = runner.Scrape("ns");
    ASSERT_EQ(output.collected.size(), 1u);
    EXPECT_EQ(output.collected[0]->has_text(), limit == MetricWriter::kDefaultPlainLimit)
        << "limit " << limit;
    std::string text;
    output.collected[0]->WriteText([&](std::string_view piece) {
      text += piece;
      return true;
    });
    EXPECT_NE(text.find("\nlarge_value{id=\"99999\"} 99999\n"), std::string::npos);
    runner.Stop(1s);
  }
}

}  // namespace
}  // namespace exporter_kit
