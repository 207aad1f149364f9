#include "pagerduty/record_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "test_support/test_support.h"

namespace webhook_receiver::pagerduty {
namespace {

using ::testing::ElementsAre;

std::vector<std::string> ReadAll(const std::filesystem::path& path) {
  std::vector<std::string> records;
  RecordFile file(path, [&](std::string_view r) { records.emplace_back(r); });
  return records;
}

void AppendRaw(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::app);
  out << bytes;
}

TEST(RecordFileTest, RecordsSurviveReopening) {
  test_support::TempDir dir;
  const auto path = dir.path() / "log";
  {
    RecordFile file(path, [](std::string_view) {});
    file.Append("one");
    file.Append(std::string("two\0with nul", 12));
    file.Append("");
    file.Sync();
  }
  EXPECT_THAT(ReadAll(path),
              ElementsAre("one", std::string("two\0with nul", 12), ""));
}

TEST(RecordFileTest, TornTailIsCutOffAndKeptAside) {
  test_support::TempDir dir;
  const auto path = dir.path() / "log";
  AppendRaw(path, FrameRecord("complete"));
  AppendRaw(path, FrameRecord("torn in the middle").substr(0, 13));
  std::uint64_t dropped = 0;
  {
    RecordFile file(path, [](std::string_view) {});
    dropped = file.recovered_bytes_dropped();
    file.Append("after recovery");
  }
  EXPECT_EQ(dropped, 13u);
  EXPECT_TRUE(std::filesystem::exists(path.string() + ".torn"));
  EXPECT_THAT(ReadAll(path), ElementsAre("complete", "after recovery"));
}

TEST(RecordFileTest, CorruptRecordStopsTheReplay) {
  test_support::TempDir dir;
  const auto path = dir.path() / "log";
  std::string bad = FrameRecord("flipped");
  bad.back() ^= 0x01;
  AppendRaw(path, FrameRecord("good") + bad);
  EXPECT_THAT(ReadAll(path), ElementsAre("good"));
}

TEST(RecordFileTest, ImpossibleLengthIsTreatedAsCorrupt) {
  test_support::TempDir dir;
  const auto path = dir.path() / "log";
  AppendRaw(path, FrameRecord("good") + std::string("\xff\xff\xff\xff\0\0\0\0", 8));
  EXPECT_THAT(ReadAll(path), ElementsAre("good"));
}

TEST(RecordFileTest, RewriteReplacesTheContentAtomically) {
  test_support::TempDir dir;
  const auto path = dir.path() / "log";
  {
    RecordFile file(path, [](std::string_view) {});
    for (int i = 0; i < 100; ++i) file.Append("old " + std::to_string(i));
    file.Rewrite({"kept 1", "kept 2"});
    file.Append("new");
    EXPECT_EQ(file.size_bytes(), std::filesystem::file_size(path));
  }
  EXPECT_THAT(ReadAll(path), ElementsAre("kept 1", "kept 2", "new"));
  EXPECT_FALSE(std::filesystem::exists(path.string() + ".compact"));
}

TEST(RecordFileTest, UnwritableDirectoryIsAnError) {
  EXPECT_THROW(RecordFile("/proc/no-such-dir/log", [](std::string_view) {}),
               std::system_error);
}

}  // namespace
}  // namespace webhook_receiver::pagerduty
