#include <exporter_kit/config.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include "pagerduty/pagerduty_escalation.h"
#include "test_support/test_support.h"

namespace webhook_receiver::pagerduty {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::string kFileKey = "F1LEKEY0123456789abcdefABCDEF012";
const std::string kEnvKey = "ENVKEY00123456789abcdefABCDEF012";

class PagerDutyConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    key_file_ = dir_.Write("oncall.key", kFileKey + "\n");
    setenv("KWR_TEST_PD_KEY", kEnvKey.c_str(), 1);
  }
  void TearDown() override { unsetenv("KWR_TEST_PD_KEY"); }

  YAML::Node Section(const std::string& extra,
                     const std::string& targets = "") const {
    return YAML::Load(
        "targets:\n"
        "  oncall: {routing_key: \"file:" + key_file_.string() + "\"}\n"
        "  team: {routing_key: \"env:KWR_TEST_PD_KEY\"}\n" +
        targets + extra);
  }

  // The ConfigError message for `section`, "" if it parsed.
  std::string ErrorFor(const YAML::Node& section) const {
    try {
      ParsePagerDutyOptions(section);
    } catch (const exporter_kit::ConfigError& e) {
      return e.what();
    }
    return "";
  }

  test_support::TempDir dir_;
  std::filesystem::path key_file_;
};

TEST_F(PagerDutyConfigTest, DefaultsAndKeysFromFileAndEnvironment) {
  const auto options = ParsePagerDutyOptions(Section(""));
  EXPECT_EQ(options.routing_keys.at("oncall"), kFileKey);
  EXPECT_EQ(options.routing_keys.at("team"), kEnvKey);
  EXPECT_EQ(options.dispatch.base_url, "https://events.pagerduty.com");
  EXPECT_EQ(options.dispatch.rate_limit_per_minute, 120);
  EXPECT_EQ(options.dispatch.initial_backoff, std::chrono::seconds(5));
  EXPECT_EQ(options.dispatch.max_backoff, std::chrono::minutes(5));
  EXPECT_EQ(options.request_timeout, std::chrono::seconds(10));
  EXPECT_FALSE(options.change_events);
  EXPECT_EQ(options.style.default_severity, "error");
}

TEST_F(PagerDutyConfigTest, EverySettingIsRead) {
  const auto options = ParsePagerDutyOptions(Section(
      "base_url: https://events.eu.pagerduty.com/\n"
      "client: kwr-prod\n"
      "client_url: https://kwr.example.com/status\n"
      "default_severity: warning\n"
      "severity_map: {Page: critical}\n"
      "change_events: true\n"
      "rate_limit_per_minute: 60\n"
      "request_timeout: 3s\n"
      "retry: {initial_backoff: 1s, max_backoff: 10m}\n"));
  EXPECT_EQ(options.dispatch.base_url, "https://events.eu.pagerduty.com");
  EXPECT_EQ(options.style.client, "kwr-prod");
  EXPECT_EQ(options.style.client_url, "https://kwr.example.com/status");
  EXPECT_EQ(options.style.default_severity, "warning");
  EXPECT_EQ(options.style.severity_map.at("page"), "critical");
  EXPECT_TRUE(options.change_events);
  EXPECT_EQ(options.dispatch.rate_limit_per_minute, 60);
  EXPECT_EQ(options.request_timeout, std::chrono::seconds(3));
  EXPECT_EQ(options.dispatch.initial_backoff, std::chrono::seconds(1));
  EXPECT_EQ(options.dispatch.max_backoff, std::chrono::minutes(10));
}

