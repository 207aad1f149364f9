#include "log_dir_worker.h"

#include <atomic>

#include "growth_estimator.h"
#include "log_dir_scanner.h"

namespace kafka_disk {

using Clock = std::chrono::steady_clock;

struct LogDirWorker::Shared {
  Shared(std::string log_dir, std::shared_ptr<FileSystem> fs,
         WalkOptions walk_options)
      : options(walk_options),
        scanner(std::move(log_dir), std::move(fs)),
        growth(std::chrono::duration<double>(options.growth_window).count(),
               std::chrono::duration<double>(options.growth_bucket).count()) {}

  // Runs one cycle and publishes its snapshot; worker thread only.
  void RunCycle() {
    const auto started = Clock::now();
    const bool full =
        !last_full || started - *last_full >= options.full_interval;
    auto should_stop = [&] {
      return stopping.load() || Clock::now() - started > options.timeout;
    };
    auto snapshot = std::make_shared<LogDirSnapshot>();
    if (!scanner.Cycle(full, should_stop, *snapshot)) {
      // Cut short: keep the last good values, with the timeout counted.
      std::lock_guard lock(mutex);
      if (latest) {
        auto kept = std::make_shared<LogDirSnapshot>(*latest);
        kept->errors_total = scanner.errors_total();
        latest = std::move(kept);
      }
      return;
    }
    if (full && snapshot->walk_ok) last_full = started;
    if (snapshot->fs) {
      const double used = static_cast<double>(snapshot->fs->size_bytes -
                                              snapshot->fs->free_bytes);
      growth.Add(snapshot->cycle_end_unix_seconds, used);
      snapshot->growth = growth.Estimate(
          used + static_cast<double>(snapshot->fs->avail_bytes));
    }
    std::lock_guard lock(mutex);
    latest = std::move(snapshot);
  }

  const WalkOptions options;
  LogDirScanner scanner;
  GrowthEstimator growth;
  std::optional<Clock::time_point> last_full;

  std::atomic<bool> stopping{false};
  mutable std::mutex mutex;
  std::condition_variable changed;
  bool requested = false;
  bool busy = false;
  bool exited = false;
  std::uint64_t cycles = 0;
  std::shared_ptr<const LogDirSnapshot> latest;
};

LogDirWorker::LogDirWorker(std::string log_dir, std::shared_ptr<FileSystem> fs,
                           WalkOptions options)
    : log_dir_(log_dir),
      shared_(
          std::make_shared<Shared>(std::move(log_dir), std::move(fs), options)),
      thread_(&LogDirWorker::Run, shared_) {}

LogDirWorker::~LogDirWorker() {
  shared_->stopping = true;
  std::unique_lock lock(shared_->mutex);
  shared_->changed.notify_all();
  const bool exited = shared_->changed.wait_for(
      lock, std::chrono::seconds(1), [&] { return shared_->exited; });
  lock.unlock();
  // The thread owns a reference to the shared state, so it may outlive us.
  if (exited) {
    thread_.join();
  } else {
    thread_.detach();
  }
}

void LogDirWorker::Run(std::shared_ptr<Shared> shared) {
  std::unique_lock lock(shared->mutex);
  while (true) {
    shared->changed.wait(
        lock, [&] { return shared->requested || shared->stopping.load(); });
    if (shared->stopping) break;
    shared->requested = false;
    shared->busy = true;
    lock.unlock();
    shared->RunCycle();
    lock.lock();
    shared->busy = false;
    ++shared->cycles;
    shared->changed.notify_all();
  }
  shared->exited = true;
  shared->changed.notify_all();
}

bool LogDirWorker::Trigger() {
  std::lock_guard lock(shared_->mutex);
  if (shared_->busy) return false;
  shared_->requested = true;
  shared_->changed.notify_all();
  return true;
}

bool LogDirWorker::WaitIdle(Clock::time_point deadline) {
  std::unique_lock lock(shared_->mutex);
  return shared_->changed.wait_until(
      lock, deadline, [&] { return !shared_->busy && !shared_->requested; });
}

std::shared_ptr<const LogDirSnapshot> LogDirWorker::Latest() const {
  std::lock_guard lock(shared_->mutex);
  return shared_->latest;
}

std::uint64_t LogDirWorker::CyclesDone() const {
  std::lock_guard lock(shared_->mutex);
  return shared_->cycles;
}

}  // namespace kafka_disk
