#pragma once
// JKS (0xFEEDFEED) and JCEKS (0xCECECECE) keystores, read without the store
// password: Java stores certificates in clear text and only encrypts keys.
// With a password, the SHA-1 integrity digest over the whole store is
// checked as Java's KeyStore.load does.
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "parsed_store.h"
#include "text.h"

namespace kafka_cert {

/// Throws StoreError: kBadJks on corrupt or truncated data, kBadPassphrase
/// when the digest does not match `password`. A JCEKS secret-key entry
/// cannot be skipped (it has no length prefix): the walk stops there with an
/// item error and the certificates before it are kept.
ParsedStore ParseJavaKeystore(std::span<const std::uint8_t> bytes,
                              const std::optional<std::string>& password);

}  // namespace kafka_cert
