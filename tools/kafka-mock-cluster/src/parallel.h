#pragma once
// Runs fn(i) for i in [0, n) on up to `workers` threads; rethrows the first
// exception after every thread has stopped (the rest of the work is skipped).
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace mock_cluster {

template <typename Fn>
void ParallelFor(size_t n, size_t workers, const Fn& fn) {
  std::atomic<size_t> next{0};
  std::mutex error_mutex;
  std::exception_ptr error;
  auto work = [&] {
    for (size_t i = next++; i < n; i = next++) {
      try {
        fn(i);
      } catch (...) {
        std::lock_guard lock(error_mutex);
        if (!error) error = std::current_exception();
        next = n;
      }
    }
  };
  std::vector<std::thread> threads;
  for (size_t t = 0; t < std::min(workers, n); ++t) threads.emplace_back(work);
  for (std::thread& thread : threads) thread.join();
  if (error) std::rethrow_exception(error);
}

}  // namespace mock_cluster
