#include "collector_runner.h"

#include <spdlog/spdlog.h>

#include <future>

namespace exporter_kit {
namespace {
using Clock = std::chrono::steady_clock;

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

double UnixSeconds(std::chrono::system_clock::time_point t) {
  return std::chrono::duration<double>(t.time_since_epoch()).count();
}
}  // namespace

struct CollectorRunner::Slot {
  std::shared_ptr<Collector> collector;
  std::string name;
  std::thread thread;
  std::promise<void> finished;
  std::shared_future<void> finished_future;

  mutable std::mutex mutex;
  std::shared_ptr<const BodyPart> snapshot = std::make_shared<BodyPart>(std::string());
  bool attempted = false;
  bool last_ok = false;
  double last_duration = 0;
  std::optional<std::chrono::system_clock::time_point> last_success;
  std::optional<Clock::time_point> running_since;
};

CollectorRunner::CollectorRunner(std::vector<std::unique_ptr<Collector>> collectors,
                                 std::chrono::milliseconds interval,
                                 std::chrono::milliseconds timeout)
    : interval_(interval),
      timeout_(timeout),
      stopping_(std::make_shared<std::atomic<bool>>(false)),
      wake_mutex_(std::make_shared<std::mutex>()),
      wake_(std::make_shared<std::condition_variable>()) {
  for (auto& collector : collectors) {
    auto slot = std::make_shared<Slot>();
    slot->name = collector->Name();
    slot->collector = std::move(collector);
    slot->finished_future = slot->finished.get_future().share();
    slots_.push_back(std::move(slot));
  }
}

CollectorRunner::~CollectorRunner() { Stop(std::chrono::milliseconds(500)); }

void CollectorRunner::Start() {
  for (auto& slot : slots_) {
    slot->thread = std::thread([this, slot] { Loop(slot); });
  }
}

void CollectorRunner::Loop(const std::shared_ptr<Slot>& slot) {
  // Everything this thread touches is owned by shared pointers it holds, so
  // a collector stuck past shutdown never reads freed memory.
  auto stopping = stopping_;
  auto wake_mutex = wake_mutex_;
  auto wake = wake_;
  const auto interval = interval_;
  const auto timeout = timeout_;
  while (!stopping->load()) {
    const auto start = Clock::now();
    {
      std::lock_guard lock(slot->mutex);
      slot->running_since = start;
    }
    CollectContext context{start + timeout, stopping.get()};
    MetricWriter writer(slot->collector->PlainTextLimit());
    bool ok = true;
    try {
      slot->collector->Collect(context, writer);
    } catch (const std::exception& e) {
      ok = false;
      spdlog::error("collector {} failed: {}", slot->name, e.what());
    } catch (...) {
      ok = false;
      spdlog::error("collector {} failed: unknown exception", slot->name);
    }
    const auto elapsed = Clock::now() - start;
    const bool late = elapsed > timeout;
    if (late) {
      spdlog::warn("collector {} took {:.3f}s, past its {:.3f}s deadline", slot->name,
                   Seconds(elapsed), Seconds(timeout));
    }
    // Output that arrived late is still complete and newer than what we have.
    // It is compressed here, once, rather than by every scrape.
    auto text = ok ? std::make_shared<const BodyPart>(writer.Finish()) : nullptr;
    {
      std::lock_guard lock(slot->mutex);
      slot->running_since.reset();
      slot->attempted = true;
      slot->last_ok = ok && !late;
      slot->last_duration = Seconds(elapsed);
      if (text) slot->snapshot = std::move(text);
      if (slot->last_ok) slot->last_success = std::chrono::system_clock::now();
    }
    std::unique_lock lock(*wake_mutex);
    wake->wait_until(lock, start + interval, [&] { return stopping->load(); });
  }
  slot->finished.set_value();
}

void CollectorRunner::Stop(std::chrono::milliseconds grace) {
  if (stopping_->exchange(true)) return;
  {
    std::lock_guard lock(*wake_mutex_);
  }
  wake_->notify_all();
  const auto until = Clock::now() + grace;
  for (auto& slot : slots_) {
    if (!slot->thread.joinable()) continue;
    if (slot->finished_future.wait_until(until) == std::future_status::ready) {
      slot->thread.join();
    } else {
      spdlog::warn("collector {} still running at shutdown; not waiting for it", slot->name);
      slot->thread.detach();
    }
  }
}

bool CollectorRunner::AllAttemptedOnce() const {
  const auto now = Clock::now();
  for (const auto& slot : slots_) {
    std::lock_guard lock(slot->mutex);
    const bool overran = slot->running_since && now - *slot->running_since > timeout_;
    if (!slot->attempted && !overran) return false;
  }
  return true;
}

CollectorRunner::Output CollectorRunner::Scrape(const std::string& ns) const {
  struct View {
    bool reported;  // false until the first run ends or overruns
    bool ok;
    double duration;
    std::optional<std::chrono::system_clock::time_point> last_success;
  };
  Output out;
  std::vector<View> views;
  const auto now = Clock::now();
  for (const auto& slot : slots_) {
    std::lock_guard lock(slot->mutex);
    // A run stuck past its deadline counts as failed now, not when it returns.
    const bool overran = slot->running_since && now - *slot->running_since > timeout_;
    const double duration = overran ? Seconds(now - *slot->running_since) : slot->last_duration;
    out.collected.push_back(slot->snapshot);
    views.push_back({slot->attempted || overran, slot->last_ok && !overran, duration,
                     slot->last_success});
  }

  MetricWriter self;
  auto& success = self.Gauge(ns + "_scrape_collector_success",
                             "Whether the collector's last run succeeded within its deadline.");
  auto& duration = self.Gauge(ns + "_scrape_collector_duration_seconds",
                              "Duration of the collector's last run (or of the run in progress, "
                              "once past its deadline).");
  auto& last_success = self.Gauge(ns + "_scrape_collector_last_success_timestamp_seconds",
                                  "Unix time of the collector's last successful run.");
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    if (!views[i].reported) continue;
    const Label label{"collector", slots_[i]->name};
    success.Add({label}, views[i].ok ? 1 : 0);
    duration.Add({label}, views[i].duration);
    if (views[i].last_success) last_success.Add({label}, UnixSeconds(*views[i].last_success));
  }
  out.self_metrics = self.Text();
  return out;
}

}  // namespace exporter_kit
