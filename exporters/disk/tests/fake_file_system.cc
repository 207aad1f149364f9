#include "fake_file_system.h"

namespace kafka_disk::testing {

void FakeFileSystem::BeforeFirstCall(const std::string& path,
                                     std::function<void()> hook) {
  std::lock_guard lock(mutex_);
  hooks_[path] = std::move(hook);
}

void FakeFileSystem::FailWith(const std::string& path, std::errc error) {
  std::lock_guard lock(mutex_);
  failures_[path] = error;
}

void FakeFileSystem::Hang(const std::string& path) {
  std::lock_guard lock(mutex_);
  hanging_[path] = true;
}

void FakeFileSystem::Release() {
  std::lock_guard lock(mutex_);
  released_flag_ = true;
  released_.notify_all();
}

bool FakeFileSystem::SomeoneHangs() const {
  std::lock_guard lock(mutex_);
  return blocked_ > 0;
}

std::error_code FakeFileSystem::Intercept(const std::string& path) {
  std::function<void()> hook;
  {
    std::unique_lock lock(mutex_);
    if (hanging_.contains(path)) {
      ++blocked_;
      released_.wait(lock, [&] { return released_flag_; });
      --blocked_;
    }
    if (auto it = failures_.find(path); it != failures_.end()) {
      return std::make_error_code(it->second);
    }
    if (auto it = hooks_.find(path); it != hooks_.end()) {
      hook = std::move(it->second);
      hooks_.erase(it);
    }
  }
  if (hook) hook();
  return {};
}

std::error_code FakeFileSystem::StatFs(const std::string& path, FsStats& out) {
  if (auto error = Intercept(path)) return error;
  return real_->StatFs(path, out);
}

std::error_code FakeFileSystem::Stat(const std::string& path, bool follow,
                                     FileStat& out) {
  if (auto error = Intercept(path)) return error;
  return real_->Stat(path, follow, out);
}

std::error_code FakeFileSystem::ListDir(const std::string& path,
                                        std::vector<DirEntry>& out) {
  if (auto error = Intercept(path)) return error;
  return real_->ListDir(path, out);
}

std::error_code FakeFileSystem::RealPath(const std::string& path,
                                         std::string& out) {
  if (auto error = Intercept(path)) return error;
  return real_->RealPath(path, out);
}

}  // namespace kafka_disk::testing
