#include "episode.h"

#include <openssl/sha.h>

#include <array>
#include <ctime>
#include <stdexcept>

namespace webhook_receiver {
namespace {

using nlohmann::json;

struct StateName {
  EpisodeState state;
  const char* name;
};
constexpr StateName kStateNames[] = {
    {EpisodeState::kPending, "pending"},     {EpisodeState::kActing, "acting"},
    {EpisodeState::kVerifying, "verifying"}, {EpisodeState::kEscalated, "escalated"},
    {EpisodeState::kSucceeded, "succeeded"}, {EpisodeState::kFailed, "failed"},
    {EpisodeState::kUnknown, "unknown"},     {EpisodeState::kCancelled, "cancelled"},
    {EpisodeState::kSkipped, "skipped"},     {EpisodeState::kResolved, "resolved"},
};

json ToJson(const ActionRun& run) {
  json out = {{"name", run.name},         {"type", run.type},
              {"attempt", run.attempt},   {"started_at", run.started_at},
              {"finished_at", run.finished_at}, {"detail", run.detail},
              {"record", run.record}};
  out["outcome"] = run.outcome ? json(ActionOutcomeName(*run.outcome)) : json(nullptr);
  return out;
}

ActionRun ActionRunFromJson(const json& in) {
  ActionRun run;
  run.name = in.at("name").get<std::string>();
  run.type = in.at("type").get<std::string>();
  run.attempt = in.at("attempt").get<int>();
  run.started_at = in.at("started_at").get<TimeMs>();
  run.finished_at = in.at("finished_at").get<TimeMs>();
  if (!in.at("outcome").is_null()) {
    run.outcome = ParseActionOutcome(in.at("outcome").get<std::string>());
  }
  run.detail = in.at("detail").get<std::string>();
  run.record = in.at("record");
  return run;
}

}  // namespace

const char* EpisodeStateName(EpisodeState state) {
  for (const auto& s : kStateNames) {
    if (s.state == state) return s.name;
  }
  return "unknown";
}

EpisodeState ParseEpisodeState(const std::string& name) {
  for (const auto& s : kStateNames) {
    if (name == s.name) return s.state;
  }
  throw std::invalid_argument("unknown episode state " + name);
}

bool IsFinal(EpisodeState state) {
  return state != EpisodeState::kPending && state != EpisodeState::kActing &&
         state != EpisodeState::kVerifying;
}

TimeMs NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string FormatTime(TimeMs ms) {
  std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                tm.tm_sec, static_cast<int>(ms % 1000));
  return buffer;
}

const char* ActionOutcomeName(ActionOutcome outcome) {
  switch (outcome) {
    case ActionOutcome::kSuccess:
      return "success";
    case ActionOutcome::kFailure:
      return "failure";
    case ActionOutcome::kTimeout:
      return "timeout";
    case ActionOutcome::kDryRun:
      return "dry_run";
    case ActionOutcome::kUnknown:
      return "unknown";
  }
  return "unknown";
}

ActionOutcome ParseActionOutcome(const std::string& name) {
  for (ActionOutcome o : {ActionOutcome::kSuccess, ActionOutcome::kFailure,
                          ActionOutcome::kTimeout, ActionOutcome::kDryRun}) {
    if (name == ActionOutcomeName(o)) return o;
  }
  return ActionOutcome::kUnknown;
}

ActionRun* Episode::Running() {
  if (actions.empty() || actions.back().outcome) return nullptr;
  return &actions.back();
}

std::string Sha256Hex(const std::string& text) {
  std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(),
         digest.data());
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : digest) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

std::string EpisodeId(const std::string& rule, const std::string& fingerprint,
                      const std::string& starts_at) {
  // A separator that cannot occur in the parts keeps ("a","bc") != ("ab","c").
  return Sha256Hex(rule + '\0' + fingerprint + '\0' + starts_at);
}

json ToJson(const Episode& e) {
  json actions = json::array();
  for (const ActionRun& run : e.actions) actions.push_back(ToJson(run));
  return {{"id", e.id},
          {"rule", e.rule},
          {"fingerprint", e.fingerprint},
          {"startsAt", e.starts_at},
          {"labels", e.labels},
          {"annotations", e.annotations},
          {"generatorURL", e.generator_url},
          {"groupKey", e.group_key},
          {"externalURL", e.external_url},
          {"state", EpisodeStateName(e.state)},
          {"reason", e.reason},
          {"dry_run", e.dry_run},
          {"alert_resolved", e.alert_resolved},
          {"attempt", e.attempt},
          {"next_action", e.next_action},
          {"not_before", e.not_before},
          {"verify_deadline", e.verify_deadline},
          {"actions", std::move(actions)},
          {"escalated", e.escalated},
          {"escalation_target", e.escalation_target},
          {"dedup_key", e.dedup_key},
          {"created_at", e.created_at},
          {"updated_at", e.updated_at}};
}

Episode EpisodeFromJson(const json& in) {
  Episode e;
  e.id = in.at("id").get<std::string>();
  e.rule = in.at("rule").get<std::string>();
  e.fingerprint = in.at("fingerprint").get<std::string>();
  e.starts_at = in.at("startsAt").get<std::string>();
  e.labels = in.at("labels").get<LabelSet>();
  e.annotations = in.at("annotations").get<LabelSet>();
  e.generator_url = in.at("generatorURL").get<std::string>();
  e.group_key = in.at("groupKey").get<std::string>();
  e.external_url = in.at("externalURL").get<std::string>();
  e.state = ParseEpisodeState(in.at("state").get<std::string>());
  e.reason = in.at("reason").get<std::string>();
  e.dry_run = in.at("dry_run").get<bool>();
  e.alert_resolved = in.at("alert_resolved").get<bool>();
  e.attempt = in.at("attempt").get<int>();
  e.next_action = in.at("next_action").get<std::size_t>();
  e.not_before = in.at("not_before").get<TimeMs>();
  e.verify_deadline = in.at("verify_deadline").get<TimeMs>();
  for (const json& run : in.at("actions")) e.actions.push_back(ActionRunFromJson(run));
  e.escalated = in.at("escalated").get<bool>();
  e.escalation_target = in.at("escalation_target").get<std::string>();
  e.dedup_key = in.at("dedup_key").get<std::string>();
  e.created_at = in.at("created_at").get<TimeMs>();
  e.updated_at = in.at("updated_at").get<TimeMs>();
  return e;
}

std::string Dump(const nlohmann::json& json) {
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace webhook_receiver
