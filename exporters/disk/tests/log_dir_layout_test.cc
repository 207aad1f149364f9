#include "log_dir_layout.h"

#include <gtest/gtest.h>

namespace kafka_disk {
namespace {

TEST(ParsePartitionDir, LivePartitionsSplitAtTheLastDash) {
  const auto parsed = ParsePartitionDir("orders-v2-17");
  EXPECT_EQ(parsed.kind, DirKind::kLive);
  EXPECT_EQ(parsed.topic, "orders-v2");
  EXPECT_EQ(parsed.partition, "17");
  EXPECT_EQ(ParsePartitionDir("__consumer_offsets-49").topic,
            "__consumer_offsets");
  EXPECT_EQ(ParsePartitionDir("__cluster_metadata-0").kind, DirKind::kLive);
}

TEST(ParsePartitionDir, SuffixesWithAndWithoutTheUniqueId) {
  const std::string id = ".0a1b2c3d4e5f60718293a4b5c6d7e8f9";
  auto parsed = ParsePartitionDir("my.topic-3" + id + "-delete");
  EXPECT_EQ(parsed.kind, DirKind::kDelete);
  EXPECT_EQ(parsed.topic, "my.topic");
  EXPECT_EQ(parsed.partition, "3");
  EXPECT_EQ(ParsePartitionDir("t-1" + id + "-future").kind, DirKind::kFuture);
  EXPECT_EQ(ParsePartitionDir("t-1" + id + "-stray").kind, DirKind::kStray);
  EXPECT_EQ(ParsePartitionDir("t-1-future").kind, DirKind::kFuture);
  EXPECT_EQ(ParsePartitionDir("t-1-future").topic, "t");
}

TEST(ParsePartitionDir, AnythingElseIsOther) {
  for (const char* name : {"lost+found", "backup", "t-", "-3", "t-x1",
                           "t-12345678901", "bad topic-1", "-delete"}) {
    EXPECT_EQ(ParsePartitionDir(name).kind, DirKind::kOther) << name;
  }
  EXPECT_EQ(ParsePartitionDir(std::string(250, 'a') + "-0").kind,
            DirKind::kOther);
}

TEST(ParseSegmentFile, SegmentsAndTheirTransientSuffixes) {
  auto file = ParseSegmentFile("00000000000000012345.log");
  ASSERT_TRUE(file.has_value());
  EXPECT_EQ(file->base_offset, 12345u);
  EXPECT_TRUE(file->IsLiveLog());
  file = ParseSegmentFile("00000000000000012345.log.deleted");
  ASSERT_TRUE(file.has_value());
  EXPECT_EQ(file->suffix, "deleted");
  EXPECT_FALSE(file->IsLiveLog());
  for (const char* name :
       {"00000000000000000000.index", "00000000000000000000.timeindex",
        "00000000000000000000.txnindex", "00000000000000000007.snapshot",
        "00000000000000000000.log.cleaned",
        "00000000000000000000.index.swap"}) {
    EXPECT_TRUE(ParseSegmentFile(name).has_value()) << name;
  }
}

TEST(ParseSegmentFile, OtherFilesAreNotSegments) {
  for (const char* name :
       {"leader-epoch-checkpoint", "partition.metadata", "0000.log",
        "00000000000000000000.json", "00000000000000000000.log.bak",
        "0000000000000000000x.log", "00000000000000000000.", ""}) {
    EXPECT_FALSE(ParseSegmentFile(name).has_value()) << name;
  }
}

}  // namespace
}  // namespace kafka_disk
