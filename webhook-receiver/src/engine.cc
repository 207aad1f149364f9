#include "engine.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "journal_records.h"

namespace webhook_receiver {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr auto kTick = std::chrono::milliseconds(100);
constexpr TimeMs kPruneEveryMs = 60'000;

std::string LabelText(const LabelSet& labels) {
  std::string out = "{";
  for (const auto& [name, value] : labels) {
    if (out.size() > 1) out += ", ";
    out += name + "=\"" + value + "\"";
  }
  return out + "}";
}

std::string AlertName(const Episode& e) {
  auto it = e.labels.find("alertname");
  return it == e.labels.end() ? "alert " + e.fingerprint : it->second;
}

std::string Target(const Episode& e) { return e.rule + " " + LabelText(e.labels); }

std::string FirstOf(const LabelSet& labels, std::initializer_list<const char*> names,
                    const std::string& fallback) {
  for (const char* name : names) {
    auto it = labels.find(name);
    if (it != labels.end() && !it->second.empty()) return it->second;
  }
  return fallback;
}

}  // namespace

struct Engine::Batch {
  std::set<std::string> dirty;  // episodes to snapshot into the journal
  bool breaker_dirty = false;
  std::vector<std::uint64_t> done;
  std::vector<std::string> dispatch;  // episodes whose next action starts
  std::vector<std::function<void()>> after;  // escalation calls
};

Engine::Engine(EngineOptions options, std::shared_ptr<const RuleSet> rules,
               EngineDeps deps)
    : options_(options), deps_(deps), rules_(std::move(rules)) {}

Engine::~Engine() { Stop(); }

const Rule* Engine::FindRule(const std::string& name) const {
  for (const Rule& rule : *rules_) {
    if (rule.name == name) return &rule;
  }
  return nullptr;
}

void Engine::Audit(const std::string& event, const Episode& e, json extra) {
  if (deps_.audit == nullptr) return;
  json fields = {{"episode", e.id},
                 {"rule", e.rule},
                 {"fingerprint", e.fingerprint},
                 {"startsAt", e.starts_at},
                 {"alertname", AlertName(e)}};
  if (e.dry_run) fields["dry_run"] = true;
  fields.update(extra);
  deps_.audit->Write(event, std::move(fields));
}

void Engine::SetRules(std::shared_ptr<const RuleSet> rules) {
  std::lock_guard lock(mutex_);
  rules_ = std::move(rules);
  if (deps_.audit) deps_.audit->Write("rules_loaded", {{"rules", rules_->size()}});
}

// ---------------------------------------------------------------- recovery

