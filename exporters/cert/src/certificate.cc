#include "certificate.h"

#include <arpa/inet.h>
#include <openssl/evp.h>
#include <openssl/x509v3.h>

#include <algorithm>

#include "der_reader.h"
#include "openssl_util.h"
#include "store_error.h"
#include "text.h"

namespace kafka_cert {
namespace {

constexpr std::uint8_t kCommonNameOid[] = {0x55, 0x04, 0x03};       // 2.5.4.3
constexpr std::uint8_t kSubjectAltNameOid[] = {0x55, 0x1D, 0x11};   // 2.5.29.17

bool SameBytes(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

std::string Latin1ToUtf8(std::span<const std::uint8_t> bytes) {
  std::string out;
  for (std::uint8_t b : bytes) AppendUtf8(out, b);
  return out;
}

/// A directory string as UTF-8, as OpenSSL's ASN1_STRING_to_UTF8 gives it.
std::string StringValue(const DerElement& e) {
  switch (e.tag) {
    case der::kBmpString: return Utf16BeToUtf8(e.value);
    case der::kUniversalString: return Utf32BeToUtf8(e.value);
    case der::kT61String: return Latin1ToUtf8(e.value);
    default: return ModifiedUtf8ToUtf8(e.value);  // UTF8, Printable, IA5: cleaned
  }
}

/// The first commonName of a Name (SEQUENCE OF SET OF AttributeTypeAndValue).
std::string CommonName(const DerElement& name) {
  DerReader rdns(name.value);
  while (!rdns.AtEnd()) {
    DerReader attributes(rdns.Expect(der::kSet, "name RDN").value);
    while (!attributes.AtEnd()) {
      DerReader pair(attributes.Expect(der::kSequence, "name attribute").value);
      DerElement type = pair.Expect(der::kOid, "attribute type");
      DerElement value = pair.Read("attribute value");
      if (SameBytes(type.value, kCommonNameOid)) return StringValue(value);
    }
  }
  return "";
}

/// A big-endian two's-complement INTEGER in decimal.
std::string IntegerDecimal(std::span<const std::uint8_t> bytes) {
  if (bytes.empty()) throw StoreError(ErrorReason::kBadDer, "empty serial number");
  std::vector<std::uint8_t> magnitude(bytes.begin(), bytes.end());
  bool negative = magnitude[0] & 0x80;
  if (negative) {  // two's complement: invert and add one
    for (auto& b : magnitude) b = static_cast<std::uint8_t>(~b);
    for (auto it = magnitude.rbegin(); it != magnitude.rend() && ++*it == 0; ++it) {
    }
  }
  std::string digits;
  while (std::any_of(magnitude.begin(), magnitude.end(), [](auto b) { return b != 0; })) {
    unsigned remainder = 0;
    for (auto& b : magnitude) {
      unsigned value = (remainder << 8) | b;
      b = static_cast<std::uint8_t>(value / 10);
      remainder = value % 10;
    }
    digits += static_cast<char>('0' + remainder);
  }
  std::string out(negative ? 1 : 0, '-');
  out.append(digits.rbegin(), digits.rend());
  if (digits.empty()) out += '0';
  return out;
}

std::int64_t DaysFromCivil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

/// UTCTime (YYMMDDHHMMSSZ) or GeneralizedTime (YYYYMMDDHHMMSSZ) in Unix seconds.
std::int64_t TimeValue(const DerElement& e, const char* which) {
  std::string_view text(reinterpret_cast<const char*>(e.value.data()), e.value.size());
  std::size_t year_digits = e.tag == der::kUtcTime ? 2 : e.tag == der::kGeneralizedTime ? 4 : 0;
  auto bad = [which] {
    return StoreError(ErrorReason::kBadDer, std::string("certificate has an invalid ") + which);
  };
  if (year_digits == 0 || text.size() != year_digits + 11 || text.back() != 'Z') throw bad();
  auto number = [&](std::size_t at, std::size_t n) {
    int value = 0;
    for (std::size_t i = at; i < at + n; ++i) {
      if (text[i] < '0' || text[i] > '9') throw bad();
      value = value * 10 + (text[i] - '0');
    }
    return value;
  };
  int year = number(0, year_digits);
  if (year_digits == 2) year += year < 50 ? 2000 : 1900;
  std::size_t p = year_digits;
  int month = number(p, 2), day = number(p + 2, 2), hour = number(p + 4, 2),
      minute = number(p + 6, 2), second = number(p + 8, 2);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 ||
      second > 60) {
    throw bad();
  }
  return DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400 +
         hour * 3600 + minute * 60 + second;
}

std::string IpText(std::span<const std::uint8_t> ip) {
  char text[INET6_ADDRSTRLEN] = "";
  if (ip.size() == 4) inet_ntop(AF_INET, ip.data(), text, sizeof(text));
  if (ip.size() == 16) inet_ntop(AF_INET6, ip.data(), text, sizeof(text));
  return text;
}

/// "DNS:a,IP:1.2.3.4,email:x,URI:y" from a GeneralNames value.
std::string GeneralNames(std::span<const std::uint8_t> encoded) {
  DerReader outer(encoded);
  DerReader names(outer.Expect(der::kSequence, "subjectAltName").value);
  std::string out;
  while (!names.AtEnd()) {
    DerElement name = names.Read("general name");
    std::string item;
    switch (name.tag) {
      case der::Context(1, false): item = "email:" + ModifiedUtf8ToUtf8(name.value); break;
      case der::Context(2, false): item = "DNS:" + ModifiedUtf8ToUtf8(name.value); break;
      case der::Context(6, false): item = "URI:" + ModifiedUtf8ToUtf8(name.value); break;
      case der::Context(7, false): item = "IP:" + IpText(name.value); break;
      default: continue;
    }
    if (!out.empty()) out += ',';
    out += item;
  }
  return out;
}

std::string SubjectAltNames(const DerElement& extensions_wrapper) {
  DerReader wrapper(extensions_wrapper.value);
  DerReader extensions(wrapper.Expect(der::kSequence, "extensions").value);
  while (!extensions.AtEnd()) {
    DerReader extension(extensions.Expect(der::kSequence, "extension").value);
    DerElement oid = extension.Expect(der::kOid, "extension id");
    DerElement critical;
    extension.ReadIf(der::kBoolean, critical);
    DerElement value = extension.Expect(der::kOctetString, "extension value");
    if (SameBytes(oid.value, kSubjectAltNameOid)) return GeneralNames(value.value);
  }
  return "";
}

const EVP_MD* Sha256() {
  static EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);  // fetched once
  return md;
}

}  // namespace

