// A whole collection run: files, server.properties discovery, listener
// probes and the served-versus-disk and advertised-host checks.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "cert_fixtures.h"
#include "cert_scan.h"
#include "tls_server.h"

namespace kafka_cert {
namespace {

using ::testing::HasSubstr;
using testing::Fixtures;
using testing::TlsServer;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

const SourceResult* Find(const Snapshot& snapshot, const std::string& kind,
                         const std::string& name) {
  for (const auto& source : snapshot.sources) {
    if (source.kind == kind && source.name == name) return &source;
  }
  return nullptr;
}

const ListenerCheck* FindListener(const Snapshot& snapshot, const std::string& name) {
  for (const auto& check : snapshot.listeners) {
    if (check.listener == name) return &check;
  }
  return nullptr;
}

std::string Path(const std::string& name) { return (Fixtures() / name).string(); }

Snapshot RunOnce(ScanOptions options) {
  return CertScan(std::move(options)).Run(std::chrono::steady_clock::now() + 10s);
}

TEST(CertScanTest, ListenerServingAnUnreloadedKeystoreIsAMismatch) {
  // Both listeners serve server.pem; INTERNAL's keystore on disk was renewed.
  TlsServer ssl("server.pem", "server.key",
                {"-cert_chain", (Fixtures() / "intermediate.crt").string()});
  TlsServer internal("server.pem", "server.key");
  test_support::TempDir dir;
  auto secrets = dir.Write("secrets.properties", "p12=changeit\n");
  auto properties = dir.Write(
      "server.properties",
      "listeners=PLAINTEXT://:1,SSL://127.0.0.1:" + std::to_string(ssl.port()) +
          ",INTERNAL://:" + std::to_string(internal.port()) + "\n" +
          "advertised.listeners=SSL://localhost:" + std::to_string(ssl.port()) +
          ",INTERNAL://broker1.internal:" + std::to_string(internal.port()) + "\n" +
          "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,SSL:SSL,INTERNAL:SSL\n"
          "ssl.keystore.location=" + Path("server.jks") + "\n" +
          "ssl.truststore.location=" + Path("truststore.jks") + "\n" +
          "listener.name.internal.ssl.keystore.location=" + Path("renewed.p12") + "\n" +
          "listener.name.internal.ssl.keystore.password=${file:" + secrets.string() + ":p12}\n");
  ScanOptions options;
  options.server_properties = {properties.string()};
  Snapshot snapshot = RunOnce(options);

  const ListenerCheck* served_ok = FindListener(snapshot, "SSL");
  ASSERT_TRUE(served_ok);
  EXPECT_EQ(served_ok->endpoint, ssl.address());
  EXPECT_EQ(served_ok->served_matches_disk, true);
  EXPECT_EQ(served_ok->host_covered, true);
  const ListenerCheck* stale = FindListener(snapshot, "INTERNAL");
  ASSERT_TRUE(stale);
  EXPECT_EQ(stale->keystore, Path("renewed.p12"));
  EXPECT_EQ(stale->served_matches_disk, false);
  EXPECT_EQ(stale->host_covered, false);  // broker1.internal is not in the SANs

  // The listener's truststore verifies the chain it serves in full.
  const SourceResult* endpoint = Find(snapshot, "endpoint", ssl.address());
  ASSERT_TRUE(endpoint && endpoint->probe);
  EXPECT_TRUE(endpoint->probe->verified) << endpoint->probe->verify_error;
  const SourceResult* renewed = Find(snapshot, "file", Path("renewed.p12"));
  ASSERT_TRUE(renewed);
  EXPECT_TRUE(renewed->Up());
  EXPECT_EQ(renewed->certs.size(), 1u);
  EXPECT_TRUE(snapshot.warnings.empty());
}

TEST(CertScanTest, DirectoryListingSkipsKeysButReportsBrokenStores) {
  test_support::TempDir dir;
  for (const char* name : {"server.pem", "server.key", "truncated_server.jks"}) {
    fs::copy_file(Fixtures() / name, dir.path() / name);
  }
  ScanOptions options;
  options.files = {{dir.path().string(), std::nullopt}};
  Snapshot snapshot = RunOnce(options);
  ASSERT_EQ(snapshot.sources.size(), 2u);
  EXPECT_TRUE(Find(snapshot, "file", (dir.path() / "server.pem").string())->Up());
  const SourceResult* broken = Find(snapshot, "file", (dir.path() / "truncated_server.jks").string());
  ASSERT_TRUE(broken);
  ASSERT_EQ(broken->errors.size(), 1u);
  EXPECT_EQ(broken->errors[0].reason(), ErrorReason::kBadJks);
}

TEST(CertScanTest, AFileNamedTwiceIsReadOnceWithTheKnownPassword) {
  test_support::TempDir dir;
  fs::copy_file(Fixtures() / "server.p12", dir.path() / "server.p12");
  auto properties = dir.Write("server.properties",
                              "ssl.keystore.location=" + (dir.path() / "server.p12").string() +
                                  "\nssl.keystore.password=changeit\n");
  ScanOptions options;
  options.files = {{dir.path().string(), std::nullopt}};  // the directory, no password
  options.server_properties = {properties.string()};
  Snapshot snapshot = RunOnce(options);
  const SourceResult* store = Find(snapshot, "file", (dir.path() / "server.p12").string());
  ASSERT_TRUE(store);
  EXPECT_TRUE(store->Up()) << store->errors.at(0).what();
  EXPECT_EQ(store->certs.size(), 2u);
  EXPECT_EQ(snapshot.sources.size(), 2u);  // the store and server.properties
}

TEST(CertScanTest, DuplicateAliasesInACraftedStoreAreReportedNotDuplicated) {
  // truststore.jks = header (12 bytes) + one entry + SHA-1 digest (20 bytes).
  auto original = testing::ReadBytes(Fixtures() / "truststore.jks");
  std::vector<std::uint8_t> entry(original.begin() + 12, original.end() - 20);
  std::vector<std::uint8_t> crafted(original.begin(), original.begin() + 12);
  crafted[11] = 2;  // entry count
  crafted.insert(crafted.end(), entry.begin(), entry.end());
  crafted.insert(crafted.end(), entry.begin(), entry.end());
  crafted.resize(crafted.size() + 20);  // digest, unchecked without a password
  auto result = ScanBytes("file", "crafted.jks", crafted, std::nullopt, false);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->certs.size(), 1u);
  ASSERT_EQ(result->errors.size(), 1u);
  EXPECT_THAT(result->errors[0].what(), HasSubstr("duplicate entry 'root'"));
}

TEST(CertScanTest, MissingFilesAndUnmatchedGlobsAreNotFound) {
  ScanOptions options;
  options.files = {{"/nonexistent/cert.pem", std::nullopt},
                   {"/nonexistent/*.jks", std::nullopt}};
  options.server_properties = {"/nonexistent/server.properties"};
  Snapshot snapshot = RunOnce(options);
  ASSERT_EQ(snapshot.sources.size(), 3u);
  for (const auto& source : snapshot.sources) {
    ASSERT_EQ(source.errors.size(), 1u) << source.name;
    EXPECT_EQ(source.errors[0].reason(), ErrorReason::kNotFound) << source.name;
  }
}

TEST(CertScanTest, PasswordsDecideBetweenReadAndBadPassphrase) {
  ScanOptions options;
  options.files = {{Path("server.p12"), "changeit"},
                   {Path("legacy.p12"), "wrong"},
                   {Path("server.jks"), "wrong"}};
  Snapshot snapshot = RunOnce(options);
  EXPECT_TRUE(Find(snapshot, "file", Path("server.p12"))->Up());
  for (const char* name : {"legacy.p12", "server.jks"}) {
    const SourceResult* bad = Find(snapshot, "file", Path(name));
    ASSERT_EQ(bad->errors.size(), 1u);
    EXPECT_EQ(bad->errors[0].reason(), ErrorReason::kBadPassphrase) << name;
  }
}

TEST(CertScanTest, RescansAFileReplacedOnDisk) {
  test_support::TempDir dir;
  fs::path target = dir.path() / "broker.pem";
  fs::copy_file(Fixtures() / "server.pem", target);
  CertScan scan(ScanOptions{{{target.string(), std::nullopt}}, {}, {}, true, "127.0.0.1",
                            5s, 8, {}});
  auto deadline = [] { return std::chrono::steady_clock::now() + 10s; };
  EXPECT_EQ(scan.Run(deadline()).sources.at(0).certs.at(0).cert.subject_cn, "localhost");
  fs::copy_file(Fixtures() / "chain3.pem", target, fs::copy_options::overwrite_existing);
  EXPECT_EQ(scan.Run(deadline()).sources.at(0).certs.size(), 3u);
  fs::remove(target);
  auto gone = scan.Run(deadline()).sources.at(0);
  ASSERT_EQ(gone.errors.size(), 1u);
  EXPECT_EQ(gone.errors[0].reason(), ErrorReason::kNotFound);
}

}  // namespace
}  // namespace kafka_cert
