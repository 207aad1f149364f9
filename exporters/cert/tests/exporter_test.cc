// The kafka-cert-exporter binary end to end: real files, a real TLS
// listener, HTTP scrapes, promtool, and exit codes for bad configuration.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "cert_fixtures.h"
#include "test_support/test_support.h"
#include "tls_server.h"

namespace kafka_cert {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::Fixtures;
using testing::TlsServer;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

std::string Binary() { return test_support::FindBinary("kafka-cert-exporter").string(); }

/// The exporter on a free loopback port, ready (first collection done).
class Exporter {
 public:
  explicit Exporter(std::vector<std::string> flags, std::map<std::string, std::string> env = {}) {
    port_ = test_support::FreePort();
    std::vector<std::string> argv = {Binary(), "--web.listen-address=127.0.0.1:" +
                                                   std::to_string(port_)};
    argv.insert(argv.end(), flags.begin(), flags.end());
    process_ = std::make_unique<test_support::ChildProcess>(argv, env);
    bool ready = test_support::WaitFor(
        [&] { return test_support::HttpGet(Url("/-/ready")).status == 200; }, 20s);
    if (!ready) throw std::runtime_error("exporter not ready: " + process_->Stderr());
  }
  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  std::string Metrics() const { return test_support::HttpGet(Url("/metrics")).body; }
  test_support::ChildProcess& process() { return *process_; }

 private:
  int port_ = 0;
  std::unique_ptr<test_support::ChildProcess> process_;
};

/// The value of the one sample whose line contains every fragment.
std::optional<double> Sample(const std::string& text, const std::string& name,
                             const std::vector<std::string>& fragments) {
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind(name + "{", 0) != 0) continue;
    bool all = true;
    for (const auto& f : fragments) all &= line.find(f) != std::string::npos;
    if (all) return std::stod(line.substr(line.rfind(' ') + 1));
  }
  return std::nullopt;
}

std::string Path(const std::string& name) { return (Fixtures() / name).string(); }

TEST(CertExporterTest, ExposesFilesKeystoresAndListenersWithValidMetrics) {
  TlsServer listener("server.pem", "server.key",
                     {"-Verify", "1", "-CAfile", Path("root.pem")});
  test_support::TempDir dir;
  auto properties = dir.Write(
      "server.properties",
      "listeners=SSL://127.0.0.1:" + std::to_string(listener.port()) + "\n" +
          "advertised.listeners=SSL://localhost:" + std::to_string(listener.port()) + "\n" +
          "ssl.keystore.location=" + Path("renewed.p12") + "\n" +
          "ssl.keystore.password=${env:KAFKA_CERT_TEST_P12}\n" +
          "ssl.truststore.location=" + Path("truststore.jceks") + "\n");
  auto config = dir.Write("config.yml",
                          "sources:\n"
                          "  - path: " + Path("server.p12") + "\n"
                          "    password: env:KAFKA_CERT_TEST_P12\n"
                          "  - path: " + Path("legacy.p12") + "\n"
                          "    password: wrong\n");
  Exporter exporter({"--config.file=" + config.string(), "--source.path=" + Path("*.pem"),
                     "--source.path=" + Path("truncated_*"),
                     "--source.path=" + Path("garbage.bin"),
                     "--kafka.server-properties=" + properties.string()},
                    {{"KAFKA_CERT_TEST_P12", "changeit"}});
  std::string text = exporter.Metrics();
  EXPECT_EQ(test_support::PromtoolCheckMetrics(text), "");

  std::string expired = "filepath=\"" + Path("expired.pem") + "\"";
  EXPECT_EQ(Sample(text, "x509_cert_expired", {expired}), 1);
  EXPECT_EQ(Sample(text, "x509_cert_not_after", {expired}),
            testing::OpensslDate(Fixtures() / "expired.pem", "enddate"));
  std::string future = "filepath=\"" + Path("future.pem") + "\"";
  EXPECT_EQ(Sample(text, "x509_cert_expired", {future}), 0);
  EXPECT_GT(Sample(text, "x509_cert_not_before", {future}).value_or(0), testing::NowSeconds());
  EXPECT_EQ(Sample(text, "x509_cert_not_after",
                   {"filename=\"server.p12\"", "keystore_alias=\"server\"",
                    "entry_type=\"private_key\"", "chain_index=\"1\"",
                    "subject_CN=\"Test Intermediate CA\"", "format=\"pkcs12\""}),
            testing::OpensslDate(Fixtures() / "intermediate.pem", "enddate"));

  EXPECT_EQ(Sample(text, "x509_source_up", {"\"" + Path("legacy.p12") + "\""}), 0);
  EXPECT_EQ(Sample(text, "x509_source_errors_total",
                   {Path("legacy.p12"), "reason=\"bad_passphrase\""}), 1);
  // A truncated file of each format: an error with its reason, no crash.
  for (const auto& [file, reason] : std::vector<std::pair<std::string, std::string>>{
           {"truncated_server.jks", "bad_jks"},
           {"truncated_truststore.jceks", "bad_jks"},
           {"truncated_server.p12", "bad_pkcs12"},
           {"truncated_server.der", "bad_der"},
           {"truncated_chain3.pem", "bad_pem"}}) {
    EXPECT_EQ(Sample(text, "x509_source_up", {"\"" + Path(file) + "\""}), 0) << file;
    EXPECT_EQ(Sample(text, "x509_source_errors_total",
                     {Path(file), "reason=\"" + reason + "\""}), 1) << file;
  }
  EXPECT_EQ(Sample(text, "x509_source_errors_total",
                   {Path("garbage.bin"), "reason=\"unsupported_format\""}), 1);

  // The mTLS listener: chain read, client certificate demanded, verified by
  // the JCEKS truststore, but serving the old certificate.
  std::string endpoint = "source_name=\"" + listener.address() + "\"";
  EXPECT_EQ(Sample(text, "x509_source_up", {endpoint}), 1);
  EXPECT_EQ(Sample(text, "x509_cert_not_after", {endpoint, "subject_CN=\"localhost\""}),
            testing::OpensslDate(Fixtures() / "server.pem", "enddate"));
  EXPECT_EQ(Sample(text, "kafka_cert_endpoint_client_cert_required", {endpoint}), 1);
  EXPECT_EQ(Sample(text, "kafka_cert_endpoint_verified", {endpoint, "verify_error=\"unable"}),
            0);  // s_server sends no intermediate: the chain is incomplete
  EXPECT_EQ(Sample(text, "kafka_cert_served_matches_disk", {"listener=\"SSL\""}), 0);
  EXPECT_EQ(Sample(text, "kafka_cert_advertised_host_covered",
                   {"listener=\"SSL\"", "advertised_host=\"localhost\""}),
            1);
  std::smatch fingerprint;
  ASSERT_TRUE(std::regex_search(text, fingerprint,
                                std::regex("kafka_cert_info\\{[^}]*fingerprint_sha256=\"[0-9a-f]{64}\""
                                           "[^}]*subject_alternative_names=\"DNS:localhost,IP:127.0.0.1\"")));
  EXPECT_THAT(text, Not(HasSubstr("changeit")));
}