void Engine::Recover(const JournalReplay& replay) {
  std::map<std::uint64_t, std::pair<Notification, std::string>> unprocessed;
  std::uint64_t max_seq = 0;
  std::size_t bad = 0;
  for (const std::string& record : replay.records) {
    ParsedRecord parsed;
    if (!ParseRecord(record, parsed)) {
      ++bad;
      continue;
    }
    try {
      if (parsed.kind == 'n') {
        max_seq = std::max(max_seq, parsed.seq);
        auto result = ParseNotification(parsed.payload);
        if (auto* n = std::get_if<Notification>(&result)) {
          unprocessed[parsed.seq] = {std::move(*n), record};
        }
      } else if (parsed.kind == 'd') {
        for (std::uint64_t seq : parsed.seqs) unprocessed.erase(seq);
      } else if (parsed.kind == 'e') {
        Episode e = EpisodeFromJson(json::parse(parsed.payload));
        std::string id = e.id;
        episodes_[id] = std::move(e);
      } else if (parsed.kind == 'b') {
        json b = json::parse(parsed.payload);
        breaker_open_until_ = b.at("open_until").get<TimeMs>();
        breaker_dedup_key_ = b.at("dedup_key").get<std::string>();
        breaker_targets_ = b.at("targets").get<std::vector<std::string>>();
      }
    } catch (const json::exception& e) {
      ++bad;
      spdlog::warn("journal: skipping a malformed record: {}", e.what());
    }
  }
  if (bad > 0) spdlog::warn("journal: {} records could not be read", bad);
  deps_.inbox->SeenSeq(max_seq);
  for (auto& [seq, entry] : unprocessed) {
    deps_.inbox->Restore(seq, std::move(entry.first), std::move(entry.second));
  }

  Batch batch;
  TimeMs now = NowMs();
  for (auto& [id, e] : episodes_) {
    for (const ActionRun& run : e.actions) {
      TimeMs& last = last_action_[{e.rule, e.fingerprint}];
      last = std::max(last, run.started_at);
      if (!e.dry_run && now - run.started_at < options_.breaker_window.count()) {
        recent_actions_.emplace_back(run.started_at, Target(e));
      }
    }
    if (e.state != EpisodeState::kActing) continue;
    if (ActionRun* run = e.Running(); run && e.dry_run) {
      // A dry run changes nothing, so running it again is safe, and a page
      // for it after every restart that lands mid-action would be noise.
      run->outcome = ActionOutcome::kUnknown;
      run->finished_at = now;
      run->detail = "the receiver stopped while this dry run ran; it runs again";
      if (deps_.metrics) deps_.metrics->Action(run->type, "unknown");
      Transition(e, EpisodeState::kPending, "dry run resumed after a restart", batch);
    } else if (run) {
      // We cannot know whether it ran: never run it twice, tell a human.
      run->outcome = ActionOutcome::kUnknown;
      run->finished_at = now;
      run->detail = "the receiver stopped while this action ran; it is not re-run";
      if (deps_.metrics) deps_.metrics->Action(run->type, "unknown");
      Fail(e, EpisodeState::kUnknown,
           "action " + run->name + " was interrupted by a restart; outcome unknown",
           batch);
    } else {
      Transition(e, EpisodeState::kPending, "resumed after a restart", batch);
    }
  }
  std::sort(recent_actions_.begin(), recent_actions_.end());
  spdlog::info("journal replayed: {} records, {} episodes, {} notifications to process, {} bytes of torn tail dropped",
               replay.records.size(), episodes_.size(), unprocessed.size(),
               replay.dropped_bytes);
  Persist(batch);
  for (auto& call : batch.after) call();
  // Start from a compact journal: the live state only.
  try {
    deps_.journal->Compact([this] { return SnapshotRecords(); });
  } catch (const JournalError& e) {
    spdlog::error("journal compaction failed: {}", e.what());
  }
  UpdateGauges();
}

// ---------------------------------------------------------------- the loop

void Engine::Start() {
  pool_ = std::make_unique<WorkerPool>(options_.concurrency);
  started_ = true;
  thread_ = std::thread([this] { Loop(); });
}

void Engine::Stop() {
  if (!started_) return;
  started_ = false;
  stopping_ = true;
  deps_.inbox->Wake();
  thread_.join();
  pool_.reset();  // waits for running actions
  RunOnce(Clock::now());  // persists their results and the last notifications
}

void Engine::Loop() {
  while (!stopping_) RunOnce(Clock::now() + kTick);
}

void Engine::RunOnce(Clock::time_point until) {
  std::vector<InboxItem> items = deps_.inbox->Take(until);
  std::vector<Completion> completions;
  {
    std::lock_guard lock(completions_mutex_);
    completions.swap(completions_);
  }
  Batch batch;
  TimeMs now = NowMs();
  {
    std::lock_guard lock(mutex_);
    for (Completion& c : completions) OnCompletion(c, batch);
    for (const InboxItem& item : items) Process(item, batch);
    CheckTimers(now, batch);
    if (!stopping_) Dispatch(now, batch);
  }
  Persist(batch);
  for (auto& call : batch.after) call();
  if (deps_.audit) deps_.audit->Flush();
  if (!batch.dirty.empty()) UpdateGauges();
  if (now - last_prune_ > kPruneEveryMs) {
    last_prune_ = now;
    Prune(now);
  }
  MaybeCompact();
}

