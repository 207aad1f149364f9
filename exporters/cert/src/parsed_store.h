#pragma once
// What a parser found in one file: the certificates with their place in the
// store, and the per-item problems that did not stop the rest from being read.
#include <cstdint>
#include <string>
#include <vector>

#include "store_error.h"

namespace kafka_cert {

enum class StoreFormat { kPem, kDer, kPkcs12, kJks, kJceks };

/// "pem", "der", "pkcs12", "jks", "jceks".
std::string FormatName(StoreFormat format);

/// \brief One certificate and where it sits in its store.
struct StoreEntry {
  std::string alias;       ///< keystore alias or PKCS#12 friendlyName; "" for PEM/DER
  std::string entry_type;  ///< "private_key", "trusted_cert", or "" for PEM/DER
  int chain_index = 0;     ///< position in the key's chain or the PEM bundle
  std::vector<std::uint8_t> der;
};

struct ParsedStore {
  StoreFormat format = StoreFormat::kPem;
  std::vector<StoreEntry> entries;
  /// Items that could not be read (a bad PEM block, a JCEKS secret key that
  /// stops the walk); the entries before them are still valid.
  std::vector<StoreError> item_errors;
  /// True when a keystore's integrity digest or MAC was checked and matched.
  bool integrity_verified = false;
};

}  // namespace kafka_cert