TEST(CertExporterTest, NeverWritesTheFilesItWatches) {
  test_support::TempDir dir;
  std::vector<fs::path> copies;
  for (const char* name : {"server.jks", "server.p12", "chain3.pem", "truncated_server.p12"}) {
    copies.push_back(dir.path() / name);
    fs::copy_file(Fixtures() / name, copies.back());
  }
  auto snapshot = [&] {
    std::vector<std::pair<std::string, long>> state;
    for (const auto& path : copies) {
      struct stat info {};
      stat(path.c_str(), &info);
      std::ifstream in(path, std::ios::binary);
      state.emplace_back(std::string(std::istreambuf_iterator<char>(in), {}),
                         info.st_mtim.tv_sec * 1'000'000'000L + info.st_mtim.tv_nsec);
    }
    return state;
  };
  auto before = snapshot();
  Exporter exporter({"--source.path=" + dir.path().string(), "--collect.interval=100ms"});
  // Let several collections run, then compare.
  auto last_run = [&] {
    return Sample(exporter.Metrics(), "kafka_cert_exporter_scrape_collector_last_success_timestamp_seconds",
                  {"certificates"}).value_or(0);
  };
  for (int run = 0; run < 3; ++run) {
    double seen = last_run();
    ASSERT_TRUE(test_support::WaitFor([&] { return last_run() > seen; }, 5s));
  }
  EXPECT_THAT(exporter.Metrics(), HasSubstr("x509_cert_not_after"));
  EXPECT_EQ(snapshot(), before);
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 4);
}

TEST(CertExporterTest, BadConfigurationExitsWithCodeTwoAndNamesTheProblem) {
  test_support::TempDir dir;
  auto unknown_key = dir.Write("unknown.yml", "sources:\n  - path: /x\n    passwd: y\n");
  auto not_a_list = dir.Write("map.yml", "sources:\n  path: /x\n");
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{}, "nothing to watch"},
      {{"--probe.target=nohost"}, "--probe.target"},
      {{"--probe.target=host:99999"}, "--probe.target"},
      {{"--source.path=/x", "--probe.concurrency=0"}, "--probe.concurrency"},
      {{"--source.path=/x", "--probe.timeout=0s"}, "--probe.timeout"},
      {{"--source.path=/x", "--probe.timeout=soon"}, "probe.timeout"},
      {{"--source.path=/x", "--probe.ca-file=/nonexistent.pem"}, "--probe.ca-file"},
      {{"--source.path=/x", "--probe.ca-file=" + Path("garbage.bin")}, "--probe.ca-file"},
      {{"--config.file=" + unknown_key.string()}, "passwd"},
      {{"--config.file=" + not_a_list.string()}, "sources"},
  };
  for (const auto& [flags, message] : cases) {
    std::vector<std::string> argv = {Binary()};
    argv.insert(argv.end(), flags.begin(), flags.end());
    auto result = test_support::RunCommand(argv);
    EXPECT_EQ(result.exit_code, 2) << message << "\n" << result.output;
    EXPECT_THAT(result.output, HasSubstr(message));
  }
}

TEST(CertExporterTest, CheckConfigValidatesWithoutServingAndHidesPasswords) {
  test_support::TempDir dir;
  auto config = dir.Write("config.yml",
                          "sources:\n  - path: " + Path("server.p12") +
                              "\n    password: hunter2\n");
  auto result = test_support::RunCommand(
      {Binary(), "--config.file=" + config.string(), "--check-config"});
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_THAT(result.output, Not(HasSubstr("hunter2")));
}

}  // namespace
}  // namespace kafka_cert
