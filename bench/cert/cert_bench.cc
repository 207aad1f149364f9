// kafka-cert-exporter benchmark:
//  1. full parse of 1,000 certificates across PEM, DER, PKCS#12, JKS and
//     JCEKS (read, detect, parse, digest/MAC check, decode) - goal < 200 ms;
//  2. 10 live TLS endpoints probed concurrently, and 10 silent ones that
//     must cost one timeout, not ten.
// Usage: kafka_cert_bench   (run from a release build)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>

#include "cert_scan.h"
#include "store_writer.h"
#include "test_support/test_support.h"
#include "tls_server.h"

namespace {

using namespace kafka_cert;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

/// Writes 1,000 certificates: 400 in 4 PEM bundles, 200 DER files, 200 in
/// 4 PKCS#12 stores, 100 in a JKS and 100 in a JCEKS store.
ScanOptions WriteCorpus(const fs::path& dir) {
  auto certs = bench::MakeCertificates(1000);
  auto slice = [&](int from, int count) {
    return std::vector<bench::Der>(certs.begin() + from, certs.begin() + from + count);
  };
  for (const char* sub : {"pem", "der", "p12", "java"}) fs::create_directories(dir / sub);
  for (int i = 0; i < 4; ++i) {
    bench::WritePemBundle(dir / "pem" / ("bundle" + std::to_string(i) + ".pem"),
                          slice(i * 100, 100));
    bench::WritePkcs12(dir / "p12" / ("store" + std::to_string(i) + ".p12"),
                       slice(600 + i * 50, 50), "changeit");
  }
  for (int i = 0; i < 200; ++i) {
    bench::WriteDer(dir / "der" / ("cert" + std::to_string(i) + ".der"), certs[400 + i]);
  }
  bench::WriteJavaStore(dir / "java" / "trust.jks", slice(800, 100), "changeit", false);
  bench::WriteJavaStore(dir / "java" / "trust.jceks", slice(900, 100), "changeit", true);
  ScanOptions options;
  options.files = {{(dir / "pem").string(), std::nullopt},
                   {(dir / "der").string(), std::nullopt},
                   {(dir / "p12").string(), "changeit"},
                   {(dir / "java").string(), "changeit"}};
  return options;
}

std::size_t CountCertificates(const Snapshot& snapshot) {
  std::size_t n = 0;
  for (const auto& source : snapshot.sources) {
    if (!source.Up()) std::fprintf(stderr, "source %s failed\n", source.name.c_str());
    n += source.certs.size();
  }
  return n;
}

void BenchParse(const ScanOptions& options) {
  std::vector<double> cold;
  std::size_t certificates = 0;
  for (int run = 0; run < 7; ++run) {
    CertScan scan(options);  // fresh: nothing cached
    auto start = Clock::now();
    certificates = CountCertificates(scan.Run(Clock::now() + 60s));
    cold.push_back(Ms(Clock::now() - start));
  }
  std::sort(cold.begin(), cold.end());
  CertScan warm_scan(options);
  warm_scan.Run(Clock::now() + 60s);
  auto start = Clock::now();
  warm_scan.Run(Clock::now() + 60s);
  double warm = Ms(Clock::now() - start);
  std::printf("parse: %zu certificates in 210 files (PEM, DER, PKCS#12, JKS, JCEKS)\n",
              certificates);
  std::printf("  full parse, cold:   median %.1f ms, min %.1f ms, max %.1f ms (goal < 200 ms)\n",
              cold[cold.size() / 2], cold.front(), cold.back());
  std::printf("  unchanged files:    %.1f ms (parsed results reused by mtime and size)\n", warm);
}

void BenchProbes(const fs::path& dir) {
  constexpr int kEndpoints = 10;
  bench::WriteServerPair(dir / "server.pem", dir / "server.key");
  std::vector<std::unique_ptr<testing::TlsServer>> servers;
  std::vector<ProbeRequest> live;
  for (int i = 0; i < kEndpoints; ++i) {
    servers.push_back(std::make_unique<testing::TlsServer>((dir / "server.pem").string(),
                                                           (dir / "server.key").string()));
    live.push_back({ParseTarget(servers.back()->address()), {}});
  }
  TlsProber prober;  // built once per process, as the exporter does
  auto start = Clock::now();
  auto results = ProbeAll(prober, live, Clock::now() + 5s, kEndpoints);
  double live_ms = Ms(Clock::now() - start);
  double slowest = 0;
  int ok = 0;
  for (const auto& r : results) {
    ok += r.error ? 0 : 1;
    slowest = std::max(slowest, r.duration.count() * 1000);
  }
  std::printf("probe: %d live TLS endpoints (openssl s_server), concurrency %d\n", kEndpoints,
              kEndpoints);
  std::printf("  wall %.1f ms, slowest single probe %.1f ms, %d/%d chains read\n", live_ms,
              slowest, ok, kEndpoints);

  constexpr auto kTimeout = 1000ms;
  std::vector<std::unique_ptr<testing::SilentListener>> silent;
  std::vector<ProbeRequest> stuck;
  for (int i = 0; i < kEndpoints; ++i) {
    silent.push_back(std::make_unique<testing::SilentListener>());
    stuck.push_back({ParseTarget("127.0.0.1:" + std::to_string(silent.back()->port())), {}});
  }
  start = Clock::now();
  ProbeAll(prober, stuck, Clock::now() + kTimeout, 8);
  std::printf("probe: %d silent endpoints (accept, never answer), timeout %lld ms, "
              "concurrency 8\n  wall %.1f ms (serialised would be %lld ms)\n",
              kEndpoints, static_cast<long long>(kTimeout.count()), Ms(Clock::now() - start),
              static_cast<long long>(kTimeout.count() * kEndpoints));
}

}  // namespace

int main() {
  test_support::TempDir dir;
  BenchParse(WriteCorpus(dir.path() / "corpus"));
  BenchProbes(dir.path());
  return 0;
}
