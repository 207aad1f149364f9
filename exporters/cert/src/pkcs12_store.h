#pragma once
// PKCS#12 stores through OpenSSL 3, including RC2-40 stores from OpenSSL 1.x
// and old Java (legacy provider). Keys are never decrypted.
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "parsed_store.h"

namespace kafka_cert {

/// Without a password, "" and no password are tried, as Java and OpenSSL
/// write both. Throws StoreError: kBadPkcs12 on corrupt data, kBadPassphrase
/// when the MAC or encryption rejects `password`, kPassphraseRequired when
/// the certificates are encrypted and no password was given.
ParsedStore ParsePkcs12(std::span<const std::uint8_t> bytes,
                        const std::optional<std::string>& password);

}  // namespace kafka_cert
