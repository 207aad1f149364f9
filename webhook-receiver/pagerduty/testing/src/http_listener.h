#pragma once
// A minimal HTTP/1.1 server on 127.0.0.1 for the fake endpoint: keep-alive,
// Content-Length bodies, a thread per connection. Written instead of using
// civetweb because civetweb 1.15 takes ~2 s to stop, and every test process
// starts and stops one.
#include <atomic>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace fake_pagerduty {

struct HttpRequest {
  std::string method;
  std::string path;
  std::string content_type;
  std::string body;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
};

class HttpListener {
 public:
  /// nullopt: close the connection without answering.
  using Handler = std::function<std::optional<HttpResponse>(const HttpRequest&)>;

  /// Listens on 127.0.0.1:`port` (0: any free port). Throws on failure.
  HttpListener(int port, Handler handler);
  /// Stops accepting, closes every connection and joins their threads. A
  /// handler still running must return first.
  ~HttpListener();
  HttpListener(const HttpListener&) = delete;
  HttpListener& operator=(const HttpListener&) = delete;

  int port() const { return port_; }

 private:
  struct Connection {
    int fd = -1;
    bool done = false;
    std::thread thread;
  };

  void AcceptLoop();
  void Serve(Connection& connection);
  void ReapFinished();

  Handler handler_;
  int listen_fd_ = -1;
  int wake_pipe_[2] = {-1, -1};
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::mutex mu_;
  std::list<Connection> connections_;
  std::thread acceptor_;
};

}  // namespace fake_pagerduty
