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

namespace kafka_cert {

/// Throws StoreError: kBadJks on corrupt or truncated data, kBadPassphrase
/// when the digest does not match `password`. A JCEKS secret-key entry
/// cannot be skipped (it has no length prefix): the walk stops there with an
/// item error and the certificates before it are kept.
ParsedStore ParseJavaKeystore(std::span<const std::uint8_t> bytes,
                              const std::optional<std::string>& password);

/// Java's "modified UTF-8" (NUL as C0 80, supplementary characters as
/// surrogate pairs) to UTF-8; invalid sequences become U+FFFD.
std::string ModifiedUtf8ToUtf8(std::span<const std::uint8_t> bytes);

/// UTF-8 text to big-endian UTF-16 code units, as Java's keystore digest
/// hashes the password; invalid sequences become U+FFFD.
std::string Utf8ToUtf16Be(std::string_view text);

}  // namespace kafka_cert
