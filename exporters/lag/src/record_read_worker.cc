#include "record_read_worker.h"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace lag_exporter {
namespace {

// A batch whose leader does not answer gives up after this long; its
// records come back unread and are queued last by the collector.
constexpr std::chrono::seconds kBatchTimeout{10};

// "topic\0partition\0offset".
std::string RecordKey(const RecordRequest& request) {
  std::string key = PartitionName(request.topic, request.partition);
  key += '\0';
  key += std::to_string(request.offset);
  return key;
}

}  // namespace

RecordReadWorker::RecordReadWorker(std::unique_ptr<RecordTimestampReader> reader)
    : reader_(std::move(reader)), thread_([this] { Run(); }) {}

RecordReadWorker::~RecordReadWorker() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  reader_->Cancel();
  changed_.notify_all();
  thread_.join();
}

void RecordReadWorker::Submit(std::vector<RecordRequest> requests) {
  {
    std::lock_guard lock(mutex_);
    queue_.clear();
    for (auto& r : requests) {
      if (!in_flight_.count(RecordKey(r))) queue_.push_back(std::move(r));
    }
  }
  changed_.notify_all();
}

bool RecordReadWorker::WaitIdle(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  return changed_.wait_until(lock, deadline,
                             [&] { return queue_.empty() && in_flight_.empty(); });
}

bool RecordReadWorker::WaitRound(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  const uint64_t before = rounds_done_;
  return changed_.wait_until(lock, deadline, [&] {
    return rounds_done_ != before || (queue_.empty() && in_flight_.empty());
  });
}

std::vector<RecordReadWorker::Result> RecordReadWorker::TakeResults() {
  std::lock_guard lock(mutex_);
  return std::exchange(results_, {});
}

int64_t RecordReadWorker::TakePolls() {
  std::lock_guard lock(mutex_);
  return std::exchange(polls_, 0);
}

std::size_t RecordReadWorker::queued() const {
  std::lock_guard lock(mutex_);
  return queue_.size() + in_flight_.size();
}

std::vector<RecordRequest> RecordReadWorker::TakeRound() {
  // One offset per partition: a batch is one round of the reader, so its
  // answers come back about a second after it starts, not several.
  std::vector<RecordRequest> round;
  std::deque<RecordRequest> later;
  std::unordered_set<std::string> partitions;
  for (auto& r : queue_) {
    if (round.size() < RecordTimestampReader::kRoundSize &&
        partitions.insert(PartitionName(r.topic, r.partition)).second) {
      round.push_back(std::move(r));
    } else {
      later.push_back(std::move(r));
    }
  }
  queue_ = std::move(later);
  return round;
}

void RecordReadWorker::Run() {
  std::unique_lock lock(mutex_);
  while (true) {
    changed_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (stopping_) return;
    auto batch = TakeRound();
    for (const auto& r : batch) in_flight_.insert(RecordKey(r));

    lock.unlock();
    std::vector<std::optional<int64_t>> read;
    try {
      read = reader_->ReadRound(batch, std::chrono::steady_clock::now() + kBatchTimeout);
    } catch (const std::exception& e) {
      spdlog::warn("record timestamps: {}", e.what());
    }
    read.resize(batch.size());
    const int64_t polls = reader_->last_polls();
    lock.lock();

    polls_ += polls;
    ++rounds_done_;
    for (std::size_t i = 0; i < batch.size(); ++i) {
      in_flight_.erase(RecordKey(batch[i]));
      results_.push_back({std::move(batch[i]), read[i]});
    }
    changed_.notify_all();
  }
}

}  // namespace lag_exporter
