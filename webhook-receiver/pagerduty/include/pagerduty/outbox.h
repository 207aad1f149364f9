#pragma once
// The durable outbox: every event is on disk (fsync) before Add() returns,
// and stays there until it is settled (delivered, rejected or dropped).
// A restart replays the file; settled events are compacted away.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "pagerduty/record_file.h"

namespace webhook_receiver::pagerduty {

enum class Action { kTrigger, kAcknowledge, kResolve, kChange };
inline constexpr Action kAllActions[] = {Action::kTrigger, Action::kAcknowledge,
                                         Action::kResolve, Action::kChange};
std::string_view ActionName(Action action);

/// How an event left the outbox.
enum class Settlement {
  kDelivered,  ///< PagerDuty answered 202
  kRejected,   ///< PagerDuty answered 400 (never retried)
  kDropped,    ///< its target is no longer configured
};
inline constexpr Settlement kAllSettlements[] = {
    Settlement::kDelivered, Settlement::kRejected, Settlement::kDropped};
std::string_view SettlementName(Settlement settlement);

struct OutboxEntry {
  std::uint64_t seq = 0;  ///< increasing; the order events were added
  std::chrono::system_clock::time_point enqueued_at;
  std::string target;
  std::string dedup_key;  ///< empty for change events
  Action action = Action::kTrigger;
  std::string body;  ///< request body without routing_key
};

class Outbox {
 public:
  /// Opens (creating) the outbox in `dir`, which is locked against a second
  /// process. Throws std::runtime_error if it is in use or unreadable.
  explicit Outbox(const std::filesystem::path& dir);
  ~Outbox();
  Outbox(const Outbox&) = delete;
  Outbox& operator=(const Outbox&) = delete;

  /// Appends and fsyncs; throws std::system_error if it cannot persist.
  std::shared_ptr<const OutboxEntry> Add(
      std::string target, std::string dedup_key, Action action,
      std::string body, std::chrono::system_clock::time_point enqueued_at);
  /// Marks an event settled. Durable after the next Sync().
  void Settle(std::uint64_t seq, Settlement settlement);
  void Sync();

  /// Undelivered events in the order they were added.
  std::vector<std::shared_ptr<const OutboxEntry>> Pending() const;
  std::size_t size() const;
  std::optional<std::chrono::system_clock::time_point> OldestEnqueuedAt() const;
  /// Bytes of torn tail cut off when the outbox was opened (0 normally).
  std::uint64_t recovered_bytes_dropped() const;

 private:
  void ReplayRecord(std::string_view record);
  void ReplayParsed(const nlohmann::json& record);
  void CompactIfWorthIt();

  mutable std::mutex mu_;
  int lock_fd_ = -1;
  std::map<std::uint64_t, std::shared_ptr<const OutboxEntry>> pending_;
  std::uint64_t next_seq_ = 1;
  std::uint64_t dead_records_ = 0;
  std::unique_ptr<RecordFile> file_;
};

}  // namespace webhook_receiver::pagerduty