void Engine::Persist(Batch& batch) {
  std::vector<std::string> records;
  {
    std::lock_guard lock(mutex_);
    for (const std::string& id : batch.dirty) {
      auto it = episodes_.find(id);
      if (it != episodes_.end()) records.push_back(JsonRecord('e', Dump(ToJson(it->second))));
    }
    if (batch.breaker_dirty) records.push_back(JsonRecord('b', Dump(BreakerJson())));
  }
  if (!batch.done.empty()) records.push_back(DoneRecord(batch.done));
  bool ok = true;
  if (!records.empty()) {
    try {
      deps_.journal->Append(std::move(records));
    } catch (const JournalError& e) {
      ok = false;
      if (deps_.metrics) deps_.metrics->JournalError();
      spdlog::error("journal: cannot persist engine state: {}", e.what());
    }
  }
  if (!ok) {
    // Never start an action whose start is not on disk: back to pending.
    std::lock_guard lock(mutex_);
    for (const std::string& id : batch.dispatch) {
      Episode& e = episodes_.at(id);
      e.actions.pop_back();
      e.state = EpisodeState::kPending;
      e.not_before = NowMs() + 1000;
    }
    batch.dispatch.clear();
    return;
  }
  deps_.inbox->Done(batch.done);
  for (const std::string& id : batch.dispatch) {
    ActionSpec spec;
    ActionContext context;
    {
      std::lock_guard lock(mutex_);
      const Episode& e = episodes_.at(id);
      const Rule* rule = FindRule(e.rule);
      ++in_flight_;
      if (rule == nullptr || e.next_action >= rule->actions.size()) {
        // The rules were reloaded since Dispatch: report instead of running.
        std::lock_guard done(completions_mutex_);
        completions_.push_back({id, {ActionOutcome::kFailure, "the rule changed before the action started", json::object()}});
        continue;
      }
      spec = rule->actions[e.next_action];
      context = {e.rule, e.fingerprint, e.starts_at,
                 ExtractParams(e.labels, rule->params).values, e.dry_run};
    }
    pool_->Submit([this, id, spec = std::move(spec), context = std::move(context)] {
      Completion c{id, deps_.runner->Run(spec, context)};
      {
        std::lock_guard lock(completions_mutex_);
        completions_.push_back(std::move(c));
      }
      deps_.inbox->Wake();
    });
  }
}

// ------------------------------------------------------- notifications

void Engine::Process(const InboxItem& item, Batch& batch) {
  const Notification& n = item.notification;
  batch.done.push_back(item.seq);
  std::size_t firing = 0;
  std::vector<std::string> unmatched;
  for (const Alert& alert : n.alerts) {
    if (alert.Firing()) ++firing;
    bool matched = false;
    for (const Rule& rule : *rules_) {
      if (!rule.Matches(alert.labels)) continue;
      matched = true;
      if (alert.Firing()) {
        OnFiring(rule, n, alert, batch);
        continue;
      }
      auto it = episodes_.find(EpisodeId(rule.name, alert.fingerprint, alert.starts_at));
      if (it != episodes_.end()) {
        OnResolved(it->second, n, batch);
      } else if (deps_.metrics) {
        deps_.metrics->Decision("resolved_without_episode");
      }
    }
    if (!matched) unmatched.push_back(alert.fingerprint);
  }
  if (deps_.metrics) {
    deps_.metrics->Alerts("firing", static_cast<double>(firing));
    deps_.metrics->Alerts("resolved", static_cast<double>(n.alerts.size() - firing));
    if (!unmatched.empty()) {
      deps_.metrics->Decision("no_rule");
    }
  }
  if (deps_.audit) {
    json fields = {{"seq", item.seq},       {"status", n.status},
                   {"alerts", n.alerts.size()}, {"groupKey", n.group_key}};
    if (!unmatched.empty()) {
      unmatched.resize(std::min<std::size_t>(unmatched.size(), 20));
      fields["no_rule_for"] = unmatched;
    }
    deps_.audit->Write("notification", std::move(fields));
  }
}

