// The background worker: a hung mount holds up only its own thread, the
// caller's wait ends at its deadline, and the last snapshot stays readable.
#include "log_dir_worker.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "fake_file_system.h"
#include "log_dir_fixture.h"
#include "test_support/test_support.h"

namespace kafka_disk {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

class WorkerTest : public ::testing::Test {
 protected:
  WorkerTest() : log_dir_((temp_.path() / "logs").string()) {
    testing::MakeRootFiles(log_dir_);
    testing::MakePartition(log_dir_, "t-0", {});
    testing::SetAgeSeconds(log_dir_, 60);
  }
  test_support::TempDir temp_;
  std::string log_dir_;
};

TEST_F(WorkerTest, PublishesASnapshotPerCycle) {
  LogDirWorker worker(log_dir_, MakePosixFileSystem(), {});
  EXPECT_EQ(worker.Latest(), nullptr);
  worker.Trigger();
  ASSERT_TRUE(worker.WaitIdle(steady_clock::now() + milliseconds(5000)));
  auto first = worker.Latest();
  ASSERT_NE(first, nullptr);
  EXPECT_TRUE(first->full_walk);
  EXPECT_EQ(first->partitions.size(), 1u);

  worker.Trigger();
  ASSERT_TRUE(worker.WaitIdle(steady_clock::now() + milliseconds(5000)));
  EXPECT_FALSE(worker.Latest()->full_walk);
  EXPECT_EQ(worker.CyclesDone(), 2u);
}

TEST_F(WorkerTest, HungMountDoesNotHoldTheCallerAndKeepsLastValues) {
  auto fake = std::make_shared<testing::FakeFileSystem>();
  auto worker = std::make_unique<LogDirWorker>(log_dir_, fake, WalkOptions{});
  worker->Trigger();
  ASSERT_TRUE(worker->WaitIdle(steady_clock::now() + milliseconds(5000)));
  const auto good = worker->Latest();

  fake->Hang(log_dir_);  // statfs on a dead NFS server never returns
  worker->Trigger();
  const auto started = steady_clock::now();
  EXPECT_FALSE(worker->WaitIdle(started + milliseconds(200)));
  EXPECT_LT(steady_clock::now() - started, milliseconds(1000));
  ASSERT_TRUE(test_support::WaitFor([&] { return fake->SomeoneHangs(); },
                                    milliseconds(5000)));
  EXPECT_EQ(worker->Latest(), good);
  EXPECT_FALSE(worker->Trigger()) << "busy: no cycle queued behind the hang";
  EXPECT_EQ(worker->CyclesDone(), 1u);

  fake->Release();
  ASSERT_TRUE(worker->WaitIdle(steady_clock::now() + milliseconds(5000)));
  EXPECT_EQ(worker->CyclesDone(), 2u);
  EXPECT_NE(worker->Latest(), good);
}

TEST_F(WorkerTest, DestructionDoesNotWaitForAHungCall) {
  auto fake = std::make_shared<testing::FakeFileSystem>();
  fake->Hang(log_dir_);
  auto worker = std::make_unique<LogDirWorker>(log_dir_, fake, WalkOptions{});
  worker->Trigger();
  ASSERT_TRUE(test_support::WaitFor([&] { return fake->SomeoneHangs(); },
                                    milliseconds(5000)));
  const auto started = steady_clock::now();
  worker.reset();
  EXPECT_LT(steady_clock::now() - started, milliseconds(3000));
  fake->Release();  // lets the detached thread finish and exit
}

TEST_F(WorkerTest, WalkTimeoutKeepsTheLastGoodSnapshot) {
  for (int p = 1; p < 20; ++p) {
    testing::MakePartition(log_dir_, "t-" + std::to_string(p), {});
  }
  WalkOptions options;
  options.timeout = milliseconds(0);
  options.full_interval = milliseconds(0);
  LogDirWorker worker(log_dir_, MakePosixFileSystem(), options);
  worker.Trigger();
  ASSERT_TRUE(worker.WaitIdle(steady_clock::now() + milliseconds(5000)));
  // Every cycle overruns a zero timeout: nothing was published.
  EXPECT_EQ(worker.Latest(), nullptr);
  EXPECT_EQ(worker.CyclesDone(), 1u);
}

}  // namespace
}  // namespace kafka_disk
