#include "exporter_kit/http.h"

#include <arpa/inet.h>
#include <civetweb.h>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <charconv>
#include <functional>
#include <future>
#include <mutex>
#include <thread>

#include "exporter_kit/config.h"
#include "exporter_kit/web_config.h"
#include "gzip.h"

namespace exporter_kit {
namespace {

constexpr std::size_t kGzipThreshold = 4096;
// Bodies up to this size go out in the same write as the headers.
constexpr std::size_t kCoalesceBytes = 64 * 1024;

// What goes on the wire after the headers: views into the response's own
// strings and shared parts, plus the few bytes of gzip framing made here.
// A plain response inflates the parts kept compressed only as it writes.
// Not copyable: the views may point into head and tail.
class Pieces {
 public:
  Pieces(const HttpResponse& response, bool gzip_ok);
  Pieces(const Pieces&) = delete;
  Pieces& operator=(const Pieces&) = delete;

  bool gzip() const { return gzip_; }
  std::uint64_t size() const { return size_; }
  /// Hands every byte to `sink` in order; false if `sink` stopped it.
  bool Write(const std::function<bool(std::string_view)>& sink) const;

 private:
  struct Segment {
    std::string_view bytes;
    const BodyPart* inflate = nullptr;  // instead of bytes
  };
  void Add(std::string_view bytes) { segments_.push_back({bytes}); size_ += bytes.size(); }

  bool gzip_ = false;
  std::uint64_t size_ = 0;
  std::string head_;  // gzip header
  std::string tail_;  // the body's final DEFLATE blocks and the gzip trailer
  std::vector<Segment> segments_;
};

Pieces::Pieces(const HttpResponse& response, bool gzip_ok) {
  std::uint64_t plain_size = response.body.size();
  for (const auto& part : response.shared_parts) plain_size += part->size();
  gzip_ = gzip_ok && plain_size >= kGzipThreshold;
  if (!gzip_) {
    for (const auto& part : response.shared_parts) {
      if (part->has_text()) {
        Add(part->text());
      } else {
        segments_.push_back({{}, part.get()});
        size_ += part->size();
      }
    }
    Add(response.body);
    return;
  }
  head_ = gzip::Header();
  std::uint32_t crc = gzip::Crc32({});
  for (const auto& part : response.shared_parts) {
    crc = gzip::CombineCrc32(crc, part->crc32(), part->size());
  }
  crc = gzip::CombineCrc32(crc, gzip::Crc32(response.body), response.body.size());
  tail_ = gzip::Deflate(response.body, /*final=*/true) + gzip::Trailer(crc, plain_size);
  Add(head_);
  for (const auto& part : response.shared_parts) Add(part->deflated());
  Add(tail_);
}

bool Pieces::Write(const std::function<bool(std::string_view)>& sink) const {
  for (const auto& segment : segments_) {
    const bool ok = segment.inflate ? segment.inflate->WriteText(sink)
                                    : segment.bytes.empty() || sink(segment.bytes);
    if (!ok) return false;
  }
  return true;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Connects and hangs up at once, so that a listener blocked in poll() wakes.
void WakeListener(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  (void)connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  close(fd);
}

int AcceptAnyClientCert(int /*preverify_ok*/, X509_STORE_CTX* /*store*/) { return 1; }

int TlsVersion(const std::string& name) {
  if (name == "TLS10") return TLS1_VERSION;
  if (name == "TLS11") return TLS1_1_VERSION;
  if (name == "TLS12") return TLS1_2_VERSION;
  return TLS1_3_VERSION;
}

}  // namespace

std::string HttpRequest::Header(std::string_view name) const {
  auto it = headers.find(Lower(name));
  return it == headers.end() ? std::string() : it->second;
}

std::optional<std::string> HttpRequest::QueryParam(std::string_view name) const {
  std::string value(query.size() + 1, '\0');
  const int n = mg_get_var(query.data(), query.size(), std::string(name).c_str(),
                           value.data(), value.size());
  if (n < 0) return std::nullopt;
  value.resize(static_cast<std::size_t>(n));
  return value;
}

HttpResponse HttpResponse::Text(int status, std::string body) {
  return HttpResponse{status, "text/plain; charset=utf-8", std::move(body), {}, {}};
}
HttpResponse HttpResponse::Json(int status, std::string body) {
  return HttpResponse{status, "application/json", std::move(body), {}, {}};
}
HttpResponse HttpResponse::Html(int status, std::string body) {
  return HttpResponse{status, "text/html; charset=utf-8", std::move(body), {}, {}};
}

std::string ToCivetwebPort(std::string_view address) {
  const auto bad = [&](std::string_view why) {
    return ConfigError("--web.listen-address: \"" + std::string(address) + "\": " +
                       std::string(why));
  };
  const auto colon = address.rfind(':');
  if (colon == std::string_view::npos) throw bad("expected host:port or :port");
  std::string host(address.substr(0, colon));
  const std::string_view port_text = address.substr(colon + 1);
  int port = -1;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port < 0 ||
      port > 65535) {
    throw bad("invalid port");
  }
  if (host.starts_with('[')) throw bad("IPv6 listen addresses are not supported by civetweb here");
  if (host.empty() || host == "0.0.0.0") return std::to_string(port);
  if (host == "localhost") host = "127.0.0.1";
  in_addr parsed{};
  if (inet_pton(AF_INET, host.c_str(), &parsed) != 1) throw bad("host must be an IPv4 address");
  return host + ":" + std::to_string(port);
}

bool IsLoopbackAddress(std::string_view address) {
  const auto colon = address.rfind(':');
  const std::string_view host = address.substr(0, colon == std::string_view::npos ? 0 : colon);
  return host == "localhost" || host.starts_with("127.");
}

struct HttpServer::Impl {
  struct Route {
    HttpHandler handler;
    RouteOptions options;
  };

