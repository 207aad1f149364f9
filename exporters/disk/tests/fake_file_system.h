#pragma once
// FakeFileSystem: the real POSIX filesystem plus what it cannot do on
// demand: run a hook at the exact moment the walker reaches a path (to remove
// a directory mid-walk), fail a call with a chosen error, or hang a call the
// way a stuck NFS mount does until the test releases it.
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <system_error>

#include "file_system.h"

namespace kafka_disk::testing {

class FakeFileSystem final : public FileSystem {
 public:
  FakeFileSystem() : real_(MakePosixFileSystem()) {}

  /// Runs `hook` once, just before the first call on `path`.
  void BeforeFirstCall(const std::string& path, std::function<void()> hook);
  /// Every call on `path` fails with `error`.
  void FailWith(const std::string& path, std::errc error);
  /// Every call on `path` blocks until Release().
  void Hang(const std::string& path);
  void Release();
  /// True once some call is blocked in Hang.
  bool SomeoneHangs() const;

  std::error_code StatFs(const std::string& path, FsStats& out) override;
  std::error_code Stat(const std::string& path, bool follow,
                       FileStat& out) override;
  std::error_code ListDir(const std::string& path,
                          std::vector<DirEntry>& out) override;
  std::error_code RealPath(const std::string& path, std::string& out) override;
  std::string MountInfo() override { return real_->MountInfo(); }

 private:
  /// Runs hooks, hangs and injected failures for `path`.
  std::error_code Intercept(const std::string& path);

  std::shared_ptr<FileSystem> real_;
  mutable std::mutex mutex_;
  std::condition_variable released_;
  std::map<std::string, std::function<void()>> hooks_;
  std::map<std::string, std::errc> failures_;
  std::map<std::string, bool> hanging_;
  bool released_flag_ = false;
  int blocked_ = 0;
};

}  // namespace kafka_disk::testing
