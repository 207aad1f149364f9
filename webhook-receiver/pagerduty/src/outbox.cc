#include "pagerduty/outbox.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/file.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <stdexcept>

namespace webhook_receiver::pagerduty {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;
using std::chrono::system_clock;

// Compact once this many records are settled and they outnumber live ones.
constexpr std::uint64_t kCompactAfterDeadRecords = 256;

std::optional<Action> ParseAction(std::string_view name) {
  for (Action action : kAllActions) {
    if (ActionName(action) == name) return action;
  }
  return std::nullopt;
}

std::string EncodeAdd(const OutboxEntry& e) {
  const auto at_ms =
      std::chrono::duration_cast<milliseconds>(e.enqueued_at.time_since_epoch())
          .count();
  return json{{"op", "add"},         {"seq", e.seq},
              {"at_ms", at_ms},      {"target", e.target},
              {"dedup_key", e.dedup_key}, {"action", ActionName(e.action)},
              {"body", e.body}}
      .dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string EncodeSettle(std::uint64_t seq, Settlement settlement) {
  return json{{"op", "settle"}, {"seq", seq}, {"as", SettlementName(settlement)}}
      .dump();
}

}  // namespace

std::string_view ActionName(Action action) {
  switch (action) {
    case Action::kTrigger:
      return "trigger";
    case Action::kAcknowledge:
      return "acknowledge";
    case Action::kResolve:
      return "resolve";
    case Action::kChange:
      return "change";
  }
  return "unknown";
}

std::string_view SettlementName(Settlement settlement) {
  switch (settlement) {
    case Settlement::kDelivered:
      return "delivered";
    case Settlement::kRejected:
      return "rejected";
    case Settlement::kDropped:
      return "dropped";
  }
  return "unknown";
}

Outbox::Outbox(const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  const auto lock_path = dir / "pagerduty-outbox.lock";
  lock_fd_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (lock_fd_ < 0) {
    throw std::runtime_error("cannot open " + lock_path.string());
  }
  if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    ::close(lock_fd_);
    throw std::runtime_error("the PagerDuty outbox in " + dir.string() +
                             " is in use by another process");
  }
  file_ = std::make_unique<RecordFile>(
      dir / "pagerduty-outbox.log",
      [this](std::string_view record) { ReplayRecord(record); });
  if (file_->recovered_bytes_dropped() > 0) {
    spdlog::warn(
        "pagerduty outbox: cut {} bytes of a torn record at the tail (kept in "
        "pagerduty-outbox.log.torn)",
        file_->recovered_bytes_dropped());
  }
  std::lock_guard lock(mu_);
  CompactIfWorthIt();
}

Outbox::~Outbox() {
  file_.reset();
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

void Outbox::ReplayRecord(std::string_view record) {
  const json j = json::parse(record, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object() || !j.contains("op") || !j.contains("seq") ||
      !j["seq"].is_number_unsigned()) {
    spdlog::warn("pagerduty outbox: skipped an unreadable record");
    return;
  }
  try {
    ReplayParsed(j);
  } catch (const json::exception& e) {
    spdlog::warn("pagerduty outbox: skipped a malformed record: {}", e.what());
  }
}

void Outbox::ReplayParsed(const nlohmann::json& j) {
  const auto seq = j["seq"].get<std::uint64_t>();
  next_seq_ = std::max(next_seq_, seq + 1);
  if (j["op"] == "settle") {
    if (pending_.erase(seq) > 0) dead_records_ += 2;
    return;
  }
  const auto action = ParseAction(j.value("action", ""));
  if (j["op"] != "add" || !action) {
    spdlog::warn("pagerduty outbox: skipped record {} of unknown kind", seq);
    return;
  }
  auto entry = std::make_shared<OutboxEntry>();
  entry->seq = seq;
  entry->enqueued_at =
      system_clock::time_point(milliseconds(j.value("at_ms", std::int64_t{0})));
  entry->target = j.value("target", "");
  entry->dedup_key = j.value("dedup_key", "");
  entry->action = *action;
  entry->body = j.value("body", "");
  pending_[seq] = std::move(entry);
}

std::shared_ptr<const OutboxEntry> Outbox::Add(
    std::string target, std::string dedup_key, Action action, std::string body,
    system_clock::time_point enqueued_at) {
  auto entry = std::make_shared<OutboxEntry>();
  entry->target = std::move(target);
  entry->dedup_key = std::move(dedup_key);
  entry->action = action;
  entry->body = std::move(body);
  entry->enqueued_at = enqueued_at;
  std::lock_guard lock(mu_);
  entry->seq = next_seq_;
  file_->Append(EncodeAdd(*entry));
  file_->Sync();
  ++next_seq_;
  pending_[entry->seq] = entry;
  return entry;
}

void Outbox::Settle(std::uint64_t seq, Settlement settlement) {
  std::lock_guard lock(mu_);
  if (pending_.erase(seq) == 0) return;
  file_->Append(EncodeSettle(seq, settlement));
  dead_records_ += 2;
  CompactIfWorthIt();
}

void Outbox::Sync() {
  std::lock_guard lock(mu_);
  file_->Sync();
}

void Outbox::CompactIfWorthIt() {
  if (dead_records_ < kCompactAfterDeadRecords ||
      dead_records_ < pending_.size()) {
    return;
  }
  std::vector<std::string> live;
  live.reserve(pending_.size());
  for (const auto& [seq, entry] : pending_) live.push_back(EncodeAdd(*entry));
  file_->Rewrite(live);
  dead_records_ = 0;
}

std::vector<std::shared_ptr<const OutboxEntry>> Outbox::Pending() const {
  std::lock_guard lock(mu_);
  std::vector<std::shared_ptr<const OutboxEntry>> out;
  out.reserve(pending_.size());
  for (const auto& [seq, entry] : pending_) out.push_back(entry);
  return out;
}

std::size_t Outbox::size() const {
  std::lock_guard lock(mu_);
  return pending_.size();
}

std::optional<system_clock::time_point> Outbox::OldestEnqueuedAt() const {
  std::lock_guard lock(mu_);
  std::optional<system_clock::time_point> oldest;
  for (const auto& [seq, entry] : pending_) {
    if (!oldest || entry->enqueued_at < *oldest) oldest = entry->enqueued_at;
  }
  return oldest;
}

std::uint64_t Outbox::recovered_bytes_dropped() const {
  std::lock_guard lock(mu_);
  return file_->recovered_bytes_dropped();
}

}  // namespace webhook_receiver::pagerduty
