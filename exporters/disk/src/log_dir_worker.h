#pragma once
// Runs the walk of one log directory on its own thread, so that a stuck mount
// holds up only that thread: scrapes keep answering from the last snapshot.
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "file_system.h"
#include "log_dir_snapshot.h"

namespace kafka_disk {

struct WalkOptions {
  /// Every cycle re-lists everything at least this often.
  std::chrono::milliseconds full_interval{std::chrono::hours(1)};
  /// A cycle running longer than this stops between directories.
  std::chrono::milliseconds timeout{std::chrono::minutes(5)};
  std::chrono::milliseconds growth_window{std::chrono::hours(6)};
  std::chrono::milliseconds growth_bucket{std::chrono::minutes(15)};
};

class LogDirWorker {
 public:
  LogDirWorker(std::string log_dir, std::shared_ptr<FileSystem> fs,
               WalkOptions options);
  /// Stops the thread; one blocked in a system call is left behind
  /// (detached) after a short wait rather than holding up shutdown.
  ~LogDirWorker();
  LogDirWorker(const LogDirWorker&) = delete;
  LogDirWorker& operator=(const LogDirWorker&) = delete;

  /// Starts a cycle unless one is still running; false if one was (the
  /// caller then knows the values are stale without waiting).
  bool Trigger();
  /// Waits until no cycle is running; false if `deadline` came first.
  bool WaitIdle(std::chrono::steady_clock::time_point deadline);
  /// The last published snapshot; null before the first cycle ends.
  std::shared_ptr<const LogDirSnapshot> Latest() const;
  /// Number of cycles that ended (for tests and benchmarks).
  std::uint64_t CyclesDone() const;
  const std::string& log_dir() const { return log_dir_; }

 private:
  struct Shared;
  static void Run(std::shared_ptr<Shared> shared);
  std::string log_dir_;
  std::shared_ptr<Shared> shared_;
  std::thread thread_;
};

}  // namespace kafka_disk
