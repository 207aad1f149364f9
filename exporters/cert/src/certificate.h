#pragma once
// The facts about one X.509 certificate that the metrics need, decoded once
// from DER with OpenSSL.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace kafka_cert {

struct Certificate {
  std::string subject_cn;
  std::string issuer_cn;
  std::string serial_number;       ///< decimal, as enix prints it
  std::string fingerprint_sha256;  ///< lower-case hex of the DER
  std::string sans;                ///< "DNS:a,IP:1.2.3.4", "" if none
  std::int64_t not_before = 0;     ///< Unix seconds
  std::int64_t not_after = 0;
};

/// Decodes a DER certificate; throws StoreError(kBadDer) naming the problem.
/// Trailing bytes (OpenSSL's TRUSTED CERTIFICATE aux data) are ignored.
Certificate DescribeCertificate(std::span<const std::uint8_t> der);

/// SHA-256 of the DER, lower-case hex, without decoding it.
std::string Sha256Hex(std::span<const std::uint8_t> der);

/// True if the certificate's SANs (or CN when it has no SAN) cover `host`,
/// a DNS name (wildcards as RFC 6125) or an IP literal.
bool CoversHost(std::span<const std::uint8_t> der, std::string_view host);

}  // namespace kafka_cert
