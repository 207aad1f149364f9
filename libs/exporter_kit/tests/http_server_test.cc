// The HTTP layer against real clients (libcurl) over loopback: routing,
// limits, basic auth with bcrypt, TLS and client certificates.
#include "exporter_kit/http.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <memory>
#include <vector>

#include "exporter_kit/config.h"
#include "bcrypt_for_tests.h"
#include "test_support/test_support.h"

namespace exporter_kit {
namespace {
using testing::BcryptHash;
using namespace std::chrono_literals;
using test_support::HttpOptions;
using test_support::HttpRequest;
using test_support::TempDir;

// A CA, a server certificate for 127.0.0.1 and a client certificate, made
// with the openssl CLI once for the whole suite.
class Certificates {
 public:
  Certificates() {
    Run("openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj /CN=TestCA");
    Run("openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj /CN=localhost");
    dir_.Write("san.ext", "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
    Run("openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 "
        "-extfile san.ext -out server.pem");
    Run("openssl req -newkey rsa:2048 -nodes -keyout client.key -out client.csr -subj /CN=client");
    Run("openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -out client.pem");
  }
  std::string Path(const std::string& name) const { return (dir_.path() / name).string(); }
  const TempDir& dir() const { return dir_; }

 private:
  void Run(const std::string& command) {
    auto result = test_support::RunCommand({"sh", "-c", "cd " + dir_.path().string() + " && " + command});
    ASSERT_EQ(result.exit_code, 0) << result.output;
  }
  TempDir dir_;
};

// Text of a part the server holds compressed only: a plain response
// inflates it as it writes.
const std::string kCompressedOnlyText = [] {
  std::string text;
  for (int i = 0; i < 5000; ++i) text += "compressed_only{n=\"" + std::to_string(i) + "\"} 1\n";
  return text;
}();

BodyPart CompressedOnly(const std::string& text) {
  const BodyPart whole(text);
  return BodyPart::Compressed(whole.deflated(), whole.crc32(), whole.size());
}

std::unique_ptr<HttpServer> StartServer(HttpServerOptions options) {
  options.listen_addresses = {"127.0.0.1:0"};
  auto server = std::make_unique<HttpServer>(options);
  server->Handle("/echo", [](const exporter_kit::HttpRequest& request) {
    return HttpResponse::Text(200, request.method + " " + request.body + " user=" + request.user +
                                       " q=" + request.QueryParam("q").value_or("-"));
  }, RouteOptions{16, {"POST", "GET"}, true});
  server->Handle("/throws", [](const exporter_kit::HttpRequest&) -> HttpResponse {
    throw std::runtime_error("boom");
  });
  server->Handle("/big", [](const exporter_kit::HttpRequest&) {
    return HttpResponse::Text(200, std::string(100000, 'x'));
  });
  // Shared parts compressed once, one of them kept compressed only, then a
  // body of the response's own.
  static const auto kParts = std::vector<std::shared_ptr<const BodyPart>>{
      std::make_shared<BodyPart>(std::string(30000, 'a') + "first part\n"),
      std::make_shared<BodyPart>(std::string()),
      std::make_shared<BodyPart>(CompressedOnly(kCompressedOnlyText)),
      std::make_shared<BodyPart>("second part " + std::string(20000, 'b') + "\n")};
  server->Handle("/shared", [](const exporter_kit::HttpRequest&) {
    auto response = HttpResponse::Text(200, "own body\n");
    response.shared_parts = kParts;
    return response;
  });
  server->Start();
  return server;
}

std::unique_ptr<HttpServer> StartServer(const std::string& web_config = "") {
  HttpServerOptions options;
  options.web_config_file = web_config;
  return StartServer(options);
}

std::string Url(const HttpServer& server, const std::string& path, bool tls = false) {
  return std::string(tls ? "https" : "http") + "://127.0.0.1:" +
         std::to_string(server.Ports().at(0)) + path;
}

TEST(HttpServerTest, RoutesLimitsAndErrors) {
  auto server = StartServer();
  HttpOptions post;
  post.method = "POST";
  post.body = "hello";
  EXPECT_EQ(HttpRequest(Url(*server, "/echo?q=1"), post).body, "POST hello user= q=1");
  post.body = std::string(17, 'x');
  EXPECT_EQ(HttpRequest(Url(*server, "/echo"), post).status, 413);
  HttpOptions put;
  put.method = "PUT";
  EXPECT_EQ(HttpRequest(Url(*server, "/echo"), put).status, 405);
  EXPECT_EQ(HttpRequest(Url(*server, "/missing")).status, 404);
  // An exception in a handler is a 500, and the server lives on.
  EXPECT_EQ(HttpRequest(Url(*server, "/throws")).status, 500);
  EXPECT_EQ(HttpRequest(Url(*server, "/echo")).status, 200);
}

TEST(HttpServerTest, CompressesLargeResponsesWhenAsked) {
  auto server = StartServer();
  HttpOptions gzip;
  gzip.headers = {"Accept-Encoding: gzip"};
  const auto compressed = HttpRequest(Url(*server, "/big"), gzip);
  EXPECT_EQ(compressed.headers.at("content-encoding"), "gzip");
  EXPECT_LT(compressed.body.size(), 10000u);
  const auto plain = HttpRequest(Url(*server, "/big"));
  EXPECT_EQ(plain.body.size(), 100000u);
}

TEST(HttpServerTest, SharedPartsAreSentBeforeTheBodyPlainOrAsOneValidGzipStream) {
  auto server = StartServer();
  const std::string expected = std::string(30000, 'a') + "first part\n" +
                               kCompressedOnlyText + "second part " +
                               std::string(20000, 'b') + "\nown body\n";
  const auto plain = HttpRequest(Url(*server, "/shared"));
  EXPECT_EQ(plain.body, expected);
  EXPECT_EQ(plain.headers.at("content-length"), std::to_string(expected.size()));
  HttpOptions gzip;
  gzip.headers = {"Accept-Encoding: gzip"};
  const auto compressed = HttpRequest(Url(*server, "/shared"), gzip);
  EXPECT_EQ(compressed.headers.at("content-encoding"), "gzip");
  EXPECT_EQ(compressed.headers.at("content-length"), std::to_string(compressed.body.size()));
  // gzip -d checks the trailer's CRC-32 and length against the data.
  test_support::TempDir dir;
  const auto file = dir.Write("body.gz", compressed.body);
  const auto gunzip = test_support::RunCommand({"gzip", "-dc", file.string()});
  ASSERT_EQ(gunzip.exit_code, 0) << gunzip.output;
  EXPECT_EQ(gunzip.output, expected);
}

TEST(HttpServerTest, BasicAuthRejectsWrongPasswordsWith401) {
  TempDir dir;
  const auto config = dir.Write("web.yml", "basic_auth_users:\n  alice: " + BcryptHash("pw") + "\n");
  auto server = StartServer(config.string());
  EXPECT_TRUE(server->AuthEnabled());
  HttpOptions options;
  EXPECT_EQ(HttpRequest(Url(*server, "/echo"), options).status, 401);
  options.user_password = "alice:nope";
  const auto denied = HttpRequest(Url(*server, "/echo"), options);
  EXPECT_EQ(denied.status, 401);
  EXPECT_EQ(denied.headers.at("www-authenticate"), "Basic realm=\"restricted\"");
  options.user_password = "alice:pw";
  const auto allowed = HttpRequest(Url(*server, "/echo"), options);
  EXPECT_EQ(allowed.status, 200);
  EXPECT_NE(allowed.body.find("user=alice"), std::string::npos);
}

TEST(HttpServerTest, ServesTlsAndEnforcesClientCertificates) {
  Certificates certs;
  const auto config = certs.dir().Write(
      "web.yml", "tls_server_config:\n  cert_file: " + certs.Path("server.pem") +
                     "\n  key_file: " + certs.Path("server.key") + "\n  client_ca_file: " +
                     certs.Path("ca.pem") + "\n  client_auth_type: RequireAndVerifyClientCert\n");
  auto server = StartServer(config.string());
  HttpOptions options;
  options.ca_file = certs.Path("ca.pem");
  EXPECT_EQ(HttpRequest(Url(*server, "/echo", true), options).status, 0)
      << "a client without a certificate must fail the handshake";
  options.client_cert = certs.Path("client.pem");
  options.client_key = certs.Path("client.key");
  EXPECT_EQ(HttpRequest(Url(*server, "/echo", true), options).status, 200);
  EXPECT_EQ(HttpRequest(Url(*server, "/echo", false), options).status, 0)
      << "plain HTTP on a TLS port must not be served";
}

TEST(HttpServerTest, TlsWithoutClientAuth) {
  Certificates certs;
  const auto config = certs.dir().Write(
      "web.yml", "tls_server_config:\n  cert_file: " + certs.Path("server.pem") +
                     "\n  key_file: " + certs.Path("server.key") + "\n");
  auto server = StartServer(config.string());
  HttpOptions options;
  options.ca_file = certs.Path("ca.pem");
  EXPECT_EQ(HttpRequest(Url(*server, "/echo", true), options).status, 200);
}

TEST(HttpServerTest, ListenAddressConversion) {
  EXPECT_EQ(ToCivetwebPort(":9308"), "9308");
  EXPECT_EQ(ToCivetwebPort("0.0.0.0:9308"), "9308");
  EXPECT_EQ(ToCivetwebPort("127.0.0.1:0"), "127.0.0.1:0");
  EXPECT_EQ(ToCivetwebPort("localhost:80"), "127.0.0.1:80");
  for (const char* bad : {"9308", ":99999", "host:port", "example.com:80", "[::1]:80", ":"}) {
    EXPECT_THROW(ToCivetwebPort(bad), ConfigError) << bad;
  }
  EXPECT_TRUE(IsLoopbackAddress("127.0.0.1:9312"));
  EXPECT_TRUE(IsLoopbackAddress("localhost:9312"));
  EXPECT_FALSE(IsLoopbackAddress(":9312"));
  EXPECT_FALSE(IsLoopbackAddress("0.0.0.0:9312"));
}

TEST(HttpServerTest, StopIsQuickEvenWithAnIdleKeepAliveClient) {
  auto server = StartServer();
  EXPECT_EQ(HttpRequest(Url(*server, "/echo")).status, 200);
  const auto started = std::chrono::steady_clock::now();
  server->Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1500ms);
}

// A client that sends one complete keep-alive request and then stays idle
// on the open connection, as a slow or hostile client would.
class IdleKeepAliveClient {
 public:
  explicit IdleKeepAliveClient(int port) : fd_(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    const std::string request =
        "GET /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n";
    EXPECT_EQ(send(fd_, request.data(), request.size(), MSG_NOSIGNAL),
              static_cast<ssize_t>(request.size()));
  }
  ~IdleKeepAliveClient() { close(fd_); }
  IdleKeepAliveClient(const IdleKeepAliveClient&) = delete;
  IdleKeepAliveClient& operator=(const IdleKeepAliveClient&) = delete;

