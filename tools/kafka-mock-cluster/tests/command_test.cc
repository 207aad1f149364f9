#include "command.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mock_cluster {
namespace {

using ::testing::HasSubstr;

std::string ErrorOf(const std::string& line) {
  try {
    ParseCommand(line);
  } catch (const CommandError& e) {
    return e.what();
  }
  return "no error";
}

TEST(ParseCommandTest, Produce) {
  EXPECT_EQ(ParseCommand("produce orders 3 10"),
            Command(command::Produce{"orders", 3, 10, TimeSpec{}}));
  EXPECT_EQ(ParseCommand("  produce orders * 2 -10m \r"),
            Command(command::Produce{"orders", std::nullopt, 2,
                                     TimeSpec{true, -600'000}}));
  EXPECT_EQ(ParseCommand("produce orders 0 1 1767225600000"),
            Command(command::Produce{"orders", 0, 1,
                                     TimeSpec{false, 1767225600000}}));
  EXPECT_EQ(ParseCommand("produce orders 0 1 now"),
            Command(command::Produce{"orders", 0, 1, TimeSpec{}}));
}

TEST(ParseCommandTest, ClusterChanges) {
  EXPECT_EQ(ParseCommand("commit billing orders 2 40"),
            Command(command::Commit{"billing", "orders", 2, 40}));
  EXPECT_EQ(ParseCommand("leader orders 1 -1"),
            Command(command::Leader{"orders", 1, -1}));
  EXPECT_EQ(ParseCommand("leader orders 1 3"),
            Command(command::Leader{"orders", 1, 3}));
  EXPECT_EQ(ParseCommand("down 2"), Command(command::BrokerDown{2}));
  EXPECT_EQ(ParseCommand("up 2"), Command(command::BrokerUp{2}));
  EXPECT_EQ(ParseCommand("topicerr orders 5"),
            Command(command::TopicError{"orders", 5}));
  EXPECT_EQ(ParseCommand("offsets orders 0"),
            Command(command::Offsets{"orders", 0}));
  EXPECT_EQ(ParseCommand("rate orders 2.5"),
            Command(command::ProducerRate{"orders", 2.5}));
  EXPECT_EQ(ParseCommand("quit"), Command(command::Quit{}));
}

TEST(ParseCommandTest, GroupMotions) {
  EXPECT_EQ(ParseCommand("group billing rate 20"),
            Command(command::Group{
                "billing", GroupMotion{GroupMotion::Kind::kRate, 20, 0}}));
  EXPECT_EQ(ParseCommand("group billing track 5"),
            Command(command::Group{
                "billing", GroupMotion{GroupMotion::Kind::kTrack, 0, 5}}));
  EXPECT_EQ(ParseCommand("group billing stop"),
            Command(command::Group{"billing", GroupMotion{}}));
}

TEST(ParseCommandTest, EmptyAndUnknownLines) {
  EXPECT_EQ(ErrorOf(""), "empty command");
  EXPECT_EQ(ErrorOf(" \t "), "empty command");
  EXPECT_THAT(ErrorOf("explode now"), HasSubstr("unknown command 'explode'"));
  EXPECT_THAT(ErrorOf("PRODUCE a 0 1"), HasSubstr("unknown command"));
}

TEST(ParseCommandTest, WrongArgumentCountShowsUsage) {
  EXPECT_EQ(ErrorOf("produce orders 0"),
            "usage: produce <topic> <partition|*> <count> "
            "[timestamp_ms|-<duration>]");
  EXPECT_THAT(ErrorOf("produce orders 0 1 -1m extra"), HasSubstr("usage"));
  EXPECT_THAT(ErrorOf("commit g t 0"), HasSubstr("usage: commit"));
  EXPECT_THAT(ErrorOf("leader t 0"), HasSubstr("usage: leader"));
  EXPECT_THAT(ErrorOf("down"), HasSubstr("usage: down <broker>"));
  EXPECT_THAT(ErrorOf("up 1 2"), HasSubstr("usage: up <broker>"));
  EXPECT_THAT(ErrorOf("topicerr t"), HasSubstr("usage: topicerr"));
  EXPECT_THAT(ErrorOf("group g"), HasSubstr("usage: group"));
  EXPECT_THAT(ErrorOf("group g stop now"), HasSubstr("usage: group"));
  EXPECT_THAT(ErrorOf("group g rate"), HasSubstr("usage: group"));
  EXPECT_THAT(ErrorOf("offsets t"), HasSubstr("usage: offsets"));
  EXPECT_THAT(ErrorOf("rate t"), HasSubstr("usage: rate"));
  EXPECT_THAT(ErrorOf("quit now"), HasSubstr("usage: quit"));
}

TEST(ParseCommandTest, BadNumbersNameTheArgument) {
  EXPECT_EQ(ErrorOf("produce orders x 1"),
            "partition must be an integer in [0, 2147483647], got 'x'");
  EXPECT_THAT(ErrorOf("produce orders -1 1"), HasSubstr("partition must"));
  EXPECT_THAT(ErrorOf("produce orders 0 0"), HasSubstr("count must"));
  EXPECT_THAT(ErrorOf("produce orders 0 99999999999"), HasSubstr("count must"));
  EXPECT_THAT(ErrorOf("produce orders 0 1 yesterday"),
              HasSubstr("bad timestamp 'yesterday'"));
  EXPECT_THAT(ErrorOf("produce orders 0 1 -10parsecs"),
              HasSubstr("bad timestamp"));
  EXPECT_THAT(ErrorOf("commit g t 0 -5"), HasSubstr("offset must"));
  EXPECT_THAT(ErrorOf("commit g t 0 1e3"), HasSubstr("offset must"));
  EXPECT_THAT(ErrorOf("leader t 0 -2"), HasSubstr("broker (or -1) must"));
  EXPECT_THAT(ErrorOf("down 0"), HasSubstr("broker must"));
  EXPECT_THAT(ErrorOf("down 99999999999"), HasSubstr("broker must"));
  EXPECT_THAT(ErrorOf("topicerr t 70000"), HasSubstr("error code must"));
  EXPECT_THAT(ErrorOf("group g rate -3"), HasSubstr("rate must"));
  EXPECT_THAT(ErrorOf("group g rate nan"), HasSubstr("rate must"));
  EXPECT_THAT(ErrorOf("group g track many"), HasSubstr("lag must"));
  EXPECT_THAT(ErrorOf("group g sprint 3"),
              HasSubstr("group mode must be rate, stop or track"));
}

}  // namespace
}  // namespace mock_cluster
