#pragma once
// bcrypt hashes for test web configs (cost 5: fast, still real bcrypt).
#include <crypt.h>

#include <string>

namespace exporter_kit::testing {

inline std::string BcryptHash(const std::string& password) {
  char salt[CRYPT_GENSALT_OUTPUT_SIZE];
  crypt_gensalt_rn("$2b$", 5, nullptr, 0, salt, sizeof salt);
  crypt_data data{};
  return crypt_r(password.c_str(), salt, &data);
}

}  // namespace exporter_kit::testing
