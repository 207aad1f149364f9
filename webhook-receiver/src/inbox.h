#pragma once
// Notifications between the HTTP threads and the engine. A notification is
// staged before its journal append (so a concurrent compaction keeps it),
// becomes ready once durable, and leaves when the engine has persisted its
// effects. Staged records are what a compaction must carry over.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "journal.h"
#include "payload.h"

namespace webhook_receiver {

struct InboxItem {
  std::uint64_t seq = 0;
  Notification notification;
};

class Inbox {
 public:
  /// Journals the notification (`body` as received, already validated) and
  /// queues it for the engine. Throws JournalError if it could not persist.
  std::uint64_t Submit(Journal& journal, Notification notification,
                       std::string_view body);
  /// Restores a notification replayed from the journal (not yet processed).
  void Restore(std::uint64_t seq, Notification notification, std::string record);
  /// Sequence numbers continue after `seq` (the highest in the journal).
  void SeenSeq(std::uint64_t seq);
  /// Waits until something is ready, `wake` is called, or `until`.
  std::vector<InboxItem> Take(std::chrono::steady_clock::time_point until);
  /// Forgets notifications whose effects are persisted.
  void Done(const std::vector<std::uint64_t>& seqs);
  /// Records of every notification not yet done, for compaction.
  std::vector<std::string> PendingRecords() const;
  /// Wakes a waiting Take (the engine has other work).
  void Wake();
  std::size_t Pending() const;

 private:
  mutable std::mutex mutex_;
  std::condition_variable ready_cv_;
  std::uint64_t next_seq_ = 1;
  std::map<std::uint64_t, std::string> staged_;  // seq -> journal record
  std::vector<InboxItem> ready_;
  bool woken_ = false;
};

}  // namespace webhook_receiver
