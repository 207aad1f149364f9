#include "exporter_kit/duration.h"

#include <gtest/gtest.h>

namespace exporter_kit {
namespace {
using namespace std::chrono_literals;

TEST(DurationTest, ParsesPrometheusSyntax) {
  EXPECT_EQ(ParseDuration("15s"), 15s);
  EXPECT_EQ(ParseDuration("2m"), 2min);
  EXPECT_EQ(ParseDuration("1h30m"), 90min);
  EXPECT_EQ(ParseDuration("500ms"), 500ms);
  EXPECT_EQ(ParseDuration("1d"), 24h);
  EXPECT_EQ(ParseDuration("1w"), 7 * 24h);
  EXPECT_EQ(ParseDuration("1y"), 365 * 24h);
  EXPECT_EQ(ParseDuration("1m30s250ms"), 90250ms);
  EXPECT_EQ(ParseDuration("0"), 0ms);
  EXPECT_EQ(ParseDuration("0s"), 0ms);
}

TEST(DurationTest, RejectsBadInputWithAMessageNamingIt) {
  for (const char* bad : {"", "15", "s", "1x", "1s1m", "1m1m", "-1s", "1.5s", "9999999999999h"}) {
    try {
      ParseDuration(bad);
      ADD_FAILURE() << "accepted \"" << bad << "\"";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(std::string("\"") + bad + "\""), std::string::npos)
          << e.what();
    }
  }
}

TEST(DurationTest, FormatsLargestUnitsFirstAndRoundTrips) {
  EXPECT_EQ(FormatDuration(0ms), "0s");
  EXPECT_EQ(FormatDuration(90min), "1h30m");
  EXPECT_EQ(FormatDuration(1500ms), "1s500ms");
  for (std::chrono::milliseconds d : {1ms, 15000ms, 120000ms, 90000000ms, 691200000ms}) {
    EXPECT_EQ(ParseDuration(FormatDuration(d)), d);
  }
}

}  // namespace
}  // namespace exporter_kit
