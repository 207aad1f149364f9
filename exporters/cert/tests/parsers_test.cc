// The format parsers against stores made by openssl and keytool.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cctype>
#include <random>

#include "cert_fixtures.h"
#include "certificate.h"
#include "java_keystore.h"
#include "store_parser.h"
#include "test_support/test_support.h"

namespace kafka_cert {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::Fixtures;
using testing::NowSeconds;
using testing::ReadBytes;

ParsedStore Parse(const std::string& name,
                  const std::optional<std::string>& password = std::nullopt) {
  return ParseStore(ReadBytes(Fixtures() / name), password);
}

ErrorReason FailureOf(const std::string& name,
                      const std::optional<std::string>& password = std::nullopt) {
  try {
    Parse(name, password);
  } catch (const StoreError& e) {
    return e.reason();
  }
  ADD_FAILURE() << name << " parsed without error";
  return ErrorReason::kReadFailed;
}

std::vector<std::string> SubjectsOf(const ParsedStore& store) {
  std::vector<std::string> out;
  for (const auto& entry : store.entries) {
    out.push_back(DescribeCertificate(entry.der).subject_cn);
  }
  return out;
}

std::string Summary(const StoreEntry& e) {
  return e.alias + "/" + e.entry_type + "/" + std::to_string(e.chain_index) + "/" +
         DescribeCertificate(e.der).subject_cn;
}

/// Every entry as alias/type/index/CN, in store order.
std::vector<std::string> Summaries(const ParsedStore& store) {
  std::vector<std::string> out;
  for (const auto& entry : store.entries) out.push_back(Summary(entry));
  return out;
}

TEST(PemTest, ReadsEveryCertificateOfABundleInOrder) {
  ParsedStore store = Parse("bundle.pem");
  EXPECT_EQ(store.format, StoreFormat::kPem);
  EXPECT_THAT(SubjectsOf(store), ElementsAre("expired.test", "future.test", "Test Root CA"));
  EXPECT_EQ(store.entries[2].chain_index, 2);
  EXPECT_TRUE(store.item_errors.empty());
}

TEST(PemTest, ChainOfThreeLinksLeafToRoot) {
  ParsedStore store = Parse("chain3.pem");
  ASSERT_EQ(store.entries.size(), 3u);
  Certificate leaf = DescribeCertificate(store.entries[0].der);
  Certificate intermediate = DescribeCertificate(store.entries[1].der);
  Certificate root = DescribeCertificate(store.entries[2].der);
  EXPECT_EQ(leaf.issuer_cn, intermediate.subject_cn);
  EXPECT_EQ(intermediate.issuer_cn, root.subject_cn);
  EXPECT_EQ(root.issuer_cn, root.subject_cn);
  EXPECT_EQ(leaf.sans, "DNS:localhost,IP:127.0.0.1");
}

TEST(PemTest, DatesMatchWhatOpensslPrints) {
  for (const char* name : {"server.pem", "expired.pem", "future.pem"}) {
    Certificate cert = DescribeCertificate(Parse(name).entries.at(0).der);
    EXPECT_EQ(cert.not_after, testing::OpensslDate(Fixtures() / name, "enddate")) << name;
    EXPECT_EQ(cert.not_before, testing::OpensslDate(Fixtures() / name, "startdate")) << name;
  }
}

TEST(PemTest, ExpiredAndNotYetValidRelativeToNow) {
  std::int64_t now = NowSeconds();
  Certificate expired = DescribeCertificate(Parse("expired.pem").entries.at(0).der);
  Certificate future = DescribeCertificate(Parse("future.pem").entries.at(0).der);
  Certificate server = DescribeCertificate(Parse("server.pem").entries.at(0).der);
  EXPECT_LT(expired.not_after, now - 369 * 86400);
  EXPECT_GT(future.not_before, now + 9 * 86400);
  EXPECT_NEAR(static_cast<double>(server.not_after - now), 7 * 86400.0, 3700);
}

TEST(PemTest, TruncatedBundleKeepsCompleteBlocksAndReportsTheRest) {
  ParsedStore store = Parse("truncated_chain3.pem");
  EXPECT_THAT(SubjectsOf(store), ElementsAre("localhost", "Test Intermediate CA"));
  ASSERT_EQ(store.item_errors.size(), 1u);
  EXPECT_EQ(store.item_errors[0].reason(), ErrorReason::kBadPem);
  EXPECT_THAT(store.item_errors[0].what(), HasSubstr("no END line"));
}

TEST(PemTest, BadBase64BlockIsAnItemErrorOthersSurvive) {
  auto root = ReadBytes(Fixtures() / "root.pem");
  std::string pem = "-----BEGIN CERTIFICATE-----\n!!notbase64!!\n-----END CERTIFICATE-----\n" +
                    std::string(root.begin(), root.end());
  ParsedStore store = ParseStore(std::vector<std::uint8_t>(pem.begin(), pem.end()), {});
  EXPECT_THAT(SubjectsOf(store), ElementsAre("Test Root CA"));
  EXPECT_EQ(store.entries[0].chain_index, 1);
  ASSERT_EQ(store.item_errors.size(), 1u);
  EXPECT_EQ(store.item_errors[0].reason(), ErrorReason::kBadPem);
}

TEST(PemTest, PrivateKeysAloneAreNoCertificate) {
  EXPECT_EQ(FailureOf("server.key"), ErrorReason::kNoCertificateFound);
  EXPECT_EQ(FailureOf("empty.pem"), ErrorReason::kNoCertificateFound);
}

TEST(DerTest, ReadsOneCertificateAndRejectsTruncation) {
  ParsedStore store = Parse("server.der");
  EXPECT_EQ(store.format, StoreFormat::kDer);
  EXPECT_THAT(SubjectsOf(store), ElementsAre("localhost"));
  EXPECT_EQ(FailureOf("truncated_server.der"), ErrorReason::kBadDer);
}

TEST(Pkcs12Test, WithPasswordReadsKeyChainAndChecksMac) {
  ParsedStore store = Parse("server.p12", "changeit");
  EXPECT_EQ(store.format, StoreFormat::kPkcs12);
  EXPECT_TRUE(store.integrity_verified);
  EXPECT_THAT(Summaries(store), ElementsAre("server/private_key/0/localhost",
                                            "server/private_key/1/Test Intermediate CA"));
}

TEST(Pkcs12Test, EncryptedCertificatesNeedThePassword) {
  EXPECT_EQ(FailureOf("server.p12"), ErrorReason::kPassphraseRequired);
  EXPECT_EQ(FailureOf("server.p12", "wrong"), ErrorReason::kBadPassphrase);
}

TEST(Pkcs12Test, EmptyPasswordStoreOpensWithoutOne) {
  ParsedStore store = Parse("nopass.p12");
  EXPECT_THAT(SubjectsOf(store), ElementsAre("localhost", "Test Intermediate CA"));
  EXPECT_TRUE(store.integrity_verified);
}

TEST(Pkcs12Test, LegacyRc2StoreOpensThroughTheLegacyProvider) {
  ParsedStore store = Parse("legacy.p12", "changeit");
  EXPECT_THAT(SubjectsOf(store), ElementsAre("localhost", "Test Intermediate CA"));
  EXPECT_EQ(FailureOf("legacy.p12", "wrong"), ErrorReason::kBadPassphrase);
}

TEST(Pkcs12Test, CertificateOnlyStoreHasTrustedEntries) {
  ParsedStore store = Parse("certs_only.p12", "changeit");
  EXPECT_THAT(SubjectsOf(store), ElementsAre("expired.test", "future.test", "Test Root CA"));
  EXPECT_EQ(store.entries[0].entry_type, "trusted_cert");
}

TEST(Pkcs12Test, KeytoolExpiredStore) {
  ParsedStore store = Parse("expired.p12", "changeit");
  ASSERT_EQ(store.entries.size(), 1u);
  EXPECT_EQ(Summary(store.entries[0]), "old/private_key/0/keytool-expired.test");
  EXPECT_LT(DescribeCertificate(store.entries[0].der).not_after, NowSeconds());
}

TEST(Pkcs12Test, TruncatedStoreIsAnError) {
  EXPECT_EQ(FailureOf("truncated_server.p12", "changeit"), ErrorReason::kBadPkcs12);
}

TEST(JksTest, ReadsCertificatesWithoutThePassword) {
  ParsedStore store = Parse("server.jks");
  EXPECT_EQ(store.format, StoreFormat::kJks);
  EXPECT_FALSE(store.integrity_verified);
  EXPECT_THAT(Summaries(store), ElementsAre("server/private_key/0/localhost",
                                            "server/private_key/1/Test Intermediate CA"));
}

TEST(JksTest, ChecksTheDigestWhenGivenAPassword) {
  EXPECT_TRUE(Parse("server.jks", "changeit").integrity_verified);
  EXPECT_EQ(FailureOf("server.jks", "wrong"), ErrorReason::kBadPassphrase);
  EXPECT_EQ(Summary(Parse("truststore.jks", "changeit").entries.at(0)),
            "root/trusted_cert/0/Test Root CA");
}

TEST(JksTest, DetectsTheFormatFromBytesNotTheName) {
  EXPECT_EQ(Parse("looks_like.pem").format, StoreFormat::kJks);
}

TEST(JksTest, TamperedStoreFailsTheDigest) {
  auto bytes = ReadBytes(Fixtures() / "truststore.jks");
  bytes[bytes.size() / 2] ^= 0x01;  // inside the certificate's DER
  try {
    ParseStore(bytes, std::string("changeit"));
    FAIL() << "tampered store accepted";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.reason(), ErrorReason::kBadPassphrase);
  }
}

