#pragma once
// The remediation engine. One thread owns every decision: it takes durable
// notifications from the inbox, opens episodes exactly once per (rule,
// fingerprint, startsAt), persists each step before taking it, hands actions
// to the worker pool, verifies, escalates, and enforces cooldowns, the
// concurrency cap and the blast-radius breaker. Everything it decides goes
// to the audit log.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "action.h"
#include "audit_log.h"
#include "episode.h"
#include "escalation.h"
#include "inbox.h"
#include "journal.h"
#include "metrics.h"
#include "rule.h"
#include "worker_pool.h"

namespace webhook_receiver {

using RuleSet = std::vector<Rule>;

struct EngineOptions {
  bool dry_run = false;  ///< global: no rule acts for real
  int concurrency = 4;
  int breaker_max_actions = 20;  ///< more than this many in the window trips
  Millis breaker_window{std::chrono::minutes(10)};
  Millis breaker_open_for{std::chrono::minutes(30)};
  Millis retention{std::chrono::hours(24 * 7)};  ///< final episodes kept
  std::uint64_t compact_bytes = 64ull << 20;
};

struct EngineDeps {
  Journal* journal = nullptr;
  Inbox* inbox = nullptr;
  AuditLog* audit = nullptr;
  ActionRunner* runner = nullptr;
  Escalation* escalation = nullptr;  ///< may be null: escalations are skipped
  ReceiverMetrics* metrics = nullptr;  ///< may be null
};

class Engine {
 public:
  Engine(EngineOptions options, std::shared_ptr<const RuleSet> rules, EngineDeps deps);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  /// Rebuilds state from a journal replay: episodes, the breaker, and
  /// notifications that were acknowledged but not processed. An action that
  /// started but has no result is marked unknown and escalated, never re-run.
  /// Call before Start().
  void Recover(const JournalReplay& replay);
  void Start();
  /// Stops taking work and waits for running actions to finish.
  void Stop();

  /// Swaps the rules (SIGHUP); episodes keep their state.
  void SetRules(std::shared_ptr<const RuleSet> rules);

  /// Episodes, newest first, optionally only those in `state`.
  nlohmann::json EpisodesJson(std::size_t limit, const std::string& state) const;
  nlohmann::json BreakerJson() const;
  /// Waits until the inbox is empty and nothing runs, for tests.
  bool WaitIdle(std::chrono::milliseconds timeout);

 private:
  struct Completion {
    std::string episode_id;
    ActionResult result;
  };
  struct Batch;  // what one loop iteration persists and does afterwards

  void Loop();
  void RunOnce(std::chrono::steady_clock::time_point until);
  void Process(const InboxItem& item, Batch& batch);
  void OnFiring(const Rule& rule, const Notification& n, const Alert& alert, Batch& batch);
  void OnResolved(Episode& episode, const Notification& n, Batch& batch);
  void OnCompletion(Completion& completion, Batch& batch);
  void AfterActions(Episode& episode, Batch& batch);
  void CheckTimers(TimeMs now, Batch& batch);
  void Dispatch(TimeMs now, Batch& batch);
  bool BreakerAllows(TimeMs now, Episode& episode, Batch& batch);
  void Fail(Episode& episode, EpisodeState state, const std::string& reason, Batch& batch);
  void Transition(Episode& episode, EpisodeState state, const std::string& reason,
                  Batch& batch);
  void Trigger(Episode& episode, const std::string& summary, Batch& batch);
  void Persist(Batch& batch);
  void Prune(TimeMs now);
  void MaybeCompact();
  void UpdateGauges();
  std::vector<std::string> SnapshotRecords() const;
  const Rule* FindRule(const std::string& name) const;
  void Audit(const std::string& event, const Episode& episode, nlohmann::json extra = {});

  EngineOptions options_;
  EngineDeps deps_;
  std::unique_ptr<WorkerPool> pool_;

  mutable std::mutex mutex_;  // guards the state below for API readers
  std::shared_ptr<const RuleSet> rules_;
  std::unordered_map<std::string, Episode> episodes_;
  std::map<std::pair<std::string, std::string>, TimeMs> last_action_;  // cooldown
  std::deque<std::pair<TimeMs, std::string>> recent_actions_;  // breaker window
  TimeMs breaker_open_until_ = 0;
  std::string breaker_dedup_key_;
  std::vector<std::string> breaker_targets_;
  int in_flight_ = 0;

  std::mutex completions_mutex_;
  std::vector<Completion> completions_;

  std::thread thread_;
  bool started_ = false;
  std::atomic<bool> stopping_{false};
  TimeMs last_prune_ = 0;
};

}  // namespace webhook_receiver
