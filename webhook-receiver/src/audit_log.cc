#include "audit_log.h"

#include <stdexcept>

#include "episode.h"

namespace webhook_receiver {

AuditLog::AuditLog(const std::filesystem::path& path)
    : out_(path, std::ios::app | std::ios::binary) {
  if (!out_) throw std::runtime_error("cannot open audit log " + path.string());
}

void AuditLog::Write(const std::string& event, nlohmann::json fields) {
  nlohmann::json line = {{"ts", FormatTime(NowMs())}, {"event", event}};
  line.update(fields);
  std::string text = Dump(line);
  std::lock_guard lock(mutex_);
  out_ << text << '\n';
}

void AuditLog::Flush() {
  std::lock_guard lock(mutex_);
  out_.flush();
}

}  // namespace webhook_receiver