TEST(JceksTest, ReadsTrustedCertificateAndChecksDigest) {
  ParsedStore store = Parse("truststore.jceks", "changeit");
  EXPECT_EQ(store.format, StoreFormat::kJceks);
  EXPECT_TRUE(store.integrity_verified);
  EXPECT_EQ(Summary(store.entries.at(0)), "root/trusted_cert/0/Test Root CA");
  EXPECT_EQ(FailureOf("truststore.jceks", "wrong"), ErrorReason::kBadPassphrase);
}

TEST(JceksTest, SecretKeyEntryStopsTheWalkWithAnItemError) {
  ParsedStore store = Parse("secret.jceks", "changeit");
  ASSERT_EQ(store.item_errors.size(), 1u);
  EXPECT_EQ(store.item_errors[0].reason(), ErrorReason::kUnsupportedFormat);
  EXPECT_THAT(store.item_errors[0].what(), HasSubstr("'aes'"));
  EXPECT_FALSE(store.integrity_verified);
  EXPECT_LE(store.entries.size(), 1u);
}

TEST(CorruptInputTest, EveryTruncationOfJavaStoresIsAnErrorNotACrash) {
  for (const char* name : {"server.jks", "truststore.jceks"}) {
    auto bytes = ReadBytes(Fixtures() / name);
    for (std::size_t length = 0; length < bytes.size(); ++length) {
      std::vector<std::uint8_t> prefix(bytes.begin(), bytes.begin() + length);
      EXPECT_THROW(ParseStore(prefix, std::nullopt), StoreError) << name << " " << length;
    }
  }
}

