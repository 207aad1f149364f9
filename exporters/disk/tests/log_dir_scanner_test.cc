// The walker on real fixture trees: exact sizes, the odd directory kinds,
// what a warm cycle touches, byte counters, and every fault the issue lists.
#include "log_dir_scanner.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <map>

#include "fake_file_system.h"
#include "log_dir_fixture.h"
#include "test_support/test_support.h"

namespace kafka_disk {
namespace {

namespace fs = std::filesystem;
using testing::FakeFileSystem;
using testing::MakePartition;
using testing::PartitionSpec;
using testing::SegmentStem;
using ::testing::SizeIs;

std::uint64_t Errors(const LogDirSnapshot& snapshot, WalkError error) {
  return snapshot.errors_total[static_cast<int>(error)];
}

const KindUsage& Kind(const LogDirSnapshot& snapshot, DirKind kind) {
  return snapshot.kinds[static_cast<int>(kind)];
}

const PartitionUsage* Find(const LogDirSnapshot& snapshot,
                           const std::string& topic, const std::string& p) {
  for (const auto& usage : snapshot.partitions) {
    if (usage.topic == topic && usage.partition == p) return &usage;
  }
  return nullptr;
}

class ScannerTest : public ::testing::Test {
 protected:
  ScannerTest() : log_dir_(temp_.path() / "kafka-logs") {
    testing::MakeRootFiles(log_dir_);
  }

  LogDirSnapshot Run(LogDirScanner& scanner, bool full = false) {
    LogDirSnapshot snapshot;
    EXPECT_TRUE(scanner.Cycle(full, nullptr, snapshot));
    return snapshot;
  }

  void Settle() { testing::SetAgeSeconds(log_dir_, 60); }