void Engine::OnFiring(const Rule& rule, const Notification& n, const Alert& alert,
                      Batch& batch) {
  std::string id = EpisodeId(rule.name, alert.fingerprint, alert.starts_at);
  if (auto it = episodes_.find(id); it != episodes_.end()) {
    if (deps_.metrics) deps_.metrics->Decision("duplicate");
    Audit("duplicate", it->second, {{"state", EpisodeStateName(it->second.state)}});
    return;
  }
  TimeMs now = NowMs();
  Episode e;
  e.id = id;
  e.rule = rule.name;
  e.fingerprint = alert.fingerprint;
  e.starts_at = alert.starts_at;
  e.labels = alert.labels;
  e.annotations = alert.annotations;
  e.generator_url = alert.generator_url;
  e.group_key = n.group_key;
  e.external_url = n.external_url;
  e.dry_run = options_.dry_run || !rule.enforce;
  e.attempt = 1;
  e.created_at = e.updated_at = now;
  Episode& episode = episodes_.emplace(id, std::move(e)).first->second;
  batch.dirty.insert(id);

  if (rule.cooldown.count() > 0) {
    auto last = last_action_.find({rule.name, alert.fingerprint});
    if (last != last_action_.end() && now - last->second < rule.cooldown.count()) {
      if (deps_.metrics) deps_.metrics->Decision("cooldown");
      Transition(episode, EpisodeState::kSkipped,
                 "cooldown: the last action for this alert started at " +
                     FormatTime(last->second),
                 batch);
      return;
    }
  }
  if (deps_.metrics) deps_.metrics->Decision("opened");
  Audit("episode_opened", episode, {{"labels", episode.labels}});
  ParamCheck params = ExtractParams(alert.labels, rule.params);
  if (!params.error.empty()) {
    Fail(episode, EpisodeState::kFailed, "cannot fill the action parameters: " + params.error,
         batch);
    return;
  }
  if (rule.actions.empty()) {
    Transition(episode, EpisodeState::kEscalated, "page-only rule", batch);
    Trigger(episode, "Firing: " + AlertName(episode) + " " + LabelText(episode.labels),
            batch);
  } else if (rule.escalate && rule.escalate->immediately) {
    Trigger(episode, "Firing, remediation starting: " + AlertName(episode), batch);
  }
}

void Engine::OnResolved(Episode& e, const Notification& n, Batch& batch) {
  if (e.alert_resolved) {
    if (deps_.metrics) deps_.metrics->Decision("duplicate");
    return;
  }
  e.alert_resolved = true;
  e.updated_at = NowMs();
  batch.dirty.insert(e.id);
  Audit("alert_resolved", e, {{"state", EpisodeStateName(e.state)}});
  switch (e.state) {
    case EpisodeState::kPending:
      Transition(e, EpisodeState::kCancelled,
                 e.actions.empty() ? "alert resolved before any action"
                                   : "alert resolved while waiting to retry",
                 batch);
      break;
    case EpisodeState::kVerifying:
      Transition(e, EpisodeState::kSucceeded, "alert resolved within the grace period",
                 batch);
      break;
    case EpisodeState::kEscalated:
      Transition(e, EpisodeState::kResolved, "alert resolved", batch);
      break;
    default:
      break;  // acting: decided when the action finishes
  }
  const Rule* rule = FindRule(e.rule);
  bool per_group = rule && rule->escalate && rule->escalate->per_group;
  if (!e.escalated || deps_.escalation == nullptr) return;
  if (per_group && n.status != "resolved") return;  // others in the group fire
  std::string target = e.escalation_target;
  std::string key = e.dedup_key;
  Audit("escalation_resolve", e, {{"target", target}, {"dedup_key", key}});
  batch.after.push_back([this, target, key] {
    try {
      deps_.escalation->Resolve(target, key);
      if (deps_.metrics) deps_.metrics->Escalation("resolve", "ok");
    } catch (const std::exception& ex) {
      if (deps_.metrics) deps_.metrics->Escalation("resolve", "error");
      spdlog::error("escalation resolve {} failed: {}", key, ex.what());
    }
  });
}

