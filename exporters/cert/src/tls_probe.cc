#include "tls_probe.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <openssl/err.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <utility>

#include "openssl_util.h"

namespace kafka_cert {
namespace {

using Clock = std::chrono::steady_clock;

class Socket {
 public:
  Socket() = default;
  explicit Socket(int fd) : fd_(fd) {}
  ~Socket() {
    if (fd_ >= 0) close(fd_);
  }
  Socket(Socket&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Socket& operator=(Socket&& other) noexcept {
    std::swap(fd_, other.fd_);
    return *this;
  }
  int fd() const { return fd_; }

 private:
  int fd_ = -1;
};

int RemainingMs(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return left.count() > 0 ? static_cast<int>(left.count()) : 0;
}

/// Waits until `fd` is ready for `events`; false on timeout.
bool WaitReady(int fd, short events, Clock::time_point deadline) {
  pollfd p{fd, events, 0};
  while (true) {
    int rc = poll(&p, 1, RemainingMs(deadline));
    if (rc > 0) return true;
    if (rc == 0) return false;
    if (errno != EINTR) return false;
  }
}

/// Non-blocking connect to the first address that answers before `deadline`.
Socket Connect(const ProbeTarget& target, Clock::time_point deadline) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* found = nullptr;
  std::string port = std::to_string(target.port);
  int rc = getaddrinfo(target.host.c_str(), port.c_str(), &hints, &found);
  if (rc != 0) {
    throw StoreError(ErrorReason::kConnectFailed,
                     "cannot resolve " + target.host + ": " + gai_strerror(rc));
  }
  std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> owner(found, freeaddrinfo);
  std::string last_error = "no address";
  for (addrinfo* a = found; a; a = a->ai_next) {
    Socket s(socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                    a->ai_protocol));
    if (s.fd() < 0) continue;
    if (connect(s.fd(), a->ai_addr, a->ai_addrlen) == 0) return s;
    if (errno != EINPROGRESS) {
      last_error = std::strerror(errno);
      continue;
    }
    if (!WaitReady(s.fd(), POLLOUT, deadline)) {
      throw StoreError(ErrorReason::kConnectFailed,
                       "connect to " + target.Address() + " timed out");
    }
    int error = 0;
    socklen_t length = sizeof(error);
    getsockopt(s.fd(), SOL_SOCKET, SO_ERROR, &error, &length);
    if (error == 0) return s;
    last_error = std::strerror(error);
  }
  throw StoreError(ErrorReason::kConnectFailed,
                   "connect to " + target.Address() + " failed: " + last_error);
}

bool IsIpLiteral(const std::string& host) {
  unsigned char buffer[sizeof(in6_addr)];
  return inet_pton(AF_INET, host.c_str(), buffer) == 1 ||
         inet_pton(AF_INET6, host.c_str(), buffer) == 1;
}

/// State the OpenSSL callbacks fill in during the handshake.
struct HandshakeCapture {
  ProbeResult* result;
  X509_STORE* trust;
};

int CaptureExDataIndex() {
  static int index = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
  return index;
}

HandshakeCapture* CaptureOf(SSL* ssl) {
  return static_cast<HandshakeCapture*>(SSL_get_ex_data(ssl, CaptureExDataIndex()));
}

/// Replaces OpenSSL's chain verification: records the served chain, verifies
/// it against our anchors, and always lets the handshake go on so that an
/// expired or untrusted chain is still reported.
int VerifyAndRecord(X509_STORE_CTX* ctx, void*) {
  auto* ssl = static_cast<SSL*>(
      X509_STORE_CTX_get_ex_data(ctx, SSL_get_ex_data_X509_STORE_CTX_idx()));
  HandshakeCapture* capture = CaptureOf(ssl);
  STACK_OF(X509)* served = X509_STORE_CTX_get0_untrusted(ctx);
  X509* leaf = X509_STORE_CTX_get0_cert(ctx);
  ProbeResult& result = *capture->result;
  result.chain.clear();
  for (int i = 0; i < sk_X509_num(served); ++i) {
    result.chain.push_back(ToDer(sk_X509_value(served, i)));
  }
  if (result.chain.empty() && leaf) result.chain.push_back(ToDer(leaf));
  X509StoreCtxPtr check(X509_STORE_CTX_new());
  if (check && X509_STORE_CTX_init(check.get(), capture->trust, leaf, served) == 1) {
    result.verified = X509_verify_cert(check.get()) == 1;
    if (!result.verified) {
      result.verify_error =
          X509_verify_cert_error_string(X509_STORE_CTX_get_error(check.get()));
    }
  } else {
    result.verify_error = "verification could not run";
  }
  ERR_clear_error();
  return 1;
}

/// Called when the server sends a CertificateRequest; we send no certificate.
int NoteClientCertRequest(SSL* ssl, X509**, EVP_PKEY**) {
  CaptureOf(ssl)->result->client_cert_requested = true;
  return 0;
}

X509StorePtr MakeTrustStore(const TrustAnchors& anchors) {
  X509StorePtr store(X509_STORE_new());
  for (const auto& der : anchors) {
    if (X509Ptr cert = ParseX509(der)) X509_STORE_add_cert(store.get(), cert.get());
  }
  ERR_clear_error();
  return store;
}

void Handshake(SSL* ssl, int fd, const ProbeTarget& target,
               Clock::time_point deadline, ProbeResult& result) {
  while (true) {
    int rc = SSL_connect(ssl);
    if (rc == 1) {
      result.handshake_complete = true;
      return;
    }
    int error = SSL_get_error(ssl, rc);
    short events = error == SSL_ERROR_WANT_READ    ? POLLIN
                   : error == SSL_ERROR_WANT_WRITE ? POLLOUT
                                                   : 0;
    if (events == 0) {
      if (result.chain.empty()) {
        throw StoreError(ErrorReason::kHandshakeFailed,
                         "TLS handshake with " + target.Address() + " failed: " +
                             LastOpenSslError("connection closed"));
      }
      ERR_clear_error();
      return;  // e.g. the server wanted a client certificate: chain is kept
    }
    if (!WaitReady(fd, events, deadline)) {
      if (result.chain.empty()) {
        throw StoreError(ErrorReason::kHandshakeFailed,
                         "TLS handshake with " + target.Address() + " timed out");
      }
      return;
    }
  }
}

}  // namespace

