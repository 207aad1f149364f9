#include "certificate.h"

#include <arpa/inet.h>
#include <openssl/asn1.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/x509v3.h>

#include <ctime>

#include "openssl_util.h"
#include "store_error.h"

namespace kafka_cert {
namespace {

std::string CommonName(const X509_NAME* name) {
  int index = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
  if (index < 0) return "";
  ASN1_STRING* data =
      X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
  unsigned char* utf8 = nullptr;
  int length = ASN1_STRING_to_UTF8(&utf8, data);
  if (length < 0) return "";
  std::string out(reinterpret_cast<char*>(utf8), static_cast<std::size_t>(length));
  OPENSSL_free(utf8);
  return out;
}

std::string SerialDecimal(const X509* cert) {
  BIGNUM* bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert), nullptr);
  if (!bn) return "";
  char* text = BN_bn2dec(bn);
  std::string out = text ? text : "";
  OPENSSL_free(text);
  BN_free(bn);
  return out;
}

std::int64_t UnixSeconds(const ASN1_TIME* time, const char* which) {
  std::tm tm{};
  if (!time || ASN1_TIME_to_tm(time, &tm) != 1) {
    throw StoreError(ErrorReason::kBadDer,
                     std::string("certificate has an invalid ") + which);
  }
  return static_cast<std::int64_t>(timegm(&tm));
}

std::string IpText(const ASN1_OCTET_STRING* ip) {
  char text[INET6_ADDRSTRLEN] = "";
  int length = ASN1_STRING_length(ip);
  const unsigned char* data = ASN1_STRING_get0_data(ip);
  if (length == 4) inet_ntop(AF_INET, data, text, sizeof(text));
  if (length == 16) inet_ntop(AF_INET6, data, text, sizeof(text));
  return text;
}

std::string AsciiText(const ASN1_STRING* s) {
  return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                     static_cast<std::size_t>(ASN1_STRING_length(s)));
}

std::string SubjectAltNames(X509* cert) {
  auto* names = static_cast<GENERAL_NAMES*>(
      X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr));
  if (!names) return "";
  std::string out;
  for (int i = 0; i < sk_GENERAL_NAME_num(names); ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(names, i);
    std::string item;
    switch (name->type) {
      case GEN_DNS: item = "DNS:" + AsciiText(name->d.dNSName); break;
      case GEN_IPADD: item = "IP:" + IpText(name->d.iPAddress); break;
      case GEN_EMAIL: item = "email:" + AsciiText(name->d.rfc822Name); break;
      case GEN_URI: item = "URI:" + AsciiText(name->d.uniformResourceIdentifier); break;
      default: continue;
    }
    if (!out.empty()) out += ',';
    out += item;
  }
  GENERAL_NAMES_free(names);
  return out;
}

}  // namespace

std::string Sha256Hex(std::span<const std::uint8_t> der) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(der.data(), der.size(), digest, &length, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 0xF];
  }
  return out;
}

Certificate DescribeCertificate(std::span<const std::uint8_t> der) {
  X509Ptr cert = ParseX509(der);
  if (!cert) {
    throw StoreError(ErrorReason::kBadDer,
                     "not a DER X.509 certificate: " +
                         LastOpenSslError("decode failed"));
  }
  Certificate out;
  out.subject_cn = CommonName(X509_get_subject_name(cert.get()));
  out.issuer_cn = CommonName(X509_get_issuer_name(cert.get()));
  out.serial_number = SerialDecimal(cert.get());
  out.not_before = UnixSeconds(X509_get0_notBefore(cert.get()), "notBefore");
  out.not_after = UnixSeconds(X509_get0_notAfter(cert.get()), "notAfter");
  out.sans = SubjectAltNames(cert.get());
  // Fingerprint the certificate alone, not any trailing aux data.
  out.fingerprint_sha256 = Sha256Hex(ToDer(cert.get()));
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