TEST(CorruptInputTest, TruncatedPkcs12AndDerPrefixesAreErrors) {
  for (const char* name : {"server.p12", "server.der"}) {
    auto bytes = ReadBytes(Fixtures() / name);
    for (std::size_t length = 1; length < bytes.size(); length += 7) {
      std::vector<std::uint8_t> prefix(bytes.begin(), bytes.begin() + length);
      EXPECT_THROW(ParseStore(prefix, std::string("changeit")), StoreError)
          << name << " " << length;
    }
  }
}

TEST(CorruptInputTest, FlippedBytesNeverCrashTheJksReader) {
  auto bytes = ReadBytes(Fixtures() / "server.jks");
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    auto copy = bytes;
    copy[i] ^= 0xFF;
    try {
      ParseStore(copy, std::nullopt);
    } catch (const StoreError&) {
    }
  }
}

TEST(CorruptInputTest, RandomBytesBehindEveryMagicAreErrorsNotCrashes) {
  const std::vector<std::vector<std::uint8_t>> magics = {
      {0xFE, 0xED, 0xFE, 0xED, 0, 0, 0, 2}, {0xCE, 0xCE, 0xCE, 0xCE, 0, 0, 0, 2},
      {0x30, 0x82}, {0x30, 0x80}, {0x30, 0x84, 0xFF, 0xFF, 0xFF, 0xFF}, {0x30, 0x03, 0x02},
      {'-', '-', '-', '-', '-', 'B', 'E', 'G', 'I', 'N', ' '}, {}};
  std::mt19937 random(42);  // fixed seed: a failure reproduces
  for (const auto& magic : magics) {
    for (int round = 0; round < 300; ++round) {
      std::vector<std::uint8_t> bytes = magic;
      std::size_t length = random() % 600;
      for (std::size_t i = 0; i < length; ++i) {
        bytes.push_back(static_cast<std::uint8_t>(random()));
      }
      try {
        ParseStore(bytes, round % 2 ? std::optional<std::string>("changeit") : std::nullopt);
      } catch (const StoreError&) {
      }
    }
  }
}

