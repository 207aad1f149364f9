#pragma once
// Walks one Kafka log directory and keeps what it found, so that later cycles
// touch only what changed:
//  - the log directory is re-listed only when its mtime changed;
//  - a partition directory is re-listed only when its mtime changed,
//    otherwise only its active segment's .log is re-stat'ed (and the rest of
//    that segment's files when the .log moved);
//  - a full cycle re-lists everything (the caller decides how often).
// A directory whose mtime is too recent to trust (coarse timestamps) is
// re-listed on the next cycle too.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "file_system.h"
#include "log_dir_layout.h"
#include "log_dir_snapshot.h"

namespace kafka_disk {

class LogDirScanner {
 public:
  LogDirScanner(std::string log_dir, std::shared_ptr<FileSystem> fs);

  /// Checked between directories; returning true abandons the cycle.
  using StopCheck = std::function<bool()>;

  /// Runs one cycle and fills everything of `out` but the growth estimate.
  /// Returns false if `should_stop` cut it short: `out` is then not filled,
  /// progress is kept and a timeout error is counted.
  bool Cycle(bool full, const StopCheck& should_stop, LogDirSnapshot& out);

  /// True once a cycle has completed: later changes count as written or
  /// deleted bytes.
  bool HasBaseline() const { return baseline_done_; }
  const WalkErrorCounts& errors_total() const { return errors_total_; }

 private:
  struct FileState {
    std::uint64_t size_bytes = 0;
    std::uint64_t allocated_bytes = 0;
    std::int64_t mtime_ns = 0;
    std::uint64_t inode = 0;
  };
  using FileMap = std::map<std::string, FileState>;
  struct DirState {
    PartitionName name;
    bool via_symlink = false;
    bool listed = false;
    std::int64_t mtime_ns = kUnsettled;
    FileMap files;
    PartitionUsage usage;
    std::string active_prefix;  ///< base-offset prefix of the newest .log
  };
  static constexpr std::int64_t kUnsettled = -1;

  enum class Outcome { kOk, kFailed, kVanished };

  bool ListRoot();
  Outcome UpdateDir(const std::string& name, DirState& dir);
  Outcome Relist(const std::string& path, DirState& dir);
  void RestatActive(const std::string& path, DirState& dir);
  /// Re-stats `files` under `dir_path` from `fresh` listing entries, counting
  /// written and deleted bytes against the previous states.
  void Reconcile(FileMap& files, FileMap fresh);
  void Account(std::uint64_t before, std::uint64_t after);
  void Forget(const FileMap& files);
  /// The log directory itself is gone: forgets everything under it.
  void ForgetAll();
  static void Summarize(DirState& dir);
  void FillSnapshot(LogDirSnapshot& out) const;
  std::int64_t Settled(std::int64_t mtime_ns) const;
  void Report(std::error_code error, const std::string& path, bool quiet);

  std::string log_dir_;
  std::shared_ptr<FileSystem> fs_;
  double last_success_unix_seconds_ = 0;  ///< 0: no walk succeeded yet
  bool baseline_done_ = false;
  bool full_ = false;
  std::int64_t root_mtime_ns_ = kUnsettled;
  std::uint64_t root_device_ = 0;
  std::uint64_t root_inode_ = 0;
  std::map<std::string, DirState> dirs_;
  /// Live partitions in output order (topic, then numeric partition); map
  /// nodes are stable, so this is rebuilt only when dirs_ gains or loses one.
  mutable std::vector<const DirState*> live_order_;
  mutable bool live_order_dirty_ = true;
  FileMap root_files_;
  std::optional<MountEntry> mount_;
  std::int64_t now_ns_ = 0;

  std::uint64_t written_total_ = 0;
  std::uint64_t deleted_total_ = 0;
  WalkErrorCounts errors_total_{};
  std::uint64_t directories_listed_ = 0;
  std::uint64_t files_stated_ = 0;
  std::set<std::string> failing_paths_;  ///< logged once until they recover
};

}  // namespace kafka_disk
