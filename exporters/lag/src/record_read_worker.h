#pragma once
// Reads record timestamps on a thread of its own, so that a backlog larger
// than one cycle can absorb (a first start on a big cluster) is worked off
// between cycles instead of stretching every cycle by the read budget.
// The collector submits what it is missing each cycle, waits for the
// answers only when they are cheap to wait for, and picks up the rest in
// later cycles.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include "record_timestamp_reader.h"

namespace lag_exporter {

class RecordReadWorker {
 public:
  struct Result {
    RecordRequest request;
    std::optional<int64_t> timestamp_ms;  ///< nothing: could not be read
  };

  explicit RecordReadWorker(std::unique_ptr<RecordTimestampReader> reader);
  /// Stops the reads in progress and joins the thread.
  ~RecordReadWorker();
  RecordReadWorker(const RecordReadWorker&) = delete;
  RecordReadWorker& operator=(const RecordReadWorker&) = delete;

  /// Replaces the queue with `requests`, in order, leaving out those being
  /// read right now. What the last submission still had queued is dropped:
  /// it is the caller's current view of what is missing.
  void Submit(std::vector<RecordRequest> requests);
  /// Waits until nothing is queued or being read, or until `deadline`.
  /// True if idle.
  bool WaitIdle(std::chrono::steady_clock::time_point deadline);
  /// Waits until a round ends (the one being read, else the next one), the
  /// worker is idle, or `deadline`. True unless the deadline came first.
  bool WaitRound(std::chrono::steady_clock::time_point deadline);
  /// Answers since the last call, read or not.
  std::vector<Result> TakeResults();
  /// Consumer poll rounds since the last call (the Fetch request count).
  int64_t TakePolls();
  /// Requests queued or being read.
  std::size_t queued() const;

 private:
  void Run();
  /// Moves the next round off the queue: up to kRoundSize requests, one per
  /// partition. Called with mutex_ held.
  std::vector<RecordRequest> TakeRound();

  std::unique_ptr<RecordTimestampReader> reader_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<RecordRequest> queue_;
  std::unordered_set<std::string> in_flight_;  // topic\0partition\0offset
  std::vector<Result> results_;
  int64_t polls_ = 0;
  uint64_t rounds_done_ = 0;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace lag_exporter
