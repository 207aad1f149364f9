#pragma once
// PEM bundles and single DER certificates.
#include <cstdint>
#include <span>

#include "parsed_store.h"

namespace kafka_cert {

/// Reads every CERTIFICATE, TRUSTED CERTIFICATE and X509 CERTIFICATE block;
/// other blocks (keys, CSRs) are skipped and never decoded. A bad or
/// unterminated block is an item error and the blocks before it are still
/// read. Throws StoreError when the text has no certificate block at all.
ParsedStore ParsePem(std::span<const std::uint8_t> bytes);

/// Reads one DER certificate; throws StoreError(kBadDer) on anything else.
ParsedStore ParseDer(std::span<const std::uint8_t> bytes);

}  // namespace kafka_cert