  HttpServerOptions options;
  WebConfig web_config;
  std::unique_ptr<Authenticator> authenticator;
  std::map<std::string, Route, std::less<>> routes;
  mg_context* context = nullptr;
  std::vector<int> ports;

  static int Dispatch(mg_connection* conn, void* data) {
    auto* self = static_cast<Impl*>(data);
    try {
      return self->Serve(conn);
    } catch (const std::exception& e) {
      // Nothing may unwind into civetweb: answer 500 and carry on.
      spdlog::error("http: internal error: {}", e.what());
    } catch (...) {
      spdlog::error("http: internal error: unknown exception");
    }
    return self->Send(conn, "GET", HttpResponse::Text(500, "internal error\n"), false);
  }

  static int InitTls(void* ssl_ctx, void* data) {
    auto* self = static_cast<Impl*>(data);
    return self->ConfigureTls(static_cast<SSL_CTX*>(ssl_ctx)) ? 1 : -1;
  }

  bool ConfigureTls(SSL_CTX* ctx) {
    const TlsServerConfig& tls = *web_config.tls;
    if (SSL_CTX_use_certificate_chain_file(ctx, tls.cert_file.c_str()) != 1 ||
        SSL_CTX_use_PrivateKey_file(ctx, tls.key_file.c_str(), SSL_FILETYPE_PEM) != 1 ||
        SSL_CTX_check_private_key(ctx) != 1) {
      spdlog::error("tls: cannot load cert_file {} / key_file {}", tls.cert_file, tls.key_file);
      return false;
    }
    SSL_CTX_set_min_proto_version(ctx, TlsVersion(tls.min_version));
    SSL_CTX_set_max_proto_version(ctx, TlsVersion(tls.max_version));
    if (!tls.client_ca_file.empty()) {
      if (SSL_CTX_load_verify_locations(ctx, tls.client_ca_file.c_str(), nullptr) != 1) {
        spdlog::error("tls: cannot load client_ca_file {}", tls.client_ca_file);
        return false;
      }
      SSL_CTX_set_client_CA_list(ctx, SSL_load_client_CA_file(tls.client_ca_file.c_str()));
    }
    const std::string& type = tls.client_auth_type;
    if (type == "RequestClientCert") {
      SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, AcceptAnyClientCert);
    } else if (type == "RequireAnyClientCert") {
      SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT,
                         AcceptAnyClientCert);
    } else if (type == "VerifyClientCertIfGiven") {
      SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
    } else if (type == "RequireAndVerifyClientCert") {
      SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
    } else {
      SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);
    }
    return true;
  }

  int Serve(mg_connection* conn) {
    const mg_request_info* info = mg_get_request_info(conn);
    HttpRequest request;
    request.method = info->request_method ? info->request_method : "";
    request.path = info->local_uri ? info->local_uri : "/";
    request.query = info->query_string ? info->query_string : "";
    request.remote_addr = info->remote_addr;
    for (int i = 0; i < info->num_headers; ++i) {
      request.headers[Lower(info->http_headers[i].name)] = info->http_headers[i].value;
    }
    const auto route = routes.find(request.path);
    if (route == routes.end()) {
      return Send(conn, request.method, HttpResponse::Text(404, "404 page not found\n"), false);
    }
    const RouteOptions& route_options = route->second.options;
    if (!MethodAllowed(route_options, request.method)) {
      auto response = HttpResponse::Text(405, "method not allowed\n");
      response.headers.emplace_back("Allow", AllowHeader(route_options));
      return Send(conn, request.method, response, false);
    }
    if (route_options.require_auth && authenticator->Enabled()) {
      auto user = authenticator->Check(request.Header("authorization"));
      if (!user) {
        auto response = HttpResponse::Text(401, "Unauthorized\n");
        response.headers.emplace_back("WWW-Authenticate", "Basic realm=\"restricted\"");
        return Send(conn, request.method, response, false);
      }
      request.user = *user;
    }
    if (info->content_length > 0 &&
        static_cast<std::size_t>(info->content_length) > route_options.max_body_bytes) {
      return Send(conn, request.method, TooLarge(route_options), false);
    }
    if (!ReadBody(conn, route_options.max_body_bytes, request.body)) {
      return Send(conn, request.method, TooLarge(route_options), false);
    }
    HttpResponse response = route->second.handler(request);
    const bool gzip_ok = request.Header("accept-encoding").find("gzip") != std::string::npos;
    return Send(conn, request.method, response, gzip_ok);
  }

  static HttpResponse TooLarge(const RouteOptions& options) {
    return HttpResponse::Text(413, "request body larger than " +
                                       std::to_string(options.max_body_bytes) + " bytes\n");
  }

  static bool ReadBody(mg_connection* conn, std::size_t limit, std::string& body) {
    char buffer[16384];
    for (;;) {
      const int n = mg_read(conn, buffer, sizeof buffer);
      if (n <= 0) return true;
      if (body.size() + static_cast<std::size_t>(n) > limit) return false;
      body.append(buffer, static_cast<std::size_t>(n));
    }
  }

  static bool MethodAllowed(const RouteOptions& options, const std::string& method) {
    if (options.methods.empty()) return method == "GET" || method == "HEAD";
    return std::find(options.methods.begin(), options.methods.end(), method) !=
           options.methods.end();
  }

  static std::string AllowHeader(const RouteOptions& options) {
    if (options.methods.empty()) return "GET, HEAD";
    std::string allow;
    for (const auto& method : options.methods) allow += (allow.empty() ? "" : ", ") + method;
    return allow;
  }

  int Send(mg_connection* conn, const std::string& method, const HttpResponse& response,
           bool gzip_ok) {
    const Pieces pieces(response, gzip_ok);
    const std::uint64_t length = pieces.size();
    // One write for the status line, the headers and a small body: written
    // header by header (as mg_response_header_send does), a response is
    // several packets under TCP_NODELAY and several wake-ups of the client.
    std::string head = "HTTP/1.1 " + std::to_string(response.status) + " " +
                       mg_get_response_code_text(conn, response.status) + "\r\n";
    const auto add_header = [&head](std::string_view name, std::string_view value) {
      head.append(name).append(": ").append(value).append("\r\n");
    };
    add_header("Content-Type", response.content_type);
    add_header("Content-Length", std::to_string(length));
    if (pieces.gzip()) add_header("Content-Encoding", "gzip");
    for (const auto& [name, value] : response.headers) add_header(name, value);
    for (const auto& [name, value] : web_config.headers) add_header(name, value);
    head += "\r\n";
    const bool with_body = method != "HEAD";
    if (with_body && length <= kCoalesceBytes) {
      pieces.Write([&head](std::string_view piece) {
        head.append(piece);
        return true;
      });
    }
    if (mg_write(conn, head.data(), head.size()) <= 0) return response.status;
    if (!with_body || length <= kCoalesceBytes) return response.status;
    pieces.Write([conn](std::string_view piece) {
      return mg_write(conn, piece.data(), piece.size()) > 0;
    });
    return response.status;
  }
};

