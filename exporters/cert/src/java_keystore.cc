#include "java_keystore.h"

#include <openssl/evp.h>

#include <cstring>

#include "byte_reader.h"

namespace kafka_cert {
namespace {

constexpr std::uint32_t kJksMagic = 0xFEEDFEED;
constexpr std::uint32_t kJceksMagic = 0xCECECECE;
constexpr std::uint32_t kPrivateKeyTag = 1;
constexpr std::uint32_t kTrustedCertTag = 2;
constexpr std::uint32_t kSecretKeyTag = 3;  // JCEKS only
constexpr std::size_t kDigestLength = 20;   // SHA-1

std::string ReadUtf(ByteReader& in, std::string_view what) {
  std::uint16_t length = in.U16(what);
  return ModifiedUtf8ToUtf8(in.Bytes(length, what));
}

std::vector<std::uint8_t> ReadCertificate(ByteReader& in, std::uint32_t version) {
  if (version == 2) {
    std::string type = ReadUtf(in, "certificate type");
    if (type != "X.509") {
      throw StoreError(ErrorReason::kUnsupportedFormat,
                       "certificate of type '" + type + "' is not X.509");
    }
  }
  std::uint32_t length = in.U32("certificate length");
  auto der = in.Bytes(length, "certificate");
  return {der.begin(), der.end()};
}

/// Java's keystore digest: SHA-1(UTF-16BE(password) || "Mighty Aphrodite" ||
/// store bytes before the digest).
bool DigestMatches(std::span<const std::uint8_t> body,
                   std::span<const std::uint8_t> expected,
                   const std::string& password) {
  static constexpr std::string_view kWhitener = "Mighty Aphrodite";
  std::string key = Utf8ToUtf16Be(password);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  static EVP_MD* sha1 = EVP_MD_fetch(nullptr, "SHA1", nullptr);  // fetched once
  bool ok = ctx && EVP_DigestInit_ex(ctx, sha1, nullptr) == 1 &&
            EVP_DigestUpdate(ctx, key.data(), key.size()) == 1 &&
            EVP_DigestUpdate(ctx, kWhitener.data(), kWhitener.size()) == 1 &&
            EVP_DigestUpdate(ctx, body.data(), body.size()) == 1 &&
            EVP_DigestFinal_ex(ctx, digest, &length) == 1;
  EVP_MD_CTX_free(ctx);
  return ok && length == expected.size() &&
         std::memcmp(digest, expected.data(), length) == 0;
}

}  // namespace

ParsedStore ParseJavaKeystore(std::span<const std::uint8_t> bytes,
                              const std::optional<std::string>& password) {
  ByteReader in(bytes, ErrorReason::kBadJks);
  ParsedStore store;
  std::uint32_t magic = in.U32("magic");
  if (magic != kJksMagic && magic != kJceksMagic) {
    throw StoreError(ErrorReason::kBadJks, "not a JKS or JCEKS keystore (bad magic)");
  }
  bool jceks = magic == kJceksMagic;
  store.format = jceks ? StoreFormat::kJceks : StoreFormat::kJks;
  std::uint32_t version = in.U32("version");
  if (version != 1 && version != 2) {
    throw StoreError(ErrorReason::kBadJks,
                     "unsupported keystore version " + std::to_string(version));
  }
  std::uint32_t count = in.U32("entry count");
  for (std::uint32_t i = 0; i < count; ++i) {
    std::uint32_t tag = in.U32("entry tag");
    std::string alias = ReadUtf(in, "alias");
    in.U64("creation date");
    if (tag == kPrivateKeyTag) {
      std::uint32_t key_length = in.U32("key length");
      in.Bytes(key_length, "encrypted key");
      std::uint32_t chain_length = in.U32("chain length");
      for (std::uint32_t c = 0; c < chain_length; ++c) {
        store.entries.push_back({alias, "private_key", static_cast<int>(c),
                                 ReadCertificate(in, version)});
      }
    } else if (tag == kTrustedCertTag) {
      store.entries.push_back({alias, "trusted_cert", 0, ReadCertificate(in, version)});
    } else if (tag == kSecretKeyTag && jceks) {
      // A serialized Java SealedObject with no length prefix: nothing after
      // it can be located, and the digest cannot be checked.
      store.item_errors.emplace_back(
          ErrorReason::kUnsupportedFormat,
          "secret key entry '" + alias + "' cannot be skipped; " +
              std::to_string(count - i - 1) + " later entries not read");
      return store;
    } else {
      throw StoreError(ErrorReason::kBadJks, "unknown entry tag " +
                                                 std::to_string(tag) + " for alias '" +
                                                 alias + "'");
    }
  }
  std::size_t body_length = in.offset();
  auto digest = in.Bytes(kDigestLength, "integrity digest");
  if (in.remaining() > 0) {
    store.item_errors.emplace_back(
        ErrorReason::kBadJks,
        std::to_string(in.remaining()) + " unexpected bytes after the digest");
  }
  if (password) {
    if (!DigestMatches(bytes.first(body_length), digest, *password)) {
      throw StoreError(ErrorReason::kBadPassphrase,
                       "keystore integrity check failed: wrong password or modified file");
    }
    store.integrity_verified = true;
  }
  return store;
}

}  // namespace kafka_cert
