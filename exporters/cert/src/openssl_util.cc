#include "openssl_util.h"

#include <openssl/err.h>
#include <openssl/provider.h>

#include <cstdlib>
#include <mutex>

namespace kafka_cert {

void OpenSslFree(void* p) { OPENSSL_free(p); }

X509Ptr ParseX509(std::span<const std::uint8_t> der) {
  const unsigned char* p = der.data();
  return X509Ptr(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
}

std::vector<std::uint8_t> ToDer(X509* cert) {
  int length = i2d_X509(cert, nullptr);
  if (length <= 0) return {};
  std::vector<std::uint8_t> der(static_cast<std::size_t>(length));
  unsigned char* p = der.data();
  i2d_X509(cert, &p);
  return der;
}

std::string LastOpenSslError(const std::string& fallback) {
  unsigned long code = ERR_peek_last_error();
  ERR_clear_error();
  if (code == 0) return fallback;
  char text[256];
  ERR_error_string_n(code, text, sizeof(text));
  const char* reason = ERR_reason_error_string(code);
  return reason ? std::string(reason) : std::string(text);
}

void EnsureLegacyProvider() {
  static std::once_flag once;
  std::call_once(once, [] {
    // Loading any provider explicitly disables the implicit default one.
    static OSSL_PROVIDER* default_provider = OSSL_PROVIDER_load(nullptr, "default");
    static OSSL_PROVIDER* legacy_provider = OSSL_PROVIDER_load(nullptr, "legacy");
    ERR_clear_error();
    // Unload before OpenSSL's own exit cleanup (atexit runs in reverse), so
    // the legacy module's memory is released rather than abandoned.
    std::atexit([] {
      if (legacy_provider) OSSL_PROVIDER_unload(legacy_provider);
      if (default_provider) OSSL_PROVIDER_unload(default_provider);
    });
  });
}

}  // namespace kafka_cert
