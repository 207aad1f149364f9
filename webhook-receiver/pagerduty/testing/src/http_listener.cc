#include "http_listener.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <stdexcept>
#include <system_error>

namespace fake_pagerduty {
namespace {

constexpr std::size_t kMaxHeaderBytes = 64 * 1024;
constexpr std::size_t kMaxBodyBytes = 16 * 1024 * 1024;

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string Trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  const auto e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

const char* Reason(int status) {
  switch (status) {
    case 200: return "OK";
    case 202: return "Accepted";
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 413: return "Payload Too Large";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    default: return "Status";
  }
}

// Reads more bytes into `buffer`; false on EOF or error.
bool ReadMore(int fd, std::string& buffer) {
  char chunk[16384];
  for (;;) {
    const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    buffer.append(chunk, static_cast<std::size_t>(n));
    return true;
  }
}

bool WriteAll(int fd, const std::string& data) {
  std::size_t off = 0;
  while (off < data.size()) {
    const ssize_t n = ::send(fd, data.data() + off, data.size() - off, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    off += static_cast<std::size_t>(n);
  }
  return true;
}

std::string Render(const HttpResponse& r, bool close) {
  return "HTTP/1.1 " + std::to_string(r.status) + " " + Reason(r.status) +
         "\r\nContent-Type: " + r.content_type +
         "\r\nContent-Length: " + std::to_string(r.body.size()) +
         (close ? "\r\nConnection: close" : "") + "\r\n\r\n" + r.body;
}

}  // namespace

HttpListener::HttpListener(int port, Handler handler) : handler_(std::move(handler)) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) throw std::system_error(errno, std::generic_category(), "socket");
  const int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listen_fd_, 128) != 0 ||
      ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0 ||
      ::pipe2(wake_pipe_, O_CLOEXEC) != 0) {
    const int error = errno;
    ::close(listen_fd_);
    throw std::system_error(error, std::generic_category(),
                            "cannot listen on 127.0.0.1:" + std::to_string(port));
  }
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { AcceptLoop(); });
}

HttpListener::~HttpListener() {
  stopping_ = true;
  const char byte = 0;
  [[maybe_unused]] const auto n = ::write(wake_pipe_[1], &byte, 1);
  acceptor_.join();
  {
    std::lock_guard lock(mu_);
    for (auto& c : connections_) {
      if (!c.done) ::shutdown(c.fd, SHUT_RDWR);
    }
  }
  for (auto& c : connections_) c.thread.join();
  ::close(listen_fd_);
  ::close(wake_pipe_[0]);
  ::close(wake_pipe_[1]);
}

void HttpListener::AcceptLoop() {
  while (!stopping_) {
    pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {wake_pipe_[0], POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0) continue;
    if (stopping_ || (fds[1].revents & POLLIN)) break;
    if (!(fds[0].revents & POLLIN)) continue;
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    ReapFinished();
    std::lock_guard lock(mu_);
    Connection& c = connections_.emplace_back();
    c.fd = fd;
    c.thread = std::thread([this, &c] { Serve(c); });
  }
}

void HttpListener::ReapFinished() {
  std::list<Connection> finished;
  {
    std::lock_guard lock(mu_);
    for (auto it = connections_.begin(); it != connections_.end();) {
      auto next = std::next(it);
      if (it->done) finished.splice(finished.end(), connections_, it);
      it = next;
    }
  }
  for (auto& c : finished) c.thread.join();
}

void HttpListener::Serve(Connection& connection) {
  const int fd = connection.fd;
  std::string buffer;
  while (!stopping_) {
    std::size_t header_end;
    while ((header_end = buffer.find("\r\n\r\n")) == std::string::npos) {
      if (buffer.size() > kMaxHeaderBytes || !ReadMore(fd, buffer)) goto done;
    }
    {
      HttpRequest request;
      std::size_t content_length = 0;
      bool close_after = false;
      bool expect_continue = false;
      const std::string head = buffer.substr(0, header_end);
      buffer.erase(0, header_end + 4);
      std::size_t line_end = head.find("\r\n");
      const std::string request_line = head.substr(0, line_end);
      const auto sp1 = request_line.find(' ');
      const auto sp2 = request_line.find(' ', sp1 + 1);
      if (sp1 == std::string::npos || sp2 == std::string::npos) break;
      request.method = request_line.substr(0, sp1);
      request.path = request_line.substr(sp1 + 1, sp2 - sp1 - 1);
      request.path = request.path.substr(0, request.path.find('?'));
      while (line_end != std::string::npos) {
        const auto start = line_end + 2;
        line_end = head.find("\r\n", start);
        const std::string line = head.substr(start, line_end - start);
        const auto colon = line.find(':');
        if (colon == std::string::npos) continue;
        const std::string name = Lower(line.substr(0, colon));
        const std::string value = Trim(line.substr(colon + 1));
        if (name == "content-length") {
          content_length = std::strtoull(value.c_str(), nullptr, 10);
        } else if (name == "content-type") {
          request.content_type = value;
        } else if (name == "connection") {
          close_after = Lower(value) == "close";
        } else if (name == "expect") {
          expect_continue = Lower(value) == "100-continue";
        }
      }
      if (content_length > kMaxBodyBytes) {
        WriteAll(fd, Render({413, "text/plain", "body too large\n"}, true));
        break;
      }
      if (expect_continue && buffer.size() < content_length &&
          !WriteAll(fd, "HTTP/1.1 100 Continue\r\n\r\n")) {
        break;
      }
      while (buffer.size() < content_length) {
        if (!ReadMore(fd, buffer)) goto done;
      }
      request.body = buffer.substr(0, content_length);
      buffer.erase(0, content_length);
      const auto response = handler_(request);
      if (!response || !WriteAll(fd, Render(*response, close_after)) || close_after) break;
    }
  }
done:
  std::lock_guard lock(mu_);
  ::close(fd);
  connection.done = true;
}

}  // namespace fake_pagerduty
