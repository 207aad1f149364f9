#pragma once
// A fixed number of threads running queued jobs: the concurrency cap for
// actions. The engine never queues more jobs than there are threads.
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace webhook_receiver {

class WorkerPool {
 public:
  explicit WorkerPool(int threads);
  /// Finishes the jobs already running and drops queued ones.
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  void Submit(std::function<void()> job);
  int size() const { return static_cast<int>(threads_.size()); }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> jobs_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace webhook_receiver