  /// True once the server has closed the connection (its answer read and
  /// dropped), false if it is still open after `limit`.
  bool ClosedByServerWithin(std::chrono::milliseconds limit) const {
    const timeval wait{0, 100'000};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
    const auto until = std::chrono::steady_clock::now() + limit;
    char buffer[4096];
    while (std::chrono::steady_clock::now() < until) {
      const ssize_t n = recv(fd_, buffer, sizeof buffer, 0);
      if (n == 0) return true;
      if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) return true;  // reset
    }
    return false;
  }

 private:
  int fd_;
};

// Security finding S7: an idle keep-alive connection holds a worker thread,
// so as many idle clients as threads used to stall the server for 30 s.
TEST(HttpServerTest, IdleKeepAliveConnectionsCannotStallTheServer) {
  HttpServerOptions options;
  options.num_threads = 2;
  options.keep_alive_timeout = 300ms;
  auto server = StartServer(options);
  const int port = server->Ports().at(0);
  std::vector<std::unique_ptr<IdleKeepAliveClient>> idle;
  for (int i = 0; i < 4; ++i) idle.push_back(std::make_unique<IdleKeepAliveClient>(port));
  HttpOptions get;
  get.timeout = 5s;
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(HttpRequest(Url(*server, "/echo"), get).status, 200);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
  for (const auto& client : idle) EXPECT_TRUE(client->ClosedByServerWithin(2s));
}

TEST(HttpServerTest, ZeroKeepAliveTimeoutClosesAfterEachResponse) {
  HttpServerOptions options;
  options.keep_alive_timeout = 0ms;
  auto server = StartServer(options);
  IdleKeepAliveClient client(server->Ports().at(0));
  EXPECT_TRUE(client.ClosedByServerWithin(1s));
}

}  // namespace
}  // namespace exporter_kit
