#include "log_dir_scanner.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <utility>

namespace kafka_disk {
namespace {

// Directory mtimes younger than this may still change within the same
// timestamp tick (ext4 uses the coarse clock), so they are not trusted.
constexpr std::int64_t kSettleNs = 2'000'000'000;
constexpr std::size_t kOffsetDigits = 20;

std::int64_t WallClockNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

double SteadySeconds() {
  return std::chrono::duration<double>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

bool IsVanished(std::error_code error) {
  return error.value() == ENOENT || error.value() == ENOTDIR;
}

std::uint64_t PartitionNumber(const std::string& text) {
  std::uint64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

}  // namespace

LogDirScanner::LogDirScanner(std::string log_dir,
                             std::shared_ptr<FileSystem> fs)
    : log_dir_(std::move(log_dir)), fs_(std::move(fs)) {}

bool LogDirScanner::Cycle(bool full, const StopCheck& should_stop,
                          LogDirSnapshot& out) {
  const double started = SteadySeconds();
  full_ = full || !baseline_done_;
  now_ns_ = WallClockNs();
  directories_listed_ = 0;
  files_stated_ = 0;

  std::optional<FsStats> fs_stats;
  FsStats stats;
  if (auto error = fs_->StatFs(log_dir_, stats)) {
    Report(error, log_dir_, false);
  } else {
    fs_stats = stats;
  }

  bool walk_ok = false;
  FileStat root;
  if (auto error = fs_->Stat(log_dir_, true, root)) {
    Report(error, log_dir_, false);
    // Gone, not merely unreadable: its partitions are gone with it.
    if (IsVanished(error)) ForgetAll();
  } else if (root.type != EntryType::kDirectory) {
    Report(std::make_error_code(std::errc::not_a_directory), log_dir_, false);
    ForgetAll();
  } else {
    root_device_ = root.device;
    root_inode_ = root.inode;
    if (full_ || !mount_) {
      std::string real_path;
      if (!fs_->RealPath(log_dir_, real_path)) {
        mount_ =
            FindMount(ParseMountInfo(fs_->MountInfo()), real_path, root.device);
      }
    }
    walk_ok = true;
    if (full_ || root.mtime_ns != root_mtime_ns_) {
      walk_ok = ListRoot();
      if (walk_ok) root_mtime_ns_ = Settled(root.mtime_ns);
    }
    if (walk_ok && !failing_paths_.empty()) failing_paths_.erase(log_dir_);
  }

  for (auto it = dirs_.begin(); walk_ok && it != dirs_.end();) {
    if (should_stop && should_stop()) {
      ++errors_total_[static_cast<int>(WalkError::kTimeout)];
      spdlog::warn(
          "log dir {}: walk stopped before it finished ({} of {} "
          "directories kept from earlier cycles)",
          log_dir_, std::distance(it, dirs_.end()), dirs_.size());
      return false;
    }
    const Outcome outcome = UpdateDir(it->first, it->second);
    if (outcome == Outcome::kVanished) {
      if (!failing_paths_.empty())
        failing_paths_.erase(log_dir_ + "/" + it->first);
      Forget(it->second.files);
      it = dirs_.erase(it);
      live_order_dirty_ = true;
      continue;
    }
    ++it;
  }

  if (walk_ok) baseline_done_ = true;
  out.log_dir = log_dir_;
  out.fs = fs_stats;
  out.mount = mount_;
  out.walk_ok = walk_ok;
  out.full_walk = full_;
  out.cycle_end_unix_seconds = static_cast<double>(WallClockNs()) / 1e9;
  // A failed walk does not make the values fresher.
  if (walk_ok) last_success_unix_seconds_ = out.cycle_end_unix_seconds;
  out.last_success_unix_seconds = last_success_unix_seconds_;
  out.cycle_duration_seconds = SteadySeconds() - started;
  FillSnapshot(out);
  return true;
}

bool LogDirScanner::ListRoot() {
  std::vector<DirEntry> entries;
  ++directories_listed_;
  if (auto error = fs_->ListDir(log_dir_, entries)) {
    Report(error, log_dir_, false);
    return false;
  }
  std::set<std::string> present;
  FileMap fresh_root_files;
  for (const DirEntry& entry : entries) {
    const std::string path = log_dir_ + "/" + entry.name;
    EntryType type = entry.type;
    FileStat st;
    if (type == EntryType::kSymlink || type == EntryType::kUnknown ||
        type == EntryType::kFile) {
      // Follow links at this level only: operators sometimes relocate a
      // partition with a symlink. Loops fail here with ELOOP.
      ++files_stated_;
      if (auto error = fs_->Stat(path, type != EntryType::kFile, st)) {
        Report(error, path, IsVanished(error));
        continue;
      }
      type = st.type;
    }
    if (type == EntryType::kDirectory) {
      present.insert(entry.name);
      auto [it, inserted] = dirs_.try_emplace(entry.name);
      if (inserted) {
        live_order_dirty_ = true;
        it->second.name = ParsePartitionDir(entry.name);
        it->second.via_symlink = entry.type == EntryType::kSymlink;
      }
    } else if (type == EntryType::kFile) {
      fresh_root_files[entry.name] = {st.size_bytes, st.allocated_bytes,
                                      st.mtime_ns, st.inode};
    }
  }
  for (auto it = dirs_.begin(); it != dirs_.end();) {
    if (present.contains(it->first)) {
      ++it;
      continue;
    }
    spdlog::debug("log dir {}: directory {} is gone", log_dir_, it->first);
    Forget(it->second.files);
    it = dirs_.erase(it);
    live_order_dirty_ = true;
  }
  Reconcile(root_files_, std::move(fresh_root_files));
  return true;
}

LogDirScanner::Outcome LogDirScanner::UpdateDir(const std::string& name,
                                                DirState& dir) {
  const std::string path = log_dir_ + "/" + name;
  FileStat st;
  ++files_stated_;
  if (auto error = fs_->Stat(path, dir.via_symlink, st)) {
    Report(error, path, false);
    return IsVanished(error) ? Outcome::kVanished : Outcome::kFailed;
  }
  if (st.type != EntryType::kDirectory) return Outcome::kVanished;
  if (dir.via_symlink && st.device == root_device_ && st.inode == root_inode_) {
    Report(std::make_error_code(std::errc::too_many_symbolic_link_levels), path,
           false);
    return Outcome::kVanished;
  }
  if (full_ || !dir.listed || st.mtime_ns != dir.mtime_ns) {
    const Outcome outcome = Relist(path, dir);
    if (outcome != Outcome::kOk) return outcome;
    dir.mtime_ns = Settled(st.mtime_ns);
  } else {
    RestatActive(path, dir);
  }
  if (!failing_paths_.empty()) failing_paths_.erase(path);
  return Outcome::kOk;
}

LogDirScanner::Outcome LogDirScanner::Relist(const std::string& path,
                                             DirState& dir) {
  std::vector<DirEntry> entries;
  ++directories_listed_;
  if (auto error = fs_->ListDir(path, entries)) {
    Report(error, path, false);
    return IsVanished(error) ? Outcome::kVanished : Outcome::kFailed;
  }
  FileMap fresh;
  for (const DirEntry& entry : entries) {
    // Kafka keeps no subdirectories in a partition; the walk stays two deep.
    if (entry.type == EntryType::kDirectory) continue;
    const std::string file_path = path + "/" + entry.name;
    FileStat st;
    ++files_stated_;
    if (auto error = fs_->Stat(file_path, false, st)) {
      // Retention deletes segments while we walk: expected, so quiet.
      Report(error, file_path, IsVanished(error));
      continue;
    }
    if (st.type == EntryType::kDirectory) continue;
    fresh[entry.name] = {st.size_bytes, st.allocated_bytes, st.mtime_ns,
                         st.inode};
  }
  Reconcile(dir.files, std::move(fresh));
  dir.listed = true;
  Summarize(dir);
  return Outcome::kOk;
}

void LogDirScanner::RestatActive(const std::string& path, DirState& dir) {
  if (dir.active_prefix.empty()) return;
  const std::string log_name = dir.active_prefix + ".log";
  auto log = dir.files.find(log_name);
  FileStat st;
  ++files_stated_;
  if (log == dir.files.end() || fs_->Stat(path + "/" + log_name, false, st) ||
      st.inode != log->second.inode) {
    dir.mtime_ns = kUnsettled;  // rolled or deleted: re-list next cycle
    return;
  }
  if (st.size_bytes == log->second.size_bytes &&
      st.allocated_bytes == log->second.allocated_bytes &&
      st.mtime_ns == log->second.mtime_ns) {
    return;  // no append, so the segment's indexes did not move either
  }
  // Re-stat the whole active segment: .log, .index, .timeindex, ...
  FileMap fresh = dir.files;
  for (auto it = fresh.lower_bound(dir.active_prefix);
       it != fresh.end() && it->first.starts_with(dir.active_prefix);) {
    FileStat file;
    ++files_stated_;
    if (fs_->Stat(path + "/" + it->first, false, file)) {
      it = fresh.erase(it);
      continue;
    }
    it->second = {file.size_bytes, file.allocated_bytes, file.mtime_ns,
                  file.inode};
    ++it;
  }
  Reconcile(dir.files, std::move(fresh));
  Summarize(dir);
}

void LogDirScanner::Reconcile(FileMap& files, FileMap fresh) {
  if (baseline_done_) {
    // Files that disappeared under their old name, keyed by inode and mtime
    // (a rename keeps both; a reused inode gets a new mtime), so that a
    // rename (segment -> .deleted, .cleaned -> .log) is not counted as
    // deleted plus written.
    auto key = [](const FileState& state) {
      return std::pair(state.inode, state.mtime_ns);
    };
    std::map<std::pair<std::uint64_t, std::int64_t>, std::uint64_t> gone;
    for (const auto& [name, state] : files) {
      auto now = fresh.find(name);
      if (now == fresh.end() || now->second.inode != state.inode) {
        gone[key(state)] = state.allocated_bytes;
      }
    }
    for (const auto& [name, state] : fresh) {
      auto before = files.find(name);
      if (before != files.end() && before->second.inode == state.inode) {
        Account(before->second.allocated_bytes, state.allocated_bytes);
      } else if (auto moved = gone.find(key(state)); moved != gone.end()) {
        Account(moved->second, state.allocated_bytes);
        gone.erase(moved);
      } else {
        Account(0, state.allocated_bytes);
      }
    }
    for (const auto& [inode, allocated] : gone) Account(allocated, 0);
  }
  files = std::move(fresh);
}

void LogDirScanner::Account(std::uint64_t before, std::uint64_t after) {
  if (!baseline_done_) return;
  if (after > before) {
    written_total_ += after - before;
  } else {
    deleted_total_ += before - after;
  }
}

void LogDirScanner::Forget(const FileMap& files) {
  for (const auto& [name, state] : files) Account(state.allocated_bytes, 0);
}

void LogDirScanner::ForgetAll() {
  if (dirs_.empty() && root_files_.empty()) return;
  spdlog::warn("log dir {}: gone; its partitions are no longer reported", log_dir_);
  for (const auto& [name, dir] : dirs_) Forget(dir.files);
  dirs_.clear();
  Forget(root_files_);
  root_files_.clear();
  live_order_dirty_ = true;
  root_mtime_ns_ = kUnsettled;  // list it again when it is back
}

void LogDirScanner::Summarize(DirState& dir) {
  PartitionUsage usage;
  usage.topic = dir.name.topic;
  usage.partition = dir.name.partition;
  const FileState* oldest = nullptr;
  const FileState* newest = nullptr;
  const std::string* newest_name = nullptr;
  for (const auto& [name, state] : dir.files) {
    usage.size_bytes += state.size_bytes;
    usage.allocated_bytes += state.allocated_bytes;
    const auto segment = ParseSegmentFile(name);
    if (!segment || !segment->IsLiveLog()) continue;
    ++usage.segments;
    // Names sort by base offset (zero-padded), so the first is the oldest.
    if (oldest == nullptr) oldest = &state;
    newest = &state;
    newest_name = &name;
  }
  if (oldest != nullptr) usage.oldest_segment_mtime_ns = oldest->mtime_ns;
  if (newest != nullptr) {
    usage.active_segment_bytes = newest->size_bytes;
    dir.active_prefix = newest_name->substr(0, kOffsetDigits);
  } else {
    dir.active_prefix.clear();
  }
  dir.usage = std::move(usage);
}

void LogDirScanner::FillSnapshot(LogDirSnapshot& out) const {
  out.kinds = {};
  for (const auto& [name, dir] : dirs_) {
    if (!dir.listed) continue;
    KindUsage& kind = out.kinds[static_cast<int>(dir.name.kind)];
    ++kind.directories;
    kind.size_bytes += dir.usage.size_bytes;
    kind.allocated_bytes += dir.usage.allocated_bytes;
  }
  KindUsage& root = out.kinds[static_cast<int>(DirKind::kRoot)];
  for (const auto& [name, state] : root_files_) {
    root.size_bytes += state.size_bytes;
    root.allocated_bytes += state.allocated_bytes;
  }
  if (live_order_dirty_) {
    live_order_.clear();
    for (const auto& [name, dir] : dirs_) {
      if (dir.name.kind == DirKind::kLive) live_order_.push_back(&dir);
    }
    std::sort(live_order_.begin(), live_order_.end(),
              [](const DirState* a, const DirState* b) {
                if (a->name.topic != b->name.topic) {
                  return a->name.topic < b->name.topic;
                }
                return PartitionNumber(a->name.partition) <
                       PartitionNumber(b->name.partition);
              });
    live_order_dirty_ = false;
  }
  out.partitions.clear();
  out.partitions.reserve(live_order_.size());
  for (const DirState* dir : live_order_) {
    if (dir->listed) out.partitions.push_back(dir->usage);
  }
  out.written_bytes_total = written_total_;
  out.deleted_bytes_total = deleted_total_;
  out.errors_total = errors_total_;
  out.directories_listed = directories_listed_;
  out.files_stated = files_stated_;
}

std::int64_t LogDirScanner::Settled(std::int64_t mtime_ns) const {
  return now_ns_ - mtime_ns < kSettleNs ? kUnsettled : mtime_ns;
}

void LogDirScanner::Report(std::error_code error, const std::string& path,
                           bool quiet) {
  const WalkError reason = ClassifyError(error);
  ++errors_total_[static_cast<int>(reason)];
  // A path that keeps failing is logged once (at info if it is simply
  // gone, else at warn), then at debug until it recovers or vanishes.
  auto level = spdlog::level::debug;
  if (!quiet && failing_paths_.insert(path).second) {
    level = reason == WalkError::kNotFound ? spdlog::level::info
                                           : spdlog::level::warn;
  }
  spdlog::log(level, "log dir {}: {}: {} (reason={})", log_dir_, path,
              error.message(), WalkErrorName(reason));
}

}  // namespace kafka_disk