std::string ProbeTarget::Address() const {
  bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

ProbeTarget ParseTarget(const std::string& text) {
  ProbeTarget target;
  std::size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) {
    throw std::invalid_argument("'" + text + "' is not host:port");
  }
  target.host = text.substr(0, colon);
  if (target.host.front() == '[' && target.host.back() == ']') {
    target.host = target.host.substr(1, target.host.size() - 2);
  } else if (target.host.find(':') != std::string::npos) {
    throw std::invalid_argument("'" + text + "': write IPv6 hosts as [addr]:port");
  }
  std::string port = text.substr(colon + 1);
  if (port.find_first_not_of("0123456789") != std::string::npos || port.size() > 5 ||
      std::stoi(port) < 1 || std::stoi(port) > 65535) {
    throw std::invalid_argument("'" + text + "': port must be 1-65535");
  }
  target.port = std::stoi(port);
  if (!IsIpLiteral(target.host)) target.server_name = target.host;
  return target;
}

struct TlsProber::Impl {
  SslCtxPtr ctx;
  X509StorePtr system_trust;
};

TlsProber::TlsProber() : impl_(std::make_unique<Impl>()) {
  impl_->ctx.reset(SSL_CTX_new(TLS_client_method()));
  if (impl_->ctx) {
    SSL_CTX_set_verify(impl_->ctx.get(), SSL_VERIFY_PEER, nullptr);
    SSL_CTX_set_cert_verify_callback(impl_->ctx.get(), VerifyAndRecord, nullptr);
    SSL_CTX_set_client_cert_cb(impl_->ctx.get(), NoteClientCertRequest);
  }
  impl_->system_trust.reset(X509_STORE_new());
  X509_STORE_set_default_paths(impl_->system_trust.get());
  ERR_clear_error();
}

TlsProber::~TlsProber() = default;

ProbeResult TlsProber::Probe(const ProbeTarget& target, Clock::time_point deadline,
                             const TrustAnchors& anchors) const {
  auto start = Clock::now();
  ProbeResult result;
  try {
    if (!impl_->ctx) throw StoreError(ErrorReason::kHandshakeFailed, "no TLS context");
    X509StorePtr own_trust = anchors.empty() ? nullptr : MakeTrustStore(anchors);
    HandshakeCapture capture{&result, own_trust ? own_trust.get() : impl_->system_trust.get()};
    Socket socket = Connect(target, deadline);
    SslPtr ssl(SSL_new(impl_->ctx.get()));
    if (!ssl) throw StoreError(ErrorReason::kHandshakeFailed, "cannot create TLS session");
    SSL_set_ex_data(ssl.get(), CaptureExDataIndex(), &capture);
    SSL_set_fd(ssl.get(), socket.fd());
    if (!target.server_name.empty() && !IsIpLiteral(target.server_name)) {
      // SSL_set_tlsext_host_name is a macro with a C cast; call what it wraps.
      SSL_ctrl(ssl.get(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
               const_cast<char*>(target.server_name.c_str()));
    }
    Handshake(ssl.get(), socket.fd(), target, deadline, result);
    if (result.chain.empty()) {
      throw StoreError(ErrorReason::kHandshakeFailed,
                       target.Address() + " presented no certificate");
    }
    result.tls_version = SSL_get_version(ssl.get());
  } catch (const StoreError& e) {
    result.error = e;
  }
  ERR_clear_error();
  result.duration = Clock::now() - start;
  return result;
}

}  // namespace kafka_cert