HttpServer::HttpServer(HttpServerOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  if (!impl_->options.web_config_file.empty()) {
    impl_->web_config = LoadWebConfig(impl_->options.web_config_file);
  }
  impl_->authenticator = std::make_unique<Authenticator>(impl_->web_config);
}

HttpServer::~HttpServer() { Stop(); }

void HttpServer::Handle(std::string path, HttpHandler handler, RouteOptions options) {
  impl_->routes[std::move(path)] = Impl::Route{std::move(handler), std::move(options)};
}

bool HttpServer::AuthEnabled() const { return impl_->web_config.AuthEnabled(); }

void HttpServer::Start() {
  static std::once_flag init;
  std::call_once(init, [] { mg_init_library(MG_FEATURES_SSL); });
  if (impl_->options.listen_addresses.empty()) {
    throw ConfigError("--web.listen-address: at least one address is required");
  }
  const bool tls = impl_->web_config.tls.has_value();
  std::string ports;
  for (const auto& address : impl_->options.listen_addresses) {
    if (!ports.empty()) ports += ',';
    ports += ToCivetwebPort(address) + (tls ? "s" : "");
  }
  const std::string threads = std::to_string(std::max(2, impl_->options.num_threads));
  const std::string timeout = std::to_string(impl_->options.request_timeout.count());
  const bool keep_alive = impl_->options.keep_alive_timeout.count() > 0;
  const std::string keep_alive_timeout = std::to_string(impl_->options.keep_alive_timeout.count());
  std::vector<const char*> civet_options{
      "listening_ports", ports.c_str(), "num_threads", threads.c_str(),
      "request_timeout_ms", timeout.c_str(), "enable_keep_alive", keep_alive ? "yes" : "no",
      // Without it Nagle's algorithm meets the client's delayed ACK and a
      // kept-alive scrape waits ~40 ms for nothing.
      "tcp_nodelay", "1"};
  // Only a kept-alive connection waits for a second request, so only then
  // does the wait need a bound.
  if (keep_alive) {
    civet_options.insert(civet_options.end(), {"keep_alive_timeout_ms", keep_alive_timeout.c_str()});
  }
  civet_options.push_back(nullptr);
  mg_callbacks callbacks{};
  if (tls) callbacks.init_ssl = &Impl::InitTls;
  char error_text[256] = "";
  mg_init_data init_data{&callbacks, impl_.get(), civet_options.data()};
  mg_error_data error_data{};
  error_data.text = error_text;
  error_data.text_buffer_size = sizeof error_text;
  impl_->context = mg_start2(&init_data, &error_data);
  if (impl_->context == nullptr) {
    throw std::runtime_error("cannot listen on " + ports + ": " + error_text);
  }
  // One catch-all handler: routing, auth and limits are ours, not civetweb's.
  mg_set_request_handler(impl_->context, "**", &Impl::Dispatch, impl_.get());
  std::vector<mg_server_port> bound(impl_->options.listen_addresses.size() + 4);
  const int n = mg_get_server_ports(impl_->context, static_cast<int>(bound.size()), bound.data());
  for (int i = 0; i < n; ++i) impl_->ports.push_back(bound[static_cast<std::size_t>(i)].port);
}

void HttpServer::Stop() {
  if (impl_->context == nullptr) return;
  mg_context* context = std::exchange(impl_->context, nullptr);
  // civetweb's master thread notices the stop flag only between polls of up
  // to two seconds; stopping in the background and waking it with a
  // connection keeps shutdown well inside the two seconds operators expect.
  auto stopped = std::async(std::launch::async, [context] { mg_stop(context); });
  // Until the master thread has seen the flag, poke it every 20 ms.
  while (stopped.wait_for(std::chrono::milliseconds(20)) != std::future_status::ready) {
    for (int port : impl_->ports) WakeListener(port);
  }
}

std::vector<int> HttpServer::Ports() const { return impl_->ports; }

}  // namespace exporter_kit
