#pragma once
// A thread whose body sleeps through SleepUntil() and ends promptly when
// the owner is destroyed.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace mock_cluster {

class StoppableThread {
 public:
  using Clock = std::chrono::steady_clock;

  /// Starts `body`; it should return once SleepUntil() returns false.
  explicit StoppableThread(std::function<void(StoppableThread&)> body)
      : thread_([this, body = std::move(body)] { body(*this); }) {}
  ~StoppableThread() {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }
  StoppableThread(const StoppableThread&) = delete;
  StoppableThread& operator=(const StoppableThread&) = delete;

  /// Sleeps until `deadline`; false if the thread is being stopped.
  bool SleepUntil(Clock::time_point deadline) {
    std::unique_lock lock(mutex_);
    return !wake_.wait_until(lock, deadline, [this] { return stop_; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;  // last: starts after the members above exist
};

}  // namespace mock_cluster
