#pragma once
// An episode is one firing of one alert under one rule: (rule, fingerprint,
// startsAt). Its state machine, and the action history that makes it safe
// to resume after a crash, are persisted as JSON snapshots in the journal.
//
//   pending -> acting -> verifying -> succeeded
//      |         |           `-----> failed (still firing after the grace)
//      |         `-> pending (backoff, next attempt) | failed | unknown
//      `-> cancelled (resolved before any action) | skipped (cooldown)
//   escalated (page-only rule) -> resolved
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "action.h"
#include "payload.h"

namespace webhook_receiver {

enum class EpisodeState {
  kPending,
  kActing,
  kVerifying,
  kEscalated,
  kSucceeded,
  kFailed,
  kUnknown,
  kCancelled,
  kSkipped,
  kResolved,
};
inline constexpr EpisodeState kAllEpisodeStates[] = {
    EpisodeState::kPending,   EpisodeState::kActing,    EpisodeState::kVerifying,
    EpisodeState::kEscalated, EpisodeState::kSucceeded, EpisodeState::kFailed,
    EpisodeState::kUnknown,   EpisodeState::kCancelled, EpisodeState::kSkipped,
    EpisodeState::kResolved};
const char* EpisodeStateName(EpisodeState state);
EpisodeState ParseEpisodeState(const std::string& name);
/// True once nothing more will run for the episode (escalations aside).
bool IsFinal(EpisodeState state);

/// Milliseconds since the Unix epoch: what the journal and API store.
using TimeMs = std::int64_t;
TimeMs NowMs();
std::string FormatTime(TimeMs ms);  ///< RFC 3339 UTC, millisecond precision

struct ActionRun {
  std::string name;
  std::string type;
  int attempt = 0;
  TimeMs started_at = 0;
  TimeMs finished_at = 0;  ///< 0 while running (or lost in a crash)
  std::optional<ActionOutcome> outcome;
  std::string detail;
  nlohmann::json record = nlohmann::json::object();
};

struct Episode {
  std::string id;  ///< hex SHA-256 of rule, fingerprint and startsAt
  std::string rule;
  std::string fingerprint;
  std::string starts_at;
  LabelSet labels;
  LabelSet annotations;
  std::string generator_url;
  std::string group_key;
  std::string external_url;

  EpisodeState state = EpisodeState::kPending;
  std::string reason;  ///< why it is in this state, for people
  bool dry_run = false;
  bool alert_resolved = false;
  int attempt = 0;            ///< current attempt, from 1
  std::size_t next_action = 0;  ///< index within the current attempt
  TimeMs not_before = 0;      ///< backoff: do not start before this
  TimeMs verify_deadline = 0;
  std::vector<ActionRun> actions;

  bool escalated = false;
  std::string escalation_target;
  std::string dedup_key;

  TimeMs created_at = 0;
  TimeMs updated_at = 0;

  /// The running action, if one started and has not finished.
  ActionRun* Running();
};

std::string EpisodeId(const std::string& rule, const std::string& fingerprint,
                      const std::string& starts_at);
std::string Sha256Hex(const std::string& text);

nlohmann::json ToJson(const Episode& episode);
/// Throws nlohmann::json::exception on a malformed record.
Episode EpisodeFromJson(const nlohmann::json& json);

/// Serialises for the journal, API and audit log; invalid UTF-8 (command
/// output, HTTP bodies) is replaced rather than thrown on.
std::string Dump(const nlohmann::json& json);

}  // namespace webhook_receiver