// ------------------------------------------------------------- actions

void Engine::Dispatch(TimeMs now, Batch& batch) {
  std::vector<Episode*> ready;
  for (auto& [id, e] : episodes_) {
    if (e.state == EpisodeState::kPending && e.not_before <= now) ready.push_back(&e);
  }
  std::sort(ready.begin(), ready.end(), [](const Episode* a, const Episode* b) {
    return a->created_at < b->created_at;
  });
  for (Episode* e : ready) {
    if (in_flight_ + static_cast<int>(batch.dispatch.size()) >= options_.concurrency) break;
    const Rule* rule = FindRule(e->rule);
    if (rule == nullptr || e->next_action >= rule->actions.size()) {
      Transition(*e, EpisodeState::kCancelled, "its rule was removed or changed", batch);
      continue;
    }
    ParamCheck params = ExtractParams(e->labels, rule->params);
    if (!params.error.empty()) {
      Fail(*e, EpisodeState::kFailed, "cannot fill the action parameters: " + params.error,
           batch);
      continue;
    }
    if (!e->dry_run && !BreakerAllows(now, *e, batch)) continue;
    const ActionSpec& spec = rule->actions[e->next_action];
    ActionRun run;
    run.name = spec.name;
    run.type = ActionTypeName(spec.type);
    run.attempt = e->attempt;
    run.started_at = now;
    e->actions.push_back(std::move(run));
    last_action_[{e->rule, e->fingerprint}] = now;
    if (!e->dry_run) recent_actions_.emplace_back(now, Target(*e));
    Transition(*e, EpisodeState::kActing, "running " + spec.name, batch);
    batch.dispatch.push_back(e->id);
  }
}

bool Engine::BreakerAllows(TimeMs now, Episode& e, Batch& batch) {
  while (!recent_actions_.empty() &&
         recent_actions_.front().first <= now - options_.breaker_window.count()) {
    recent_actions_.pop_front();
  }
  bool open = now < breaker_open_until_;
  if (!open && static_cast<int>(recent_actions_.size()) < options_.breaker_max_actions) {
    return true;
  }
  if (!open) {
    breaker_open_until_ = now + options_.breaker_open_for.count();
    breaker_dedup_key_ = "kwr:breaker:" + std::to_string(now);
    breaker_targets_.clear();
    for (const auto& [at, target] : recent_actions_) breaker_targets_.push_back(target);
    if (deps_.metrics) deps_.metrics->BreakerTripped();
    if (deps_.audit) {
      deps_.audit->Write("breaker_tripped", {{"actions_in_window", recent_actions_.size()},
                                             {"open_until", FormatTime(breaker_open_until_)},
                                             {"targets", breaker_targets_}});
    }
    spdlog::error("blast-radius breaker tripped: {} actions in {} ms; all actions stop until {}",
                  recent_actions_.size(), options_.breaker_window.count(),
                  FormatTime(breaker_open_until_));
  }
  breaker_targets_.push_back("blocked: " + Target(e));
  batch.breaker_dirty = true;
  Transition(e, EpisodeState::kFailed, "blocked: the blast-radius breaker is open", batch);
  // One page for the breaker, updated with each blocked target.
  const Rule* rule = FindRule(e.rule);
  if (deps_.escalation == nullptr || rule == nullptr || !rule->escalate) return false;
  EscalationEvent event;
  event.target = rule->escalate->target;
  event.dedup_key = breaker_dedup_key_;
  event.summary = "kafka-webhook-receiver stopped all remediation: more than " +
                  std::to_string(options_.breaker_max_actions) + " actions within " +
                  std::to_string(options_.breaker_window.count() / 1000) + " s";
  event.source = "kafka-webhook-receiver";
  event.severity = "critical";
  event.component = "kafka-webhook-receiver";
  event.event_class = "blast_radius_breaker";
  event.timestamp = std::chrono::system_clock::now();
  event.custom_details = {{"targets", breaker_targets_},
                          {"open_until", FormatTime(breaker_open_until_)}};
  batch.after.push_back([this, event] {
    try {
      deps_.escalation->Trigger(event);
      if (deps_.metrics) deps_.metrics->Escalation("trigger", "ok");
    } catch (const std::exception& ex) {
      if (deps_.metrics) deps_.metrics->Escalation("trigger", "error");
      spdlog::error("breaker escalation failed: {}", ex.what());
    }
  });
  return false;
}

