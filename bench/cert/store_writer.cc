#include "store_writer.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>

#include <fstream>
#include <stdexcept>

#include "java_keystore.h"
#include "openssl_util.h"

namespace kafka_cert::bench {
namespace {

EVP_PKEY* SharedKey() {
  static EVP_PKEY* key = EVP_EC_gen("P-256");
  return key;
}

X509Ptr MakeCertificate(const std::string& cn, long serial) {
  X509Ptr cert(X509_new());
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -86400);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 86400L * (serial % 400 + 1));
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
  X509_set_issuer_name(cert.get(), name);
  X509_set_pubkey(cert.get(), SharedKey());
  if (X509_sign(cert.get(), SharedKey(), EVP_sha256()) == 0) {
    throw std::runtime_error("X509_sign failed");
  }
  return cert;
}

void WriteBytes(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

void PutU16(std::string& out, std::uint32_t v) {
  out += static_cast<char>((v >> 8) & 0xFF);
  out += static_cast<char>(v & 0xFF);
}
void PutU32(std::string& out, std::uint32_t v) {
  PutU16(out, v >> 16);
  PutU16(out, v & 0xFFFF);
}
void PutUtf(std::string& out, const std::string& text) {
  PutU16(out, static_cast<std::uint32_t>(text.size()));
  out += text;
}

}  // namespace

std::vector<Der> MakeCertificates(int count) {
  std::vector<Der> out;
  for (int i = 0; i < count; ++i) {
    out.push_back(ToDer(MakeCertificate("bench-" + std::to_string(i) + ".test", i + 1).get()));
  }
  return out;
}

void WritePemBundle(const std::filesystem::path& path, const std::vector<Der>& certs) {
  std::string text;
  for (const Der& der : certs) {
    std::string base64(4 * ((der.size() + 2) / 3) + 1, '\0');
    int length = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(base64.data()), der.data(),
                                 static_cast<int>(der.size()));
    base64.resize(static_cast<std::size_t>(length));
    text += "-----BEGIN CERTIFICATE-----\n";
    for (std::size_t i = 0; i < base64.size(); i += 64) text += base64.substr(i, 64) + "\n";
    text += "-----END CERTIFICATE-----\n";
  }
  WriteBytes(path, text);
}

void WriteDer(const std::filesystem::path& path, const Der& cert) {
  WriteBytes(path, std::string(cert.begin(), cert.end()));
}

void WritePkcs12(const std::filesystem::path& path, const std::vector<Der>& certs,
                 const std::string& password) {
  STACK_OF(X509)* stack = sk_X509_new_null();
  for (const Der& der : certs) sk_X509_push(stack, ParseX509(der).release());
  PKCS12* p12 = PKCS12_create(password.c_str(), nullptr, nullptr, nullptr, stack, 0, 0, 0, 0, 0);
  sk_X509_pop_free(stack, X509_free);
  if (!p12) throw std::runtime_error("PKCS12_create failed");
  unsigned char* bytes = nullptr;
  int length = i2d_PKCS12(p12, &bytes);
  WriteBytes(path, std::string(reinterpret_cast<char*>(bytes), static_cast<std::size_t>(length)));
  OPENSSL_free(bytes);
  PKCS12_free(p12);
}

void WriteJavaStore(const std::filesystem::path& path, const std::vector<Der>& certs,
                    const std::string& password, bool jceks) {
  std::string body;
  PutU32(body, jceks ? 0xCECECECE : 0xFEEDFEED);
  PutU32(body, 2);
  PutU32(body, static_cast<std::uint32_t>(certs.size()));
  for (std::size_t i = 0; i < certs.size(); ++i) {
    PutU32(body, 2);  // trusted certificate entry
    PutUtf(body, "cert" + std::to_string(i));
    PutU32(body, 0);
    PutU32(body, 0);  // creation date
    PutUtf(body, "X.509");
    PutU32(body, static_cast<std::uint32_t>(certs[i].size()));
    body.append(certs[i].begin(), certs[i].end());
  }
  std::string key = Utf8ToUtf16Be(password) + "Mighty Aphrodite" + body;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(key.data(), key.size(), digest, &length, EVP_sha1(), nullptr);
  WriteBytes(path, body + std::string(reinterpret_cast<char*>(digest), length));
}

void WriteServerPair(const std::filesystem::path& cert, const std::filesystem::path& key) {
  X509Ptr server = MakeCertificate("localhost", 100000);
  FILE* out = fopen(cert.c_str(), "w");
  PEM_write_X509(out, server.get());
  fclose(out);
  out = fopen(key.c_str(), "w");
  PEM_write_PrivateKey(out, SharedKey(), nullptr, nullptr, 0, nullptr, nullptr);
  fclose(out);
}

}  // namespace kafka_cert::bench
