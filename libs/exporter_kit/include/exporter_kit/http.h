#pragma once
// The HTTP surface shared by every binary: civetweb underneath, with
// exporter-toolkit's web config (TLS, client CAs, basic auth with bcrypt),
// body size limits, and no exception ever reaching civetweb.
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "exporter_kit/body_part.h"

namespace exporter_kit {

struct HttpRequest {
  std::string method;
  std::string path;   ///< without the query string
  std::string query;  ///< raw query string, "" if none
  std::string body;
  std::string remote_addr;
  std::string user;   ///< authenticated basic-auth user, "" if none
  /// Header names are stored lower-case.
  std::map<std::string, std::string> headers;
  /// Returns the header's value, or "" (name is case-insensitive).
  std::string Header(std::string_view name) const;
  /// Returns the first value of a query parameter, if present.
  std::optional<std::string> QueryParam(std::string_view name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  /// Sent after `shared_parts`.
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  /// Sent before `body`, as they are (compressed already when the client
  /// takes gzip): large bodies built once and served many times.
  std::vector<std::shared_ptr<const BodyPart>> shared_parts;

  static HttpResponse Text(int status, std::string body);
  static HttpResponse Json(int status, std::string body);
  static HttpResponse Html(int status, std::string body);
};

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

struct RouteOptions {
  /// Bodies above this get 413 before the handler runs.
  std::size_t max_body_bytes = 64 * 1024;
  /// Methods allowed; others get 405. Empty means GET and HEAD.
  std::vector<std::string> methods;
  /// As in exporter-toolkit, every route is behind auth when auth is
  /// configured; set false only for a route that must stay open.
  bool require_auth = true;
};

struct HttpServerOptions {
  /// Prometheus-style addresses: ":9308", "127.0.0.1:9308", "0.0.0.0:0".
  std::vector<std::string> listen_addresses;
  /// exporter-toolkit web config file; "" for none (plain HTTP, no auth).
  std::string web_config_file;
  int num_threads = 8;
  /// A request that takes longer than this to arrive is dropped.
  std::chrono::milliseconds request_timeout{10000};
  /// How long a kept-alive connection may wait for its next request. It holds
  /// a worker thread meanwhile, so a long wait lets num_threads idle clients
  /// stall the server; zero closes every connection after its response.
  std::chrono::milliseconds keep_alive_timeout{5000};
};

/// \brief An HTTP(S) server with exact-path routes.
class HttpServer {
 public:
  explicit HttpServer(HttpServerOptions options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  /// Registers a handler for an exact path. Call before Start().
  void Handle(std::string path, HttpHandler handler, RouteOptions options = {});
  /// Binds and starts serving; throws ConfigError on a bad address, a bad
  /// web config, or a port in use.
  void Start();
  /// Stops accepting and waits for in-flight requests, at most ~1 s.
  void Stop();
  /// The bound ports, in the order of the listen addresses (port 0 resolved).
  std::vector<int> Ports() const;
  /// True if the web config enables authentication of any kind.
  bool AuthEnabled() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Converts a Prometheus listen address (":9308", "host:port") to civetweb's
/// form ("9308", "127.0.0.1:9308"); throws ConfigError on a bad one.
std::string ToCivetwebPort(std::string_view address);
/// True if the address binds only to loopback (127.0.0.0/8 or "localhost").
bool IsLoopbackAddress(std::string_view address);

}  // namespace exporter_kit