void Engine::OnCompletion(Completion& c, Batch& batch) {
  --in_flight_;
  auto it = episodes_.find(c.episode_id);
  if (it == episodes_.end()) return;
  Episode& e = it->second;
  ActionRun* run = e.Running();
  if (run == nullptr) return;
  TimeMs now = NowMs();
  run->outcome = c.result.outcome;
  run->finished_at = now;
  run->detail = c.result.detail;
  run->record = std::move(c.result.record);
  if (deps_.metrics) deps_.metrics->Action(run->type, ActionOutcomeName(*run->outcome));
  Audit("action_finished", e, {{"action", run->name},
                               {"outcome", ActionOutcomeName(*run->outcome)},
                               {"detail", run->detail},
                               {"attempt", run->attempt},
                               {"record", run->record}});
  const Rule* rule = FindRule(e.rule);
  if (!e.dry_run && rule && rule->escalate && deps_.escalation) {
    ChangeRecord change;
    change.target = rule->escalate->target;
    change.summary = "kafka-webhook-receiver ran " + run->name + " for " + AlertName(e) +
                     ": " + run->detail;
    change.source = FirstOf(e.labels, {"instance", "broker", "cluster"}, "kafka");
    change.timestamp = std::chrono::system_clock::now();
    change.custom_details = {{"episode", e.id}, {"labels", e.labels},
                             {"outcome", ActionOutcomeName(*run->outcome)}};
    batch.after.push_back([this, change] {
      try {
        deps_.escalation->RecordChange(change);
      } catch (const std::exception& ex) {
        spdlog::warn("change event failed: {}", ex.what());
      }
    });
  }
  if (c.result.Succeeded()) {
    ++e.next_action;
    if (rule && e.next_action < rule->actions.size()) {
      Transition(e, EpisodeState::kPending, "next action", batch);
    } else {
      AfterActions(e, batch);
    }
    return;
  }
  std::string what = "action " + run->name + " " + ActionOutcomeName(*run->outcome) +
                     ": " + run->detail;
  if (rule && e.attempt < rule->max_attempts && !e.alert_resolved) {
    TimeMs backoff = rule->backoff.count() << std::min(e.attempt - 1, 20);
    ++e.attempt;
    e.next_action = 0;
    e.not_before = now + backoff;
    Transition(e, EpisodeState::kPending,
               what + "; attempt " + std::to_string(e.attempt) + " at " +
                   FormatTime(e.not_before),
               batch);
    return;
  }
  Fail(e, EpisodeState::kFailed, what, batch);
}

