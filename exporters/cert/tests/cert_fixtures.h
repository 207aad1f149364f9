#pragma once
// The keystores and certificates of make_fixtures.sh, created once per
// build tree and hour and shared by every test process (ctest runs each
// test in its own process, and keytool costs a JVM start per store).
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace kafka_cert::testing {

/// The fixture directory; a new one is made when the last is over an hour
/// old, so that the "expires in 7 days" certificates keep their meaning.
const std::filesystem::path& Fixtures();

std::vector<std::uint8_t> ReadBytes(const std::filesystem::path& path);

/// Unix seconds now.
std::int64_t NowSeconds();

/// notAfter/notBefore as openssl prints them, converted with date(1): an
/// independent reading to compare the exporter's against.
std::int64_t OpensslDate(const std::filesystem::path& pem, const std::string& which);

}  // namespace kafka_cert::testing