  test_support::TempDir temp_;
  fs::path log_dir_;
  PartitionSpec spec_;
};

TEST_F(ScannerTest, FirstWalkFindsEveryPartitionWithExactSizes) {
  // 300 partitions over three topics, with names that look alike.
  for (int p = 0; p < 100; ++p) {
    for (const char* topic : {"orders", "orders-v2", "__consumer_offsets"}) {
      MakePartition(log_dir_, std::string(topic) + "-" + std::to_string(p),
                    spec_);
    }
  }
  Settle();
  LogDirScanner scanner(log_dir_.string(), MakePosixFileSystem());
  const LogDirSnapshot snapshot = Run(scanner);

  ASSERT_TRUE(snapshot.walk_ok);
  ASSERT_THAT(snapshot.partitions, SizeIs(300));
  const PartitionUsage* usage = Find(snapshot, "orders-v2", "17");
  ASSERT_NE(usage, nullptr);
  EXPECT_EQ(usage->size_bytes, testing::PartitionApparentBytes(spec_));
  EXPECT_EQ(usage->allocated_bytes, testing::PartitionAllocatedBytes(spec_));
  EXPECT_EQ(usage->segments, 3u);
  EXPECT_EQ(usage->active_segment_bytes, spec_.active_bytes);
  // The oldest segment was dated three hours back.
  const double age = static_cast<double>(std::time(nullptr)) -
                     static_cast<double>(usage->oldest_segment_mtime_ns) / 1e9;
  EXPECT_NEAR(age, 3 * 3600, 5);
  // Sorted by topic, then numerically by partition.
  EXPECT_EQ(snapshot.partitions[0].topic, "__consumer_offsets");
  EXPECT_EQ(snapshot.partitions[2].partition, "2");
  EXPECT_EQ(snapshot.partitions[10].partition, "10");

  const KindUsage& live = Kind(snapshot, DirKind::kLive);
  EXPECT_EQ(live.directories, 300u);
  EXPECT_EQ(live.allocated_bytes,
            300 * testing::PartitionAllocatedBytes(spec_));
  // meta.properties (37 bytes), four 4-byte checkpoints, an empty .lock.
  EXPECT_EQ(Kind(snapshot, DirKind::kRoot).size_bytes, 37u + 4 * 4);
  EXPECT_EQ(Kind(snapshot, DirKind::kRoot).allocated_bytes, 5u * 4096);
  EXPECT_EQ(snapshot.written_bytes_total, 0u) << "the first walk is a baseline";
}

TEST_F(ScannerTest, CountsDeleteFutureStrayAndOtherDirectoriesApart) {
  MakePartition(log_dir_, "payments-0", spec_);
  MakePartition(log_dir_, "payments-1.0a1b2c3d4e5f60718293a4b5c6d7e8f9-delete",
                spec_);
  MakePartition(log_dir_, "payments-2.0a1b2c3d4e5f60718293a4b5c6d7e8f9-future",
                spec_);
  MakePartition(log_dir_, "payments-3-future", spec_);
  MakePartition(log_dir_, "payments-4.0a1b2c3d4e5f60718293a4b5c6d7e8f9-stray",
                spec_);
  fs::create_directories(log_dir_ / "lost+found");
  testing::WriteSparseFile(log_dir_ / "lost+found" / "#1234", 8192, 8192);
  Settle();

  LogDirScanner scanner(log_dir_.string(), MakePosixFileSystem());
  const LogDirSnapshot snapshot = Run(scanner);
  const auto allocated = testing::PartitionAllocatedBytes(spec_);
  ASSERT_THAT(snapshot.partitions, SizeIs(1));
  EXPECT_EQ(Kind(snapshot, DirKind::kDelete).directories, 1u);
  EXPECT_EQ(Kind(snapshot, DirKind::kDelete).allocated_bytes, allocated);
  EXPECT_EQ(Kind(snapshot, DirKind::kFuture).directories, 2u);
  EXPECT_EQ(Kind(snapshot, DirKind::kFuture).allocated_bytes, 2 * allocated);
  EXPECT_EQ(Kind(snapshot, DirKind::kStray).directories, 1u);
  EXPECT_EQ(Kind(snapshot, DirKind::kOther).directories, 1u);
  EXPECT_EQ(Kind(snapshot, DirKind::kOther).size_bytes, 8192u);
}

TEST_F(ScannerTest, WarmCycleStatsOnlyDirectoriesAndActiveSegments) {
  for (int p = 0; p < 200; ++p)
    MakePartition(log_dir_, "t-" + std::to_string(p), spec_);
  Settle();
  LogDirScanner scanner(log_dir_.string(), MakePosixFileSystem());
  const LogDirSnapshot first = Run(scanner);
  EXPECT_EQ(first.directories_listed, 201u);

  const LogDirSnapshot warm = Run(scanner);
  EXPECT_FALSE(warm.full_walk);
  EXPECT_EQ(warm.directories_listed, 0u);
  // One stat per partition directory and one per active .log.
  EXPECT_EQ(warm.files_stated, 400u);
  EXPECT_EQ(warm.partitions, first.partitions);

  // An append to an active segment shows up exactly, in size and counters.
  const fs::path active = log_dir_ / "t-7" / (SegmentStem(2000) + ".log");
  testing::AppendBytes(active, 8192);
  const LogDirSnapshot grown = Run(scanner);
  const PartitionUsage* usage = Find(grown, "t", "7");
  ASSERT_NE(usage, nullptr);
  EXPECT_EQ(usage->active_segment_bytes, spec_.active_bytes + 8192);
  EXPECT_EQ(usage->size_bytes, testing::PartitionApparentBytes(spec_) + 8192);
  EXPECT_EQ(grown.written_bytes_total, 8192u);
  EXPECT_EQ(grown.deleted_bytes_total, 0u);
  EXPECT_EQ(grown.directories_listed, 0u);

  const LogDirSnapshot full = Run(scanner, /*full=*/true);
  EXPECT_TRUE(full.full_walk);
  EXPECT_EQ(full.directories_listed, 201u);
  EXPECT_EQ(full.partitions, grown.partitions);
}

TEST_F(ScannerTest, SegmentRollAndRetentionMoveTheCounters) {
  MakePartition(log_dir_, "t-0", spec_);
  Settle();
  LogDirScanner scanner(log_dir_.string(), MakePosixFileSystem());
  Run(scanner);

  const fs::path dir = log_dir_ / "t-0";
  // Retention: the oldest segment is renamed to .deleted (not a deletion
  // yet), then removed.
  for (const char* ext : {".log", ".index", ".timeindex"}) {
    fs::rename(dir / (SegmentStem(0) + ext),
               dir / (SegmentStem(0) + ext + ".deleted"));
  }
  LogDirSnapshot snapshot = Run(scanner);
  EXPECT_EQ(snapshot.written_bytes_total, 0u);
  EXPECT_EQ(snapshot.deleted_bytes_total, 0u);
  EXPECT_EQ(snapshot.partitions[0].segments, 2u);

  for (const char* ext : {".log", ".index", ".timeindex"}) {
    fs::remove(dir / (SegmentStem(0) + ext + ".deleted"));
  }
  // A roll: a new active segment with preallocated (sparse) indexes.
  testing::WriteSparseFile(dir / (SegmentStem(3000) + ".log"), 4096, 4096);
  testing::WriteSparseFile(dir / (SegmentStem(3000) + ".index"),
                           testing::kIndexPreallocBytes, 0);
  snapshot = Run(scanner);
  EXPECT_EQ(snapshot.deleted_bytes_total, spec_.segment_bytes + 2 * 4096);
  EXPECT_EQ(snapshot.written_bytes_total, 4096u);
  EXPECT_EQ(snapshot.partitions[0].segments, 3u);
  EXPECT_EQ(snapshot.partitions[0].active_segment_bytes, 4096u);

  // A partition deleted as a whole counts all its bytes.
  fs::remove_all(dir);
  snapshot = Run(scanner);
  EXPECT_THAT(snapshot.partitions, SizeIs(0));
  EXPECT_EQ(snapshot.deleted_bytes_total,
            testing::PartitionAllocatedBytes(spec_) + 4096);
}

TEST_F(ScannerTest, DirectoryRemovedMidWalkIsCountedAndDropped) {
  MakePartition(log_dir_, "t-0", spec_);
  MakePartition(log_dir_, "t-1", spec_);
  MakePartition(log_dir_, "t-2", spec_);
  Settle();
  auto fake = std::make_shared<FakeFileSystem>();
  // Removed after the log dir was listed, before the walker reaches it.
  const std::string t1 = (log_dir_ / "t-1").string();
  fake->BeforeFirstCall(t1, [&] { fs::remove_all(t1); });
  // Removed while its files are being stat'ed.
  const std::string t2_file =
      (log_dir_ / "t-2" / "partition.metadata").string();
  fake->BeforeFirstCall(t2_file, [&] { fs::remove_all(log_dir_ / "t-2"); });

  LogDirScanner scanner(log_dir_.string(), fake);
  LogDirSnapshot snapshot = Run(scanner);
  EXPECT_TRUE(snapshot.walk_ok);
  EXPECT_GE(Errors(snapshot, WalkError::kNotFound), 2u);
  EXPECT_NE(Find(snapshot, "t", "0"), nullptr);
  EXPECT_EQ(Find(snapshot, "t", "1"), nullptr);

  snapshot = Run(scanner);
  EXPECT_THAT(snapshot.partitions, SizeIs(1));
  EXPECT_EQ(snapshot.partitions[0].allocated_bytes,
            testing::PartitionAllocatedBytes(spec_));
}

TEST_F(ScannerTest, SymlinkLoopsAreErrorsNotHangs) {
  MakePartition(log_dir_, "t-0", spec_);
  fs::create_symlink(".", log_dir_ / "loop-0");       // back to the root
  fs::create_symlink("self-0", log_dir_ / "self-0");  // ELOOP
  // A partition relocated to another disk with a symlink is followed.
  MakePartition(temp_.path() / "other-disk", "moved-0", spec_);
  fs::create_symlink(temp_.path() / "other-disk" / "moved-0",
                     log_dir_ / "moved-0");
  Settle();
  LogDirScanner scanner(log_dir_.string(), MakePosixFileSystem());
  const LogDirSnapshot snapshot = Run(scanner);
  EXPECT_TRUE(snapshot.walk_ok);
  EXPECT_EQ(Errors(snapshot, WalkError::kSymlinkLoop), 2u);
  EXPECT_THAT(snapshot.partitions, SizeIs(2));
  EXPECT_NE(Find(snapshot, "moved", "0"), nullptr);
}

TEST_F(ScannerTest, MissingLogDirIsAnErrorAndKeepsNothingInvented) {
  LogDirScanner scanner((temp_.path() / "absent").string(),
                        MakePosixFileSystem());
  const LogDirSnapshot snapshot = Run(scanner);
  EXPECT_FALSE(snapshot.walk_ok);
  EXPECT_FALSE(snapshot.fs.has_value());
  EXPECT_GE(Errors(snapshot, WalkError::kNotFound), 1u);
  EXPECT_THAT(snapshot.partitions, SizeIs(0));
}

TEST_F(ScannerTest, FailingLogDirKeepsLastGoodPartitions) {
  MakePartition(log_dir_, "t-0", spec_);
  Settle();
  auto fake = std::make_shared<FakeFileSystem>();
  LogDirScanner scanner(log_dir_.string(), fake);
  Run(scanner);
  fake->FailWith(log_dir_.string(), std::errc::io_error);
  const LogDirSnapshot snapshot = Run(scanner);
  EXPECT_FALSE(snapshot.walk_ok);
  EXPECT_EQ(Errors(snapshot, WalkError::kIoError), 2u);  // statfs and stat
  EXPECT_THAT(snapshot.partitions, SizeIs(1));
}

TEST_F(ScannerTest, StopCheckCutsTheCycleShortAndCountsATimeout) {
  for (int p = 0; p < 10; ++p)
    MakePartition(log_dir_, "t-" + std::to_string(p), spec_);
  Settle();
  LogDirScanner scanner(log_dir_.string(), MakePosixFileSystem());
  int calls = 0;
  LogDirSnapshot snapshot;
  EXPECT_FALSE(scanner.Cycle(
      true, [&] { return ++calls > 3; }, snapshot));
  EXPECT_EQ(scanner.errors_total()[static_cast<int>(WalkError::kTimeout)], 1u);
  EXPECT_FALSE(scanner.HasBaseline());
  snapshot = Run(scanner);
  EXPECT_THAT(snapshot.partitions, SizeIs(10));
}

TEST_F(ScannerTest, PersistentErrorIsCountedEveryCycleButLoggedOnce) {
  MakePartition(log_dir_, "t-0", spec_);
  MakePartition(log_dir_, "t-1", spec_);
  Settle();
  auto fake = std::make_shared<FakeFileSystem>();
  fake->FailWith((log_dir_ / "t-1").string(), std::errc::io_error);
  auto sink = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(64);
  const auto previous = spdlog::default_logger();
  spdlog::set_default_logger(std::make_shared<spdlog::logger>("test", sink));
  LogDirScanner scanner(log_dir_.string(), fake);
  LogDirSnapshot snapshot;
  for (int cycle = 0; cycle < 3; ++cycle) snapshot = Run(scanner);
  spdlog::set_default_logger(previous);

  EXPECT_EQ(Errors(snapshot, WalkError::kIoError), 3u);
  EXPECT_THAT(snapshot.partitions, SizeIs(1));
  int warnings = 0;
  for (const auto& message : sink->last_raw()) {
    warnings += message.level == spdlog::level::warn ? 1 : 0;
  }
  EXPECT_EQ(warnings, 1);
}

// Tests run as root, which reads everything; a forked child that drops to
// "nobody" meets a real permission error on a real mode-000 directory.
TEST_F(ScannerTest, UnreadableDirectoryIsCountedAndTheRestIsWalked) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root to drop privileges";
  MakePartition(log_dir_, "t-0", spec_);
  MakePartition(log_dir_, "t-1", spec_);
  fs::permissions(log_dir_ / "t-1", fs::perms::none);
  for (fs::path p = log_dir_; p != p.root_path(); p = p.parent_path()) {
    fs::permissions(p, fs::perms::others_exec | fs::perms::others_read,
                    fs::perm_options::add);
  }
  Settle();

  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    close(pipe_fds[0]);
    if (setgid(65534) != 0 || setuid(65534) != 0) _exit(3);
    LogDirScanner scanner(log_dir_.string(), MakePosixFileSystem());
    LogDirSnapshot snapshot;
    scanner.Cycle(true, nullptr, snapshot);
    const std::string report =
        std::to_string(snapshot.partitions.size()) + " " +
        std::to_string(Errors(snapshot, WalkError::kPermissionDenied)) + " " +
        std::to_string(snapshot.partitions.empty()
                           ? 0
                           : snapshot.partitions[0].allocated_bytes);
    _exit(write(pipe_fds[1], report.data(), report.size()) > 0 ? 0 : 4);
  }
  close(pipe_fds[1]);
  char buffer[128] = {};
  const ssize_t n = read(pipe_fds[0], buffer, sizeof buffer - 1);
  close(pipe_fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 0);
  ASSERT_GT(n, 0);
  // t-0 walked in full; t-1 could be stat'ed but not listed.
  EXPECT_EQ(std::string(buffer),
            "1 1 " + std::to_string(testing::PartitionAllocatedBytes(spec_)));
}