void Engine::AfterActions(Episode& e, Batch& batch) {
  const Rule* rule = FindRule(e.rule);
  if (e.alert_resolved) {
    Transition(e, EpisodeState::kSucceeded, "actions done; the alert has resolved", batch);
  } else if (rule == nullptr || rule->verify_grace.count() == 0) {
    Transition(e, EpisodeState::kSucceeded, "actions done; no verification configured",
               batch);
  } else {
    e.verify_deadline = NowMs() + rule->verify_grace.count();
    Transition(e, EpisodeState::kVerifying,
               "waiting until " + FormatTime(e.verify_deadline) + " for the alert to resolve",
               batch);
  }
}

void Engine::CheckTimers(TimeMs now, Batch& batch) {
  for (auto& [id, e] : episodes_) {
    if (e.state == EpisodeState::kVerifying && now >= e.verify_deadline) {
      Fail(e, EpisodeState::kFailed,
           "the alert is still firing after the verification grace period", batch);
    }
  }
  if (breaker_open_until_ != 0 && now >= breaker_open_until_) {
    breaker_open_until_ = 0;
    recent_actions_.clear();
    batch.breaker_dirty = true;
    if (deps_.audit) deps_.audit->Write("breaker_closed", {{"targets", breaker_targets_}});
    spdlog::warn("blast-radius breaker closed; actions may run again");
  }
  if (deps_.metrics) deps_.metrics->SetBreakerOpen(now < breaker_open_until_);
}

// ------------------------------------------------------------ escalation

void Engine::Transition(Episode& e, EpisodeState state, const std::string& reason,
                        Batch& batch) {
  e.state = state;
  e.reason = reason;
  e.updated_at = NowMs();
  batch.dirty.insert(e.id);
  Audit(std::string("episode_") + EpisodeStateName(state), e, {{"reason", reason}});
}

void Engine::Fail(Episode& e, EpisodeState state, const std::string& reason, Batch& batch) {
  Transition(e, state, reason, batch);
  Trigger(e, "Remediation failed: " + AlertName(e) + " (" + e.rule + "): " + reason, batch);
}

void Engine::Trigger(Episode& e, const std::string& summary, Batch& batch) {
  const Rule* rule = FindRule(e.rule);
  if (rule == nullptr || !rule->escalate) return;
  if (deps_.escalation == nullptr) {
    Audit("escalation_skipped", e, {{"reason", "no escalation configured"}});
    return;
  }
  const EscalationSpec& spec = *rule->escalate;
  e.escalated = true;
  e.escalation_target = spec.target;
  e.dedup_key = spec.per_group ? "kwr:g:" + Sha256Hex(e.group_key) : "kwr:e:" + e.id;
  batch.dirty.insert(e.id);
  EscalationEvent event;
  event.target = spec.target;
  event.dedup_key = e.dedup_key;
  event.summary = summary;
  event.source = FirstOf(e.labels, {"instance", "broker", "cluster"}, "kafka");
  event.severity = spec.severity;
  event.component = FirstOf(e.labels, {"component", "job"}, "kafka");
  event.group = FirstOf(e.labels, {"cluster"}, "");
  event.event_class = AlertName(e);
  event.timestamp = std::chrono::system_clock::now();
  json tried = json::array();
  for (const ActionRun& run : e.actions) {
    tried.push_back({{"action", run.name}, {"attempt", run.attempt},
                     {"outcome", run.outcome ? ActionOutcomeName(*run.outcome) : "running"},
                     {"detail", run.detail}});
  }
  event.custom_details = {{"rule", e.rule},          {"episode", e.id},
                          {"fingerprint", e.fingerprint}, {"startsAt", e.starts_at},
                          {"state", EpisodeStateName(e.state)}, {"reason", e.reason},
                          {"dry_run", e.dry_run},      {"actions", tried},
                          {"labels", e.labels},        {"annotations", e.annotations}};
  if (auto it = e.annotations.find("runbook_url"); it != e.annotations.end()) {
    event.links.push_back({it->second, "Runbook"});
  }
  if (!e.generator_url.empty()) event.links.push_back({e.generator_url, "Expression"});
  Audit("escalation_trigger", e, {{"target", spec.target}, {"dedup_key", e.dedup_key},
                                  {"summary", summary}});
  batch.after.push_back([this, event] {
    try {
      deps_.escalation->Trigger(event);
      if (deps_.metrics) deps_.metrics->Escalation("trigger", "ok");
    } catch (const std::exception& ex) {
      if (deps_.metrics) deps_.metrics->Escalation("trigger", "error");
      spdlog::error("escalation trigger {} failed: {}", event.dedup_key, ex.what());
    }
  });
}

