#include "group_windows.h"

#include <algorithm>
#include <limits>
#include <span>
#include <stdexcept>
#include <string>

namespace lag_exporter {
namespace {

uint32_t SaturatedLag(const OffsetSample& sample) {
  return static_cast<uint32_t>(std::min<int64_t>(
      sample.Lag(), std::numeric_limits<uint32_t>::max()));
}

}  // namespace

GroupWindows::GroupWindows(std::size_t capacity) : capacity_(capacity) {
  if (capacity == 0 || capacity > kMaxCapacity) {
    throw std::invalid_argument("window capacity must be 1 to " +
                                std::to_string(kMaxCapacity));
  }
}

PartitionStatus GroupWindows::Add(uint64_t key, const OffsetSample& sample,
                                  Membership membership) {
  // Keys come in ascending order, as in current_: one walk finds them all.
  while (cursor_ < current_.keys.size() && current_.keys[cursor_] < key) {
    ++cursor_;
  }
  const bool known =
      cursor_ < current_.keys.size() && current_.keys[cursor_] == key;

  if (next_.keys.empty()) {  // first Add of the cycle: room for them all
    next_.keys.reserve(current_.keys.size());
    next_.sizes.reserve(current_.keys.size());
    next_.committed.reserve(current_.committed.size());
    next_.lags.reserve(current_.lags.size());
  }
  const std::size_t base = next_.committed.size();
  next_.keys.push_back(key);
  next_.committed.resize(base + capacity_);
  next_.lags.resize(base + capacity_);

  std::size_t size = 0;
  if (known) {
    // The newest samples of the old window, leaving room for this one.
    const std::size_t old_size = current_.sizes[cursor_];
    const std::size_t kept = std::min(old_size, capacity_ - 1);
    const std::size_t from = cursor_ * capacity_ + (old_size - kept);
    std::copy_n(current_.committed.begin() + static_cast<std::ptrdiff_t>(from),
                kept, next_.committed.begin() + static_cast<std::ptrdiff_t>(base));
    std::copy_n(current_.lags.begin() + static_cast<std::ptrdiff_t>(from), kept,
                next_.lags.begin() + static_cast<std::ptrdiff_t>(base));
    size = kept;
    ++cursor_;
  }
  next_.committed[base + size] = sample.committed;
  next_.lags[base + size] = SaturatedLag(sample);
  ++size;
  next_.sizes.push_back(static_cast<uint16_t>(size));

  scratch_.clear();
  for (std::size_t i = 0; i < size; ++i) {
    const int64_t committed = next_.committed[base + i];
    scratch_.push_back({committed, committed + next_.lags[base + i]});
  }
  return EvaluateWindow(scratch_, size == capacity_, membership);
}

void GroupWindows::EndCycle() {
  // The old arrays are freed, not kept for the next cycle: between cycles
  // a group holds one copy of its windows.
  current_ = std::move(next_);
  next_ = Windows{};
  cursor_ = 0;
}

std::vector<OffsetSample> GroupWindows::Samples(uint64_t key) const {
  const auto it = std::lower_bound(current_.keys.begin(), current_.keys.end(), key);
  if (it == current_.keys.end() || *it != key) return {};
  const auto i = static_cast<std::size_t>(it - current_.keys.begin());
  std::vector<OffsetSample> out;
  for (std::size_t k = 0; k < current_.sizes[i]; ++k) {
    const int64_t committed = current_.committed[i * capacity_ + k];
    out.push_back({committed, committed + current_.lags[i * capacity_ + k]});
  }
  return out;
}

}  // namespace lag_exporter