TEST_F(PagerDutyConfigTest, ErrorsNameTheKeyAtFault) {
  EXPECT_THAT(ErrorFor(Section("colour: blue\n")),
              HasSubstr("pagerduty.colour: unknown key"));
  EXPECT_THAT(ErrorFor(Section("base_url: ftp://x\n")),
              HasSubstr("pagerduty.base_url: must start with https://"));
  EXPECT_THAT(ErrorFor(Section("rate_limit_per_minute: 500\n")),
              HasSubstr("pagerduty.rate_limit_per_minute: must be between 1 and 120"));
  EXPECT_THAT(ErrorFor(Section("rate_limit_per_minute: lots\n")),
              HasSubstr("pagerduty.rate_limit_per_minute: must be an integer"));
  EXPECT_THAT(ErrorFor(Section("request_timeout: 10 parsecs\n")),
              HasSubstr("pagerduty.request_timeout:"));
  EXPECT_THAT(ErrorFor(Section("retry: {max_backoff: 2h}\n")),
              HasSubstr("pagerduty.retry.max_backoff: must be between"));
  EXPECT_THAT(ErrorFor(Section("retry: {initial_backoff: 1m, max_backoff: 30s}\n")),
              HasSubstr("pagerduty.retry.max_backoff: must not be below"));
  EXPECT_THAT(ErrorFor(Section("retry: {jitter: 1}\n")),
              HasSubstr("pagerduty.retry.jitter: unknown key"));
  EXPECT_THAT(ErrorFor(Section("default_severity: fatal\n")),
              HasSubstr("pagerduty.default_severity: must be critical"));
  EXPECT_THAT(ErrorFor(Section("severity_map: {p1: urgent}\n")),
              HasSubstr("pagerduty.severity_map.p1: must be critical"));
  EXPECT_THAT(ErrorFor(Section("change_events: maybe\n")),
              HasSubstr("pagerduty.change_events: must be true or false"));
  EXPECT_THAT(ErrorFor(YAML::Load("base_url: https://x\n")),
              HasSubstr("pagerduty.targets: required"));
  EXPECT_THAT(ErrorFor(YAML::Load("targets: {}\n")),
              HasSubstr("pagerduty.targets: must map at least one target"));
  EXPECT_THAT(ErrorFor(YAML::Load("- a\n")), HasSubstr("pagerduty: must be a map"));
  EXPECT_THAT(ErrorFor(Section("", "  bad name: {routing_key: env:X}\n")),
              HasSubstr("pagerduty.targets.bad name: a target name"));
  EXPECT_THAT(ErrorFor(Section("", "  extra: {}\n")),
              HasSubstr("pagerduty.targets.extra.routing_key: required"));
  EXPECT_THAT(ErrorFor(Section("", "  extra: {routing_key: env:X, url: y}\n")),
              HasSubstr("pagerduty.targets.extra.url: unknown key"));
}

TEST_F(PagerDutyConfigTest, RoutingKeyErrorsNeverShowTheSecret) {
  const auto literal = ErrorFor(Section("", "  lit: {routing_key: " + kFileKey + "}\n"));
  EXPECT_THAT(literal, HasSubstr("pagerduty.targets.lit.routing_key: must be"));
  EXPECT_THAT(literal, Not(HasSubstr(kFileKey)));

  const auto short_key = dir_.Write("short.key", "tooshort-secret\n");
  const auto wrong = ErrorFor(Section(
      "", "  short: {routing_key: \"file:" + short_key.string() + "\"}\n"));
  EXPECT_THAT(wrong, HasSubstr("pagerduty.targets.short.routing_key"));
  EXPECT_THAT(wrong, HasSubstr("must be 32 characters"));
  EXPECT_THAT(wrong, Not(HasSubstr("tooshort-secret")));

  const auto missing_env = ErrorFor(
      Section("", "  gone: {routing_key: \"env:KWR_TEST_NO_SUCH_VARIABLE\"}\n"));
  EXPECT_THAT(missing_env, HasSubstr("pagerduty.targets.gone.routing_key"));
  const auto missing_file = ErrorFor(
      Section("", "  gone: {routing_key: \"file:/no/such/key/file\"}\n"));
  EXPECT_THAT(missing_file, HasSubstr("pagerduty.targets.gone.routing_key"));
}

}  // namespace
}  // namespace webhook_receiver::pagerduty