// ------------------------------------------------------------- upkeep

void Engine::Prune(TimeMs now) {
  std::lock_guard lock(mutex_);
  std::erase_if(episodes_, [&](const auto& entry) {
    const Episode& e = entry.second;
    return IsFinal(e.state) && now - e.updated_at > options_.retention.count();
  });
}

void Engine::MaybeCompact() {
  std::uint64_t size = deps_.journal->SizeBytes();
  if (deps_.metrics) deps_.metrics->SetJournalBytes(static_cast<double>(size));
  if (size < options_.compact_bytes) return;
  try {
    deps_.journal->Compact([this] { return SnapshotRecords(); });
    spdlog::info("journal compacted from {} to {} bytes", size, deps_.journal->SizeBytes());
  } catch (const JournalError& e) {
    spdlog::error("journal compaction failed: {}", e.what());
  }
}

std::vector<std::string> Engine::SnapshotRecords() const {
  std::vector<std::string> records;
  {
    std::lock_guard lock(mutex_);
    records.reserve(episodes_.size() + 1);
    for (const auto& [id, e] : episodes_) records.push_back(JsonRecord('e', Dump(ToJson(e))));
    records.push_back(JsonRecord('b', Dump(BreakerJson())));
  }
  for (std::string& r : deps_.inbox->PendingRecords()) records.push_back(std::move(r));
  return records;
}

void Engine::UpdateGauges() {
  if (deps_.metrics == nullptr) return;
  std::map<EpisodeState, double> counts;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [id, e] : episodes_) counts[e.state] += 1;
  }
  for (EpisodeState s : kAllEpisodeStates) deps_.metrics->SetEpisodes(EpisodeStateName(s), counts[s]);
}

// ------------------------------------------------------------- readers

json Engine::BreakerJson() const {
  // Called with mutex_ held or from the engine thread.
  return {{"open", NowMs() < breaker_open_until_},
          {"open_until", breaker_open_until_},
          {"dedup_key", breaker_dedup_key_},
          {"targets", breaker_targets_},
          {"actions_in_window", recent_actions_.size()}};
}

json Engine::EpisodesJson(std::size_t limit, const std::string& state) const {
  std::lock_guard lock(mutex_);
  std::vector<const Episode*> list;
  for (const auto& [id, e] : episodes_) {
    if (state.empty() || state == EpisodeStateName(e.state)) list.push_back(&e);
  }
  std::sort(list.begin(), list.end(), [](const Episode* a, const Episode* b) {
    return a->updated_at > b->updated_at;
  });
  if (list.size() > limit) list.resize(limit);
  json out = json::array();
  for (const Episode* e : list) out.push_back(ToJson(*e));
  return {{"episodes", std::move(out)}, {"breaker", BreakerJson()}};
}

bool Engine::WaitIdle(std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    bool idle = deps_.inbox->Pending() == 0;
    {
      std::lock_guard lock(mutex_);
      TimeMs now = NowMs();
      idle = idle && in_flight_ == 0;
      for (const auto& [id, e] : episodes_) {
        if (e.state == EpisodeState::kActing ||
            (e.state == EpisodeState::kPending && e.not_before <= now)) {
          idle = false;
        }
      }
    }
    if (idle) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

}  // namespace webhook_receiver
