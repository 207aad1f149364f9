#pragma once
// Detects a certificate file's format from its bytes (never its name) and
// hands it to the matching parser.
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "parsed_store.h"

namespace kafka_cert {

/// The format the bytes look like; throws StoreError(kUnsupportedFormat or
/// kNoCertificateFound for an empty file) when none matches.
StoreFormat DetectFormat(std::span<const std::uint8_t> bytes);

/// Detects and parses. `password` is used by PKCS#12, JKS and JCEKS and
/// ignored by PEM and DER. Throws StoreError on failure.
ParsedStore ParseStore(std::span<const std::uint8_t> bytes,
                       const std::optional<std::string>& password);

}  // namespace kafka_cert
