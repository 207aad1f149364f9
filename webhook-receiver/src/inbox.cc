#include "inbox.h"

#include "journal_records.h"

namespace webhook_receiver {

std::uint64_t Inbox::Submit(Journal& journal, Notification notification,
                            std::string_view body) {
  std::uint64_t seq;
  std::string record;
  {
    std::lock_guard lock(mutex_);
    seq = next_seq_++;
    record = NotificationRecord(seq, body);
    staged_.emplace(seq, record);
  }
  try {
    journal.Append(std::move(record));
  } catch (...) {
    std::lock_guard lock(mutex_);
    staged_.erase(seq);
    throw;
  }
  {
    std::lock_guard lock(mutex_);
    ready_.push_back({seq, std::move(notification)});
  }
  ready_cv_.notify_one();
  return seq;
}

void Inbox::Restore(std::uint64_t seq, Notification notification, std::string record) {
  std::lock_guard lock(mutex_);
  next_seq_ = std::max(next_seq_, seq + 1);
  staged_.emplace(seq, std::move(record));
  ready_.push_back({seq, std::move(notification)});
}

void Inbox::SeenSeq(std::uint64_t seq) {
  std::lock_guard lock(mutex_);
  next_seq_ = std::max(next_seq_, seq + 1);
}

std::vector<InboxItem> Inbox::Take(std::chrono::steady_clock::time_point until) {
  std::unique_lock lock(mutex_);
  ready_cv_.wait_until(lock, until, [&] { return !ready_.empty() || woken_; });
  woken_ = false;
  std::vector<InboxItem> out;
  out.swap(ready_);
  return out;
}

void Inbox::Done(const std::vector<std::uint64_t>& seqs) {
  std::lock_guard lock(mutex_);
  for (std::uint64_t seq : seqs) staged_.erase(seq);
}

std::vector<std::string> Inbox::PendingRecords() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> out;
  out.reserve(staged_.size());
  for (const auto& [seq, record] : staged_) out.push_back(record);
  return out;
}

void Inbox::Wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  ready_cv_.notify_one();
}

std::size_t Inbox::Pending() const {
  std::lock_guard lock(mutex_);
  return staged_.size();
}

}  // namespace webhook_receiver