std::string Sha256Hex(std::span<const std::uint8_t> der) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(der.data(), der.size(), digest, &length, Sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 0xF];
  }
  return out;
}

Certificate DescribeCertificate(std::span<const std::uint8_t> bytes) {
  // Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signature }
  DerReader file(bytes);
  DerElement certificate = file.Expect(der::kSequence, "certificate");
  DerReader outer(certificate.value);
  DerReader tbs(outer.Expect(der::kSequence, "tbsCertificate").value);
  outer.Expect(der::kSequence, "signatureAlgorithm");
  outer.Expect(der::kBitString, "signature");

  DerElement skipped;
  tbs.ReadIf(der::Context(0, true), skipped);  // version
  Certificate out;
  out.serial_number = IntegerDecimal(tbs.Expect(der::kInteger, "serialNumber").value);
  tbs.Expect(der::kSequence, "signature");
  out.issuer_cn = CommonName(tbs.Expect(der::kSequence, "issuer"));
  DerReader validity(tbs.Expect(der::kSequence, "validity").value);
  out.not_before = TimeValue(validity.Read("notBefore"), "notBefore");
  out.not_after = TimeValue(validity.Read("notAfter"), "notAfter");
  out.subject_cn = CommonName(tbs.Expect(der::kSequence, "subject"));
  tbs.Expect(der::kSequence, "subjectPublicKeyInfo");
  for (int n : {1, 2}) {  // issuer/subject unique IDs
    tbs.ReadIf(der::Context(n, false), skipped) || tbs.ReadIf(der::Context(n, true), skipped);
  }
  DerElement extensions;
  if (tbs.ReadIf(der::Context(3, true), extensions)) {
    out.sans = SubjectAltNames(extensions);
  }
  // Fingerprint the certificate alone, not trailing aux data.
  out.fingerprint_sha256 = Sha256Hex(certificate.encoded);
  return out;
}

bool CoversHost(std::span<const std::uint8_t> der, std::string_view host) {
  X509Ptr cert = ParseX509(der);
  if (!cert || host.empty()) return false;
  std::string name(host);
  if (!name.empty() && name.front() == '[' && name.back() == ']') {
    name = name.substr(1, name.size() - 2);
  }
  if (X509_check_ip_asc(cert.get(), name.c_str(), 0) == 1) return true;
  return X509_check_host(cert.get(), name.data(), name.size(), 0, nullptr) == 1;
}

}  // namespace kafka_cert
