#pragma once
// Writes the benchmark's 1,000 certificates: self-signed EC certificates in
// PEM bundles, DER files, PKCS#12, JKS and JCEKS stores. keytool would need a
// JVM start per entry, so the Java stores are written here, following the
// format table in certificates-and-disk.md §3.1.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace kafka_cert::bench {

using Der = std::vector<std::uint8_t>;

/// `count` self-signed certificates with distinct subjects, one shared key.
std::vector<Der> MakeCertificates(int count);

void WritePemBundle(const std::filesystem::path& path, const std::vector<Der>& certs);
void WriteDer(const std::filesystem::path& path, const Der& cert);
void WritePkcs12(const std::filesystem::path& path, const std::vector<Der>& certs,
                 const std::string& password);
/// JKS (jceks = false) or JCEKS trusted-certificate entries with the digest.
void WriteJavaStore(const std::filesystem::path& path, const std::vector<Der>& certs,
                    const std::string& password, bool jceks);

/// A server certificate and key for `openssl s_server` (CN=localhost).
void WriteServerPair(const std::filesystem::path& cert, const std::filesystem::path& key);

}  // namespace kafka_cert::bench
