#pragma once
// The append-only JSON-lines audit log: every decision, including skips and
// their reasons, one object per line with a timestamp and an event name.
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

namespace webhook_receiver {

class AuditLog {
 public:
  /// Opens `path` for appending; throws std::runtime_error if it cannot.
  explicit AuditLog(const std::filesystem::path& path);
  /// Adds "ts" and "event" to `fields` and writes one line (buffered).
  void Write(const std::string& event, nlohmann::json fields);
  /// Pushes buffered lines to the file.
  void Flush();

 private:
  std::mutex mutex_;
  std::ofstream out_;
};

}  // namespace webhook_receiver
