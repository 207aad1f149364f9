#pragma once
// Reads a payload fixture from webhook-receiver/tests/fixtures/.
#include <fstream>
#include <sstream>
#include <string>

#include "test_support/test_support.h"

namespace webhook_receiver::testing {

inline std::string Fixture(const std::string& name) {
  std::ifstream in(test_support::SourceDir() / "webhook-receiver/tests/fixtures" / name,
                   std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace webhook_receiver::testing
