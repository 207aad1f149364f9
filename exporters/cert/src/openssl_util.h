#pragma once
// RAII owners for the OpenSSL objects this exporter uses, and the one-time
// loading of the providers that legacy PKCS#12 stores need.
#include <openssl/pkcs12.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace kafka_cert {

template <auto Free>
struct OpenSslDeleter {
  template <typename T>
  void operator()(T* p) const {
    Free(p);
  }
};

/// OPENSSL_free is a macro; this is a function to bind to OpenSslDeleter.
void OpenSslFree(void* p);

using X509Ptr = std::unique_ptr<X509, OpenSslDeleter<X509_free>>;
using Pkcs12Ptr = std::unique_ptr<PKCS12, OpenSslDeleter<PKCS12_free>>;
using SslCtxPtr = std::unique_ptr<SSL_CTX, OpenSslDeleter<SSL_CTX_free>>;
using SslPtr = std::unique_ptr<SSL, OpenSslDeleter<SSL_free>>;
using X509StorePtr = std::unique_ptr<X509_STORE, OpenSslDeleter<X509_STORE_free>>;
using X509StoreCtxPtr =
    std::unique_ptr<X509_STORE_CTX, OpenSslDeleter<X509_STORE_CTX_free>>;

/// Decodes DER into an X509, or nullptr.
X509Ptr ParseX509(std::span<const std::uint8_t> der);
/// Encodes an X509 as DER.
std::vector<std::uint8_t> ToDer(X509* cert);
/// The text of the most recent OpenSSL error on this thread (and clears the
/// queue), or `fallback` if there is none.
std::string LastOpenSslError(const std::string& fallback);
/// Loads the "default" and "legacy" providers once per process, so that
/// RC2-40 / 3DES PKCS#12 stores from OpenSSL 1.x and old Java still open.
void EnsureLegacyProvider();

}  // namespace kafka_cert
