#pragma once
// Real TLS peers for the probe tests: `openssl s_server` on a loopback
// port, and a listener that accepts TCP but never speaks TLS.
#include <memory>
#include <string>
#include <vector>

#include "test_support/test_support.h"

namespace kafka_cert::testing {

/// `openssl s_server` serving `cert`/`key` (fixture names, or absolute
/// paths), plus any extra s_server flags (e.g. {"-Verify", "1"} to demand client certs).
class TlsServer {
 public:
  TlsServer(const std::string& cert, const std::string& key,
            const std::vector<std::string>& extra = {});
  int port() const { return port_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

 private:
  int port_;
  std::unique_ptr<test_support::ChildProcess> process_;
};

/// A bound, listening socket that is never accepted from: connects succeed
/// (the kernel queues them) and the TLS handshake never gets an answer.
class SilentListener {
 public:
  SilentListener();
  ~SilentListener();
  SilentListener(const SilentListener&) = delete;
  SilentListener& operator=(const SilentListener&) = delete;
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

}  // namespace kafka_cert::testing
