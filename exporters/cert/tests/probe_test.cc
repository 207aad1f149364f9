// TLS probes against real `openssl s_server` peers on loopback.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cert_fixtures.h"
#include "certificate.h"
#include "probe_pool.h"
#include "store_parser.h"
#include "tls_server.h"

namespace kafka_cert {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::Fixtures;
using testing::ReadBytes;
using testing::SilentListener;
using testing::TlsServer;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

TrustAnchors RootAnchor() {
  return {ParseStore(ReadBytes(Fixtures() / "root.pem"), std::nullopt).entries.at(0).der};
}

const TlsProber& Prober() {
  static const TlsProber prober;
  return prober;
}

ProbeResult Probe(const std::string& address, const TrustAnchors& anchors = {},
                  std::chrono::milliseconds timeout = 5s) {
  return Prober().Probe(ParseTarget(address), Clock::now() + timeout, anchors);
}

std::vector<std::string> Subjects(const ProbeResult& result) {
  std::vector<std::string> out;
  for (const auto& der : result.chain) out.push_back(DescribeCertificate(der).subject_cn);
  return out;
}

TEST(TlsProbeTest, RecordsTheServedChainAndVerifiesItAgainstAnchors) {
  TlsServer server("server.pem", "server.key",
                   {"-cert_chain", (Fixtures() / "intermediate.crt").string()});
  ProbeResult result = Probe(server.address(), RootAnchor());
  ASSERT_FALSE(result.error) << result.error->what();
  EXPECT_THAT(Subjects(result), ElementsAre("localhost", "Test Intermediate CA"));
  EXPECT_TRUE(result.handshake_complete);
  EXPECT_TRUE(result.verified) << result.verify_error;
  EXPECT_EQ(result.verify_error, "");
  EXPECT_EQ(result.tls_version, "TLSv1.3");
  EXPECT_FALSE(result.client_cert_requested);
}

TEST(TlsProbeTest, UntrustedChainIsStillRecordedWithTheReason) {
  TlsServer server("server.pem", "server.key");
  ProbeResult result = Probe(server.address());  // system CAs do not know ours
  ASSERT_FALSE(result.error);
  EXPECT_THAT(Subjects(result), ElementsAre("localhost"));
  EXPECT_FALSE(result.verified);
  EXPECT_EQ(result.verify_error, "unable to get local issuer certificate");
}

TEST(TlsProbeTest, ExpiredServedCertificateIsRecorded) {
  TlsServer server("expired.pem", "expired.key",
                   {"-cert_chain", (Fixtures() / "intermediate.crt").string()});
  ProbeResult result = Probe(server.address(), RootAnchor());
  ASSERT_FALSE(result.error);
  EXPECT_THAT(Subjects(result), ElementsAre("expired.test", "Test Intermediate CA"));
  EXPECT_FALSE(result.verified);
  EXPECT_EQ(result.verify_error, "certificate has expired");
}

TEST(TlsProbeTest, ChainIsReadWhenTheServerDemandsAClientCertificate) {
  for (const char* version : {"-tls1_3", "-tls1_2"}) {
    TlsServer server("server.pem", "server.key",
                     {"-Verify", "1", "-CAfile", (Fixtures() / "root.pem").string(), version});
    ProbeResult result = Probe(server.address(), RootAnchor());
    ASSERT_FALSE(result.error) << version << ": " << result.error->what();
    EXPECT_THAT(Subjects(result), ElementsAre("localhost")) << version;
    EXPECT_TRUE(result.client_cert_requested) << version;
    EXPECT_EQ(result.tls_version, version == std::string("-tls1_3") ? "TLSv1.3" : "TLSv1.2");
  }
}

TEST(TlsProbeTest, SniSelectsTheServedCertificate) {
  TlsServer server("server.pem", "server.key",
                   {"-servername", "other.test", "-cert2", (Fixtures() / "future.pem").string(),
                    "-key2", (Fixtures() / "future.key").string()});
  ProbeTarget target = ParseTarget(server.address());
  EXPECT_THAT(Subjects(Prober().Probe(target, Clock::now() + 5s, {})), ElementsAre("localhost"));
  target.server_name = "other.test";
  EXPECT_THAT(Subjects(Prober().Probe(target, Clock::now() + 5s, {})), ElementsAre("future.test"));
}

TEST(TlsProbeTest, RefusedConnectionIsConnectFailed) {
  ProbeResult result = Probe("127.0.0.1:" + std::to_string(test_support::FreePort()));
  ASSERT_TRUE(result.error);
  EXPECT_EQ(result.error->reason(), ErrorReason::kConnectFailed);
  EXPECT_TRUE(result.chain.empty());
}

TEST(TlsProbeTest, SilentServerStopsAtTheDeadline) {
  SilentListener silent;
  auto start = Clock::now();
  ProbeResult result = Probe("127.0.0.1:" + std::to_string(silent.port()), {}, 300ms);
  ASSERT_TRUE(result.error);
  EXPECT_EQ(result.error->reason(), ErrorReason::kHandshakeFailed);
  EXPECT_THAT(result.error->what(), HasSubstr("timed out"));
  EXPECT_LT(Clock::now() - start, 3s);  // a hang check, not a speed goal
}

TEST(TlsProbeTest, PlainTextPeerIsAHandshakeFailure) {
  int port = test_support::FreePort();
  test_support::ChildProcess http({"python3", "-c",
                                   "import socket,sys\n"
                                   "s=socket.socket();s.bind(('127.0.0.1'," +
                                       std::to_string(port) +
                                       "));s.listen();print('READY',flush=True)\n"
                                       "c,_=s.accept();c.recv(4096);"
                                       "c.sendall(b'HTTP/1.0 400 Bad\\r\\n\\r\\n');c.close()\n"});
  ASSERT_TRUE(http.WaitForLine("READY", 10s));
  ProbeResult result = Probe("127.0.0.1:" + std::to_string(port));
  ASSERT_TRUE(result.error);
  EXPECT_EQ(result.error->reason(), ErrorReason::kHandshakeFailed);
}

TEST(ProbePoolTest, SlowEndpointsAreProbedConcurrentlyNotOneAfterAnother) {
  constexpr int kEndpoints = 6;
  constexpr auto kTimeout = 400ms;
  std::vector<std::unique_ptr<SilentListener>> silent;
  std::vector<ProbeRequest> requests;
  for (int i = 0; i < kEndpoints; ++i) {
    silent.push_back(std::make_unique<SilentListener>());
    requests.push_back({ParseTarget("127.0.0.1:" + std::to_string(silent.back()->port())), {}});
  }
  auto start = Clock::now();
  auto results = ProbeAll(Prober(), requests, Clock::now() + kTimeout, 8);
  auto elapsed = Clock::now() - start;
  ASSERT_EQ(results.size(), requests.size());
  for (const auto& result : results) {
    ASSERT_TRUE(result.error);
    EXPECT_EQ(result.error->reason(), ErrorReason::kHandshakeFailed);
  }
  // Serialised probes would take kEndpoints timeouts.
  EXPECT_LT(elapsed, kTimeout * kEndpoints);
}

TEST(ProbeTargetTest, ParsesHostsPortsAndRejectsNonsense) {
  ProbeTarget named = ParseTarget("broker1.example.com:9093");
  EXPECT_EQ(named.host, "broker1.example.com");
  EXPECT_EQ(named.port, 9093);
  EXPECT_EQ(named.server_name, "broker1.example.com");
  ProbeTarget v6 = ParseTarget("[::1]:9093");
  EXPECT_EQ(v6.host, "::1");
  EXPECT_EQ(v6.server_name, "");
  EXPECT_EQ(v6.Address(), "[::1]:9093");
  EXPECT_EQ(ParseTarget("127.0.0.1:1").server_name, "");
  for (const char* bad : {"", "host", "host:", ":9093", "host:0", "host:70000", "host:12a",
                          "::1:9093"}) {
    EXPECT_THROW(ParseTarget(bad), std::invalid_argument) << bad;
  }
}

}  // namespace
}  // namespace kafka_cert
