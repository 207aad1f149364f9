#include "tls_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <stdexcept>

#include "cert_fixtures.h"

namespace kafka_cert::testing {
namespace {

/// Absolute paths as given; other names are fixtures (made on first use).
std::string Resolve(const std::string& name) {
  std::filesystem::path path(name);
  return (path.is_absolute() ? path : Fixtures() / path).string();
}

}  // namespace

TlsServer::TlsServer(const std::string& cert, const std::string& key,
                     const std::vector<std::string>& extra) {
  // FreePort is racy against other tests: retry on a port taken meanwhile.
  for (int attempt = 0; attempt < 5; ++attempt) {
    port_ = test_support::FreePort();
    std::vector<std::string> argv = {"openssl", "s_server", "-accept",
                                     "127.0.0.1:" + std::to_string(port_),
                                     "-cert", Resolve(cert), "-key", Resolve(key),
                                     "-naccept", "1000"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    process_ = std::make_unique<test_support::ChildProcess>(argv);
    if (process_->WaitForLine("ACCEPT", std::chrono::seconds(10))) return;
  }
  throw std::runtime_error("openssl s_server did not start: " + process_->Stderr());
}

SilentListener::SilentListener() {
  fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(addr);
  if (fd_ < 0 || bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      listen(fd_, 64) != 0 ||
      getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &length) != 0) {
    throw std::runtime_error("cannot open a silent listener");
  }
  port_ = ntohs(addr.sin_port);
}

SilentListener::~SilentListener() {
  if (fd_ >= 0) close(fd_);
}

}  // namespace kafka_cert::testing
