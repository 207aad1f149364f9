#include "load_generator.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <mutex>
#include <thread>

namespace receiver_bench {
namespace {

using Clock = std::chrono::steady_clock;

int Connect(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

bool SendAll(int fd, const std::string& data) {
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::send(fd, data.data() + done, data.size() - done, MSG_NOSIGNAL);
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

// Reads one response; returns its status, or 0 on a transport error.
// `close` is set when the server will close the connection.
int ReadResponse(int fd, std::string& buffer, bool& close) {
  std::size_t header_end;
  char chunk[8192];
  while ((header_end = buffer.find("\r\n\r\n")) == std::string::npos) {
    ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) return 0;
    buffer.append(chunk, static_cast<std::size_t>(n));
  }
  std::string head = buffer.substr(0, header_end);
  std::transform(head.begin(), head.end(), head.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  int status = std::atoi(head.c_str() + 9);
  std::size_t length = 0;
  if (auto pos = head.find("content-length:"); pos != std::string::npos) {
    length = std::strtoul(head.c_str() + pos + 15, nullptr, 10);
  }
  close = head.find("connection: close") != std::string::npos;
  std::size_t total = header_end + 4 + length;
  while (buffer.size() < total) {
    ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) return 0;
    buffer.append(chunk, static_cast<std::size_t>(n));
  }
  buffer.erase(0, total);
  return status;
}

}  // namespace

double LoadResult::Percentile(double p) const {
  if (latencies_ms.empty()) return 0;
  std::vector<double> sorted = latencies_ms;
  std::size_t index = std::min(sorted.size() - 1,
                               static_cast<std::size_t>(p / 100.0 * static_cast<double>(sorted.size())));
  std::nth_element(sorted.begin(), sorted.begin() + static_cast<long>(index), sorted.end());
  return sorted[index];
}

LoadResult RunLoad(int port, const std::string& path, const std::string& body,
                   int connections, std::chrono::seconds duration) {
  std::string request = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        "Content-Type: application/json\r\nUser-Agent: Alertmanager/0.25.0\r\n"
                        "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  LoadResult total;
  std::mutex mutex;
  std::atomic<bool> stop{false};
  auto start = Clock::now();
  std::vector<std::thread> threads;
  for (int c = 0; c < connections; ++c) {
    threads.emplace_back([&] {
      LoadResult mine;
      std::string buffer;
      int fd = -1;
      while (!stop) {
        if (fd < 0 && (fd = Connect(port)) < 0) {
          ++mine.failed;
          continue;
        }
        auto sent = Clock::now();
        bool close = false;
        int status = SendAll(fd, request) ? ReadResponse(fd, buffer, close) : 0;
        if (status >= 200 && status < 300) {
          ++mine.ok;
          mine.latencies_ms.push_back(
              std::chrono::duration<double, std::milli>(Clock::now() - sent).count());
        } else {
          ++mine.failed;
        }
        if (status == 0 || close) {
          ::close(fd);
          fd = -1;
          buffer.clear();
        }
      }
      if (fd >= 0) ::close(fd);
      std::lock_guard lock(mutex);
      total.ok += mine.ok;
      total.failed += mine.failed;
      total.latencies_ms.insert(total.latencies_ms.end(), mine.latencies_ms.begin(),
                                mine.latencies_ms.end());
    });
  }
  std::this_thread::sleep_for(duration);
  stop = true;
  for (auto& t : threads) t.join();
  total.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return total;
}

}  // namespace receiver_bench
