#include "journal.h"

#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include "test_support/test_support.h"

namespace webhook_receiver {
namespace {

void AppendRaw(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::app);
  out << bytes;
}

TEST(JournalTest, RecordsSurviveReopening) {
  test_support::TempDir dir;
  auto path = dir.path() / "journal";
  {
    Journal journal(path);
    journal.Append("one");
    journal.Append(std::vector<std::string>{"two", std::string("bin\0ary", 7)});
  }
  JournalReplay replay = Journal::Replay(path);
  EXPECT_EQ(replay.records, (std::vector<std::string>{"one", "two", std::string("bin\0ary", 7)}));
  EXPECT_EQ(replay.dropped_bytes, 0u);
}

TEST(JournalTest, MissingFileReplaysAsEmpty) {
  test_support::TempDir dir;
  EXPECT_TRUE(Journal::Replay(dir.path() / "none").records.empty());
}

TEST(JournalTest, TornTailIsTruncatedAndAppendsContinueAfterIt) {
  test_support::TempDir dir;
  auto path = dir.path() / "journal";
  { Journal(path).Append("kept"); }
  std::string torn = FrameRecord("this record was half written");
  AppendRaw(path, torn.substr(0, torn.size() - 5));
  JournalReplay replay = Journal::Replay(path);
  EXPECT_EQ(replay.records, std::vector<std::string>{"kept"});
  EXPECT_EQ(replay.dropped_bytes, torn.size() - 5);
  EXPECT_EQ(std::filesystem::file_size(path), replay.valid_bytes);
  { Journal(path).Append("after"); }
  EXPECT_EQ(Journal::Replay(path).records, (std::vector<std::string>{"kept", "after"}));
}

TEST(JournalTest, CorruptCrcStopsReplay) {
  test_support::TempDir dir;
  auto path = dir.path() / "journal";
  { Journal(path).Append("good"); }
  std::string bad = FrameRecord("flipped");
  bad.back() ^= 1;
  AppendRaw(path, bad);
  EXPECT_EQ(Journal::Replay(path).records, std::vector<std::string>{"good"});
}

TEST(JournalTest, ConcurrentAppendsShareFsyncs) {
  test_support::TempDir dir;
  auto path = dir.path() / "journal";
  std::atomic<int> fsyncs{0};
  constexpr int kThreads = 16;
  constexpr int kEach = 50;
  {
    Journal journal(path, [&](double) { ++fsyncs; });
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < kEach; ++i) journal.Append(std::to_string(t) + ":" + std::to_string(i));
      });
    }
    for (auto& t : threads) t.join();
  }
  EXPECT_EQ(Journal::Replay(path).records.size(), static_cast<std::size_t>(kThreads * kEach));
  // Group commit: fewer fsyncs than appends (each fsync covers a batch).
  EXPECT_LT(fsyncs.load(), kThreads * kEach);
}

TEST(JournalTest, CompactionReplacesContentAndKeepsLaterAppends) {
  test_support::TempDir dir;
  auto path = dir.path() / "journal";
  {
    Journal journal(path);
    for (int i = 0; i < 100; ++i) journal.Append("old " + std::to_string(i));
    auto before = journal.SizeBytes();
    journal.Compact([] { return std::vector<std::string>{"snapshot"}; });
    EXPECT_LT(journal.SizeBytes(), before);
    journal.Append("new");
  }
  EXPECT_EQ(Journal::Replay(path).records, (std::vector<std::string>{"snapshot", "new"}));
}

TEST(JournalTest, UnwritableDirectoryIsAClearError) {
  EXPECT_THROW(Journal("/proc/no-such-dir/journal"), JournalError);
}

}  // namespace
}  // namespace webhook_receiver