TEST_F(ScannerTest, ReadOnlyFilesystemIsFlaggedWithItsMountPoint) {
  MakePartition(log_dir_, "t-0", spec_);
  const fs::path mount_point = temp_.path() / "ro";
  fs::create_directories(mount_point);
  if (geteuid() != 0 || mount(log_dir_.c_str(), mount_point.c_str(), nullptr,
                              MS_BIND, nullptr) != 0) {
    GTEST_SKIP() << "cannot bind-mount here: " << std::strerror(errno);
  }
  struct Unmount {
    fs::path path;
    ~Unmount() { umount2(path.c_str(), MNT_DETACH); }
  } unmount{mount_point};
  if (mount(nullptr, mount_point.c_str(), nullptr,
            MS_BIND | MS_REMOUNT | MS_RDONLY, nullptr) != 0) {
    GTEST_SKIP() << "cannot remount read-only: " << std::strerror(errno);
  }
  LogDirScanner scanner(mount_point.string(), MakePosixFileSystem());
  const LogDirSnapshot snapshot = Run(scanner);
  ASSERT_TRUE(snapshot.fs.has_value());
  EXPECT_TRUE(snapshot.fs->readonly);
  ASSERT_TRUE(snapshot.mount.has_value());
  EXPECT_EQ(snapshot.mount->mount_point, fs::canonical(mount_point).string());
  EXPECT_THAT(snapshot.partitions, SizeIs(1));

  LogDirScanner writable(log_dir_.string(), MakePosixFileSystem());
  EXPECT_FALSE(Run(writable).fs->readonly);
}

}  // namespace
}  // namespace kafka_disk
