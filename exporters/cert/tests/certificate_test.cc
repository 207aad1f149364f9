// Our DER walker against OpenSSL's full decoder, on every certificate the
// fixtures hold: they must agree on every field the metrics show.
#include <gtest/gtest.h>
#include <openssl/bn.h>
#include <openssl/x509v3.h>

#include <filesystem>

#include "cert_fixtures.h"
#include "certificate.h"
#include "openssl_util.h"
#include "store_parser.h"

namespace kafka_cert {
namespace {

using testing::Fixtures;
using testing::ReadBytes;

std::string OpensslCommonName(const X509_NAME* name) {
  int index = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
  if (index < 0) return "";
  unsigned char* utf8 = nullptr;
  int length =
      ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index)));
  std::string out(reinterpret_cast<char*>(utf8), static_cast<std::size_t>(length));
  OPENSSL_free(utf8);
  return out;
}

std::string OpensslSerial(const X509* cert) {
  BIGNUM* bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert), nullptr);
  char* text = BN_bn2dec(bn);
  std::string out = text;
  OPENSSL_free(text);
  BN_free(bn);
  return out;
}

std::int64_t OpensslTime(const ASN1_TIME* time) {
  std::tm tm{};
  ASN1_TIME_to_tm(time, &tm);
  return static_cast<std::int64_t>(timegm(&tm));
}

TEST(DescribeCertificateTest, AgreesWithOpensslOnEveryFixtureCertificate) {
  int compared = 0;
  for (const auto& file : std::filesystem::directory_iterator(Fixtures())) {
    if (!file.is_regular_file()) continue;
    ParsedStore store;
    try {
      store = ParseStore(ReadBytes(file.path()), std::string("changeit"));
    } catch (const StoreError&) {
      continue;  // keys, corrupt files, stores with another password
    }
    for (const StoreEntry& entry : store.entries) {
      SCOPED_TRACE(file.path().filename().string() + " entry " + entry.alias + "#" +
                   std::to_string(entry.chain_index));
      Certificate ours = DescribeCertificate(entry.der);
      X509Ptr theirs = ParseX509(entry.der);
      ASSERT_TRUE(theirs);
      EXPECT_EQ(ours.subject_cn, OpensslCommonName(X509_get_subject_name(theirs.get())));
      EXPECT_EQ(ours.issuer_cn, OpensslCommonName(X509_get_issuer_name(theirs.get())));
      EXPECT_EQ(ours.serial_number, OpensslSerial(theirs.get()));
      EXPECT_EQ(ours.not_before, OpensslTime(X509_get0_notBefore(theirs.get())));
      EXPECT_EQ(ours.not_after, OpensslTime(X509_get0_notAfter(theirs.get())));
      EXPECT_EQ(ours.fingerprint_sha256, Sha256Hex(ToDer(theirs.get())));
      ++compared;
    }
  }
  EXPECT_GT(compared, 30);
}

TEST(DescribeCertificateTest, ReadsSansOfEveryKind) {
  Certificate cert = DescribeCertificate(
      ParseStore(ReadBytes(Fixtures() / "server.pem"), std::nullopt).entries.at(0).der);
  EXPECT_EQ(cert.sans, "DNS:localhost,IP:127.0.0.1");
}

TEST(DescribeCertificateTest, CorruptedCertificatesAreErrorsNeverCrashes) {
  auto der = ReadBytes(Fixtures() / "server.der");
  for (std::size_t length = 0; length < der.size(); ++length) {
    std::vector<std::uint8_t> prefix(der.begin(), der.begin() + length);
    EXPECT_THROW(DescribeCertificate(prefix), StoreError) << length;
  }
  for (std::size_t i = 0; i < der.size(); ++i) {
    for (std::uint8_t flip : {0x01, 0x80, 0xFF}) {
      auto copy = der;
      copy[i] ^= flip;
      try {
        DescribeCertificate(copy);
      } catch (const StoreError& e) {
        EXPECT_EQ(e.reason(), ErrorReason::kBadDer);
      }
    }
  }
}

}  // namespace
}  // namespace kafka_cert
