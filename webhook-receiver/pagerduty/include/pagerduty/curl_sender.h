#pragma once
// EventSender over libcurl: one reused handle (keep-alive), bounded connect
// and total timeouts, and an abort flag so shutdown never waits on a hung
// endpoint.
#include <atomic>
#include <chrono>
#include <memory>

#include "pagerduty/sender.h"

namespace webhook_receiver::pagerduty {

class CurlSender : public EventSender {
 public:
  /// `abort` (may be null) cancels a transfer in progress when set.
  CurlSender(std::chrono::milliseconds timeout,
             const std::atomic<bool>* abort = nullptr);
  ~CurlSender() override;
  CurlSender(const CurlSender&) = delete;
  CurlSender& operator=(const CurlSender&) = delete;

  SendResult Send(const std::string& url, std::string_view body) override;

 private:
  struct Handle;
  std::unique_ptr<Handle> handle_;
  std::chrono::milliseconds timeout_;
  const std::atomic<bool>* abort_;
};

}  // namespace webhook_receiver::pagerduty
