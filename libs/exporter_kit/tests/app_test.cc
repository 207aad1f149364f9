// Process-level tests of the standard surface, on a real binary
// (kit-example-exporter) over real HTTP.
#include <gtest/gtest.h>
#include <signal.h>

#include <regex>

#include "test_support/test_support.h"

namespace exporter_kit {
namespace {
using namespace std::chrono_literals;
using test_support::ChildProcess;
using test_support::HttpGet;

struct Running {
  std::unique_ptr<ChildProcess> process;
  std::string base;  // http://127.0.0.1:port
};

Running StartExample(std::vector<std::string> flags) {
  const int port = test_support::FreePort();
  std::vector<std::string> argv{test_support::FindBinary("kit-example-exporter").string(),
                                "--web.listen-address=127.0.0.1:" + std::to_string(port)};
  argv.insert(argv.end(), flags.begin(), flags.end());
  Running running{std::make_unique<ChildProcess>(argv), "http://127.0.0.1:" + std::to_string(port)};
  const bool up = test_support::WaitFor(
      [&] { return HttpGet(running.base + "/-/healthy").status == 200; }, 10s);
  EXPECT_TRUE(up) << running.process->Stderr();
  return running;
}

std::string Sample(const std::string& text, const std::string& series) {
  std::smatch match;
  const std::regex line("(^|\n)" + std::regex_replace(series, std::regex(R"([{}"\\\[\]().*+?^$|])"), R"(\$&)") +
                        " ([^\n]+)");
  return std::regex_search(text, match, line) ? match[2].str() : "<absent>";
}

TEST(AppTest, ServesMetricsThatPromtoolAccepts) {
  auto app = StartExample({"--collect.interval=100ms"});
  ASSERT_TRUE(test_support::WaitFor(
      [&] { return HttpGet(app.base + "/-/ready").status == 200; }, 5s));
  const auto metrics = HttpGet(app.base + "/metrics");
  ASSERT_EQ(metrics.status, 200);
  EXPECT_EQ(metrics.headers.at("content-type"), "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_EQ(Sample(metrics.body, R"(example_value{source="static"})"), "42");
  EXPECT_EQ(Sample(metrics.body, R"(kit_example_exporter_scrape_collector_success{collector="static"})"), "1");
  EXPECT_NE(metrics.body.find("kit_example_exporter_build_info{version="), std::string::npos);
  EXPECT_NE(metrics.body.find("process_resident_memory_bytes "), std::string::npos);
  EXPECT_EQ(test_support::PromtoolCheckMetrics(metrics.body), "");
}

TEST(AppTest, LandingPageHealthAndUnknownPaths) {
  auto app = StartExample({});
  const auto landing = HttpGet(app.base + "/");
  EXPECT_EQ(landing.status, 200);
  EXPECT_NE(landing.body.find("<a href=\"/metrics\">"), std::string::npos);
  EXPECT_NE(landing.body.find("kit-example-exporter"), std::string::npos);
  EXPECT_EQ(HttpGet(app.base + "/-/healthy").status, 200);
  EXPECT_EQ(HttpGet(app.base + "/nope").status, 404);
  test_support::HttpOptions post;
  post.method = "POST";
  post.body = "x";
  const auto not_allowed = test_support::HttpRequest(app.base + "/metrics", post);
  EXPECT_EQ(not_allowed.status, 405);
  EXPECT_EQ(not_allowed.headers.at("allow"), "GET, HEAD");
}

TEST(AppTest, ThrowingCollectorFailsItselfNotTheScrape) {
  auto app = StartExample({"--example.throwing", "--collect.interval=100ms"});
  ASSERT_TRUE(test_support::WaitFor(
      [&] { return HttpGet(app.base + "/-/ready").status == 200; }, 5s));
  const auto metrics = HttpGet(app.base + "/metrics");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_EQ(Sample(metrics.body, R"(kit_example_exporter_scrape_collector_success{collector="throwing"})"), "0");
  EXPECT_EQ(Sample(metrics.body, R"(kit_example_exporter_scrape_collector_success{collector="static"})"), "1");
  EXPECT_EQ(Sample(metrics.body, R"(example_value{source="static"})"), "42");
  EXPECT_NE(app.process->Stderr().find("collector throwing failed: simulated failure"),
            std::string::npos);
}

TEST(AppTest, HangingCollectorKeepsLastValuesAndTheScrapeAnswersAtOnce) {
  auto app = StartExample({"--example.hanging", "--collect.interval=100ms", "--collect.timeout=300ms"});
  // First run succeeds; the second hangs. Once past its deadline, the scrape
  // reports failure while still serving the first run's values.
  ASSERT_TRUE(test_support::WaitFor([&] {
    const auto m = HttpGet(app.base + "/metrics");
    return Sample(m.body, R"(kit_example_exporter_scrape_collector_success{collector="hanging"})") == "0";
  }, 5s));
  test_support::HttpOptions quick;
  quick.timeout = 1s;  // "at once": far below the hour the collector blocks
  const auto metrics = test_support::HttpRequest(app.base + "/metrics", quick);
  ASSERT_EQ(metrics.status, 200) << metrics.error;
  EXPECT_EQ(Sample(metrics.body, "example_hanging_runs"), "1");
  EXPECT_EQ(Sample(metrics.body, R"(kit_example_exporter_scrape_collector_success{collector="static"})"), "1");
  EXPECT_EQ(HttpGet(app.base + "/-/ready").status, 200);
  // Shutdown does not wait for the stuck collector.
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(app.process->Stop(SIGTERM, 5s), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
}

TEST(AppTest, ShutsDownWithinTwoSecondsOnSigtermAndSigint) {
  for (int signal : {SIGTERM, SIGINT}) {
    auto app = StartExample({});
    // A keep-alive scrape in flight must not hold shutdown up either.
    EXPECT_EQ(HttpGet(app.base + "/metrics").status, 200);
    const auto started = std::chrono::steady_clock::now();
    EXPECT_EQ(app.process->Stop(signal, 5s), 0) << app.process->Stderr();
    EXPECT_LT(std::chrono::steady_clock::now() - started, 2s) << "signal " << signal;
  }
}

TEST(AppTest, AHangingTeardownStillExitsAfterItsLimit) {
  auto app = StartExample({"--example.hanging-teardown"});
  EXPECT_EQ(HttpGet(app.base + "/metrics").status, 200);
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(app.process->Stop(SIGTERM, 15s), 0) << app.process->Stderr();
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_GE(took, 4s);  // the teardown was waited for first
  EXPECT_LT(took, 10s);
  EXPECT_NE(app.process->Stderr().find("teardown took more than 5s"), std::string::npos)
      << app.process->Stderr();
}

TEST(AppTest, VersionAndHelpExitZero) {
  const auto binary = test_support::FindBinary("kit-example-exporter").string();
  auto version = test_support::RunCommand({binary, "--version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_TRUE(version.output.starts_with("kit-example-exporter version ")) << version.output;
  auto help = test_support::RunCommand({binary, "--help"});
  EXPECT_EQ(help.exit_code, 0);
  for (const char* flag : {"--web.listen-address", "--web.telemetry-path", "--web.config.file",
                           "--log.level", "--log.format", "--config.file", "--check-config",
                           "--collect.interval", "--example.hanging"}) {
    EXPECT_NE(help.output.find(flag), std::string::npos) << flag;
  }
}

TEST(AppTest, ListenFailureIsReportedNotCrashed) {
  auto first = StartExample({});
  const auto port = first.base.substr(first.base.rfind(':') + 1);
  const auto binary = test_support::FindBinary("kit-example-exporter").string();
  auto second = test_support::RunCommand({binary, "--web.listen-address=127.0.0.1:" + port});
  EXPECT_EQ(second.exit_code, 1);
  EXPECT_NE(second.output.find("cannot listen on"), std::string::npos) << second.output;
}

}  // namespace
}  // namespace exporter_kit
