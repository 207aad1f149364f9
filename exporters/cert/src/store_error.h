#pragma once
// Why a certificate source could not be read, with the reason codes that
// label x509_source_errors_total (enix-compatible where the meaning is the
// same).
#include <stdexcept>
#include <string>
#include <string_view>

namespace kafka_cert {

enum class ErrorReason {
  kNotFound,
  kPermissionDenied,
  kReadFailed,
  kBadPassphrase,
  kPassphraseRequired,
  kBadPem,
  kBadDer,
  kBadPkcs12,
  kBadJks,
  kUnsupportedFormat,
  kNoCertificateFound,
  kConnectFailed,
  kHandshakeFailed,
};

/// The label value for a reason, e.g. "bad_passphrase".
std::string_view ReasonName(ErrorReason reason);

/// \brief A source (file, store entry or endpoint) that failed, and why.
/// The message names the problem; it never contains a password.
class StoreError : public std::runtime_error {
 public:
  StoreError(ErrorReason reason, const std::string& message)
      : std::runtime_error(message), reason_(reason) {}
  ErrorReason reason() const { return reason_; }

 private:
  ErrorReason reason_;
};

}  // namespace kafka_cert
