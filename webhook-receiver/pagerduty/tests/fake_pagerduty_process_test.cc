// The fake-pagerduty executable as the demo and the receiver's end-to-end
// tests use it: READY line, schema checks, behaviour switch, incidents.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <nlohmann/json.hpp>

#include "test_support/test_support.h"

namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

const std::string kEvent =
    R"({"routing_key":"PR0CESSKEY3456789abcdefABCDEF012","event_action":"trigger",)"
    R"("dedup_key":"p-1","payload":{"summary":"s","source":"x","severity":"info"}})";

test_support::HttpResult Post(const std::string& url, const std::string& body) {
  test_support::HttpOptions options;
  options.method = "POST";
  options.body = body;
  options.headers = {"Content-Type: application/json"};
  return test_support::HttpRequest(url, options);
}

TEST(FakePagerDutyProcessTest, ServesValidatesAndSwitchesBehaviour) {
  test_support::TempDir dir;
  const auto events_file = dir.path() / "events.jsonl";
  test_support::ChildProcess fake({test_support::FindBinary("fake-pagerduty").string(),
                                   "--events-file", events_file.string()});
  const auto ready = fake.WaitForLine("READY ", 10s);
  ASSERT_TRUE(ready) << fake.Stderr();
  const std::string base = "http://127.0.0.1:" + ready->substr(6);

  EXPECT_EQ(Post(base + "/v2/enqueue", kEvent).status, 202);
  const auto line = fake.WaitForLine("EVENT ", 5s);
  ASSERT_TRUE(line);
  EXPECT_EQ(nlohmann::json::parse(line->substr(6))["event"]["dedup_key"], "p-1");

  const auto invalid = Post(base + "/v2/enqueue", R"({"event_action":"trigger"})");
  EXPECT_EQ(invalid.status, 400);
  EXPECT_THAT(invalid.body, HasSubstr("routing_key"));

  test_support::HttpOptions put;
  put.method = "PUT";
  put.body = "500";
  EXPECT_EQ(test_support::HttpRequest(base + "/fake/behaviour", put).status, 200);
  EXPECT_EQ(Post(base + "/v2/enqueue", kEvent).status, 500);
  put.body = "sideways";
  EXPECT_EQ(test_support::HttpRequest(base + "/fake/behaviour", put).status, 400);

  const auto incidents =
      nlohmann::json::parse(test_support::HttpGet(base + "/fake/incidents").body);
  ASSERT_EQ(incidents.size(), 1u);
  EXPECT_EQ(incidents[0]["status"], "triggered");
  EXPECT_EQ(fake.Stop(SIGTERM, 5s), 0);
  EXPECT_TRUE(std::filesystem::file_size(events_file) > 0);
}

TEST(FakePagerDutyProcessTest, BadFlagsExitWithCode2) {
  const auto binary = test_support::FindBinary("fake-pagerduty").string();
  EXPECT_EQ(test_support::RunCommand({binary, "--behaviour", "sideways"}).exit_code, 2);
  EXPECT_EQ(test_support::RunCommand({binary, "--port", "99999"}).exit_code, 2);
  EXPECT_EQ(test_support::RunCommand({binary, "--colour"}).exit_code, 2);
}

}  // namespace