TEST(CorruptInputTest, UnknownBytesAreUnsupported) {
  EXPECT_EQ(FailureOf("garbage.bin"), ErrorReason::kUnsupportedFormat);
}

TEST(TextTest, ModifiedUtf8DecodesNulAndSurrogatePairs) {
  const std::vector<std::uint8_t> nul = {'a', 0xC0, 0x80, 'b'};
  EXPECT_EQ(ModifiedUtf8ToUtf8(nul), std::string("a\0b", 3));
  const std::vector<std::uint8_t> emoji = {0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80};
  EXPECT_EQ(ModifiedUtf8ToUtf8(emoji), "\xF0\x9F\x98\x80");
  const std::vector<std::uint8_t> broken = {0xE2, 0x82};
  EXPECT_EQ(ModifiedUtf8ToUtf8(broken), "\xEF\xBF\xBD\xEF\xBF\xBD");  // one per bad byte
}

TEST(TextTest, PasswordsHashAsUtf16BigEndian) {
  EXPECT_EQ(Utf8ToUtf16Be("ab"), std::string("\0a\0b", 4));
  EXPECT_EQ(Utf8ToUtf16Be("\xC3\xA9"), std::string("\0\xE9", 2));
  EXPECT_EQ(Utf8ToUtf16Be("\xF0\x9F\x98\x80"), std::string("\xD8\x3D\xDE\x00", 4));
}

TEST(CertificateTest, CoversHostChecksSansAndIpAddresses) {
  auto der = Parse("server.pem").entries.at(0).der;
  EXPECT_TRUE(CoversHost(der, "localhost"));
  EXPECT_TRUE(CoversHost(der, "127.0.0.1"));
  EXPECT_FALSE(CoversHost(der, "broker1.internal"));
  EXPECT_FALSE(CoversHost(der, "10.0.0.1"));
  EXPECT_FALSE(CoversHost(der, ""));
}

TEST(CertificateTest, FingerprintMatchesOpenssl) {
  Certificate cert = DescribeCertificate(Parse("server.pem").entries.at(0).der);
  auto printed = test_support::RunCommand(
      {"openssl", "x509", "-noout", "-fingerprint", "-sha256", "-in",
       (Fixtures() / "server.pem").string()});
  std::string hex;
  for (char c : printed.output.substr(printed.output.find('=') + 1)) {
    if (std::isxdigit(static_cast<unsigned char>(c))) hex += static_cast<char>(std::tolower(c));
  }
  EXPECT_EQ(cert.fingerprint_sha256, hex);
}

}  // namespace
}  // namespace kafka_cert
