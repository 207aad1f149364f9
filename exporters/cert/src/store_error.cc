#include "store_error.h"

namespace kafka_cert {

std::string_view ReasonName(ErrorReason reason) {
  switch (reason) {
    case ErrorReason::kNotFound: return "not_found";
    case ErrorReason::kPermissionDenied: return "permission_denied";
    case ErrorReason::kReadFailed: return "read_failed";
    case ErrorReason::kBadPassphrase: return "bad_passphrase";
    case ErrorReason::kPassphraseRequired: return "passphrase_required";
    case ErrorReason::kBadPem: return "bad_pem";
    case ErrorReason::kBadDer: return "bad_der";
    case ErrorReason::kBadPkcs12: return "bad_pkcs12";
    case ErrorReason::kBadJks: return "bad_jks";
    case ErrorReason::kUnsupportedFormat: return "unsupported_format";
    case ErrorReason::kNoCertificateFound: return "no_certificate_found";
    case ErrorReason::kConnectFailed: return "connect_failed";
    case ErrorReason::kHandshakeFailed: return "handshake_failed";
  }
  return "unknown";
}

}  // namespace kafka_cert
