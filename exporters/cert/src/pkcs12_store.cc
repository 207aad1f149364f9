#include "pkcs12_store.h"

#include <openssl/err.h>
#include <openssl/objects.h>

#include <map>
#include <memory>

#include "der_reader.h"
#include "openssl_util.h"

namespace kafka_cert {
namespace {

// Java marks trusted-certificate entries with this bag attribute.
constexpr const char* kJavaTrustedKeyUsageOid = "2.16.840.1.113894.746875.1.1";

struct AuthSafesDeleter {
  void operator()(STACK_OF(PKCS7) * p) const { sk_PKCS7_pop_free(p, PKCS7_free); }
};
struct BagsDeleter {
  void operator()(STACK_OF(PKCS12_SAFEBAG) * p) const {
    sk_PKCS12_SAFEBAG_pop_free(p, PKCS12_SAFEBAG_free);
  }
};
using AuthSafes = std::unique_ptr<STACK_OF(PKCS7), AuthSafesDeleter>;
using Bags = std::unique_ptr<STACK_OF(PKCS12_SAFEBAG), BagsDeleter>;

/// A password as OpenSSL takes it: nullptr is "no password", distinct from "".
struct Passphrase {
  const char* text;
  int length;
};

std::string LocalKeyId(const PKCS12_SAFEBAG* bag) {
  const ASN1_TYPE* id = PKCS12_SAFEBAG_get0_attr(bag, NID_localKeyID);
  if (!id || id->type != V_ASN1_OCTET_STRING) return "";
  const ASN1_OCTET_STRING* s = id->value.octet_string;
  return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                     static_cast<std::size_t>(ASN1_STRING_length(s)));
}

bool IsJavaTrusted(const PKCS12_SAFEBAG* bag) {
  int nid = OBJ_txt2nid(kJavaTrustedKeyUsageOid);
  if (nid != NID_undef) return PKCS12_SAFEBAG_get0_attr(bag, nid) != nullptr;
  ASN1_OBJECT* oid = OBJ_txt2obj(kJavaTrustedKeyUsageOid, 1);
  bool found = false;
  const STACK_OF(X509_ATTRIBUTE)* attrs = PKCS12_SAFEBAG_get0_attrs(bag);
  for (int i = 0; oid && i < sk_X509_ATTRIBUTE_num(attrs); ++i) {
    found |= OBJ_cmp(X509_ATTRIBUTE_get0_object(sk_X509_ATTRIBUTE_value(attrs, i)),
                     oid) == 0;
  }
  ASN1_OBJECT_free(oid);
  return found;
}

std::string FriendlyName(PKCS12_SAFEBAG* bag) {
  char* name = PKCS12_get_friendlyname(bag);
  std::string out = name ? name : "";
  OPENSSL_free(name);
  return out;
}

/// The certificate's DER as stored in a certBag. Re-encoding the bag and
/// walking it is cheap; PKCS12_SAFEBAG_get1_cert would decode the
/// certificate, public key included, which OpenSSL 3.0 makes slow.
std::vector<std::uint8_t> CertificateDer(const PKCS12_SAFEBAG* bag) {
  unsigned char* encoded = nullptr;
  int length = i2d_PKCS12_SAFEBAG(bag, &encoded);
  if (length <= 0) throw StoreError(ErrorReason::kBadPkcs12, "unreadable certificate bag");
  std::unique_ptr<unsigned char, OpenSslDeleter<OpenSslFree>> owner(encoded);
  try {
    // SafeBag ::= SEQUENCE { bagId, [0] { CertBag ::= SEQUENCE { certId, [0] { OCTET STRING }}}}
    DerReader safe_bag(DerReader({encoded, static_cast<std::size_t>(length)})
                           .Expect(der::kSequence, "SafeBag").value);
    safe_bag.Expect(der::kOid, "bagId");
    DerReader wrapper(safe_bag.Expect(der::Context(0, true), "bagValue").value);
    DerReader cert_bag(wrapper.Expect(der::kSequence, "CertBag").value);
    cert_bag.Expect(der::kOid, "certId");
    DerReader value(cert_bag.Expect(der::Context(0, true), "certValue").value);
    auto der = value.Expect(der::kOctetString, "certificate").value;
    return {der.begin(), der.end()};
  } catch (const StoreError& e) {
    throw StoreError(ErrorReason::kBadPkcs12, std::string("certificate bag: ") + e.what());
  }
}

struct CertBag {
  std::string alias;
  std::string local_key_id;
  bool java_trusted = false;
  std::vector<std::uint8_t> der;
};

struct BagScan {
  std::vector<CertBag> certs;
  std::map<std::string, std::string> key_aliases;  // localKeyID -> alias
};

void ScanBags(const STACK_OF(PKCS12_SAFEBAG) * bags, BagScan& out) {
  for (int i = 0; i < sk_PKCS12_SAFEBAG_num(bags); ++i) {
    PKCS12_SAFEBAG* bag = sk_PKCS12_SAFEBAG_value(bags, i);
    int nid = PKCS12_SAFEBAG_get_nid(bag);
    if (nid == NID_keyBag || nid == NID_pkcs8ShroudedKeyBag) {
      out.key_aliases[LocalKeyId(bag)] = FriendlyName(bag);
    } else if (nid == NID_certBag &&
               PKCS12_SAFEBAG_get_bag_nid(bag) == NID_x509Certificate) {
      out.certs.push_back({FriendlyName(bag), LocalKeyId(bag), IsJavaTrusted(bag),
                           CertificateDer(bag)});
    }
  }
}

std::vector<Passphrase> Candidates(const std::optional<std::string>& password) {
  if (password) return {{password->c_str(), static_cast<int>(password->size())}};
  return {{"", 0}, {nullptr, 0}};
}

/// Picks the passphrase the MAC accepts (or the candidates as they are when
/// the store has no MAC).
std::vector<Passphrase> VerifyMac(PKCS12* p12,
                                  const std::optional<std::string>& password) {
  auto candidates = Candidates(password);
  if (!PKCS12_mac_present(p12)) return candidates;
  for (const Passphrase& p : candidates) {
    if (PKCS12_verify_mac(p12, p.text, p.length) == 1) {
      ERR_clear_error();
      return {p};
    }
  }
  ERR_clear_error();
  if (password) {
    throw StoreError(ErrorReason::kBadPassphrase,
                     "PKCS#12 MAC check failed: wrong password or modified file");
  }
  return {};  // MAC needs a password; unencrypted bags are still readable
}

void UnpackEncrypted(PKCS7* safe, const std::vector<Passphrase>& candidates,
                     const std::optional<std::string>& password, BagScan& out) {
  for (const Passphrase& p : candidates) {
    Bags bags(PKCS12_unpack_p7encdata(safe, p.text, p.length));
    if (bags) {
      ScanBags(bags.get(), out);
      return;
    }
  }
  std::string detail = LastOpenSslError("decryption failed");
  if (!password) {
    throw StoreError(ErrorReason::kPassphraseRequired,
                     "certificates are encrypted; configure the store password");
  }
  throw StoreError(ErrorReason::kBadPassphrase,
                   "cannot decrypt certificates (" + detail +
                       "); wrong password, or an algorithm this OpenSSL lacks");
}

/// Aliases and chain positions: a key's own certificate is index 0 of its
/// alias; Java trusted entries are trusted_cert; other certificates (the CA
/// chain written after the key) follow the only key's alias in order.
void AssignEntries(BagScan& scan, ParsedStore& store) {
  std::map<std::string, int> next_index;
  std::string sole_key_alias =
      scan.key_aliases.size() == 1 ? scan.key_aliases.begin()->second : "";
  for (CertBag& cert : scan.certs) {
    auto key = scan.key_aliases.find(cert.local_key_id);
    StoreEntry entry;
    if (!cert.local_key_id.empty() && key != scan.key_aliases.end()) {
      entry.alias = cert.alias.empty() ? key->second : cert.alias;
      entry.entry_type = "private_key";
    } else if (cert.java_trusted) {
      entry.alias = cert.alias;
      entry.entry_type = "trusted_cert";
    } else {
      entry.alias = cert.alias.empty() ? sole_key_alias : cert.alias;
      entry.entry_type = scan.key_aliases.empty() ? "trusted_cert" : "private_key";
    }
    entry.chain_index = next_index[entry.alias]++;
    entry.der = std::move(cert.der);
    store.entries.push_back(std::move(entry));
  }
}

}  // namespace

ParsedStore ParsePkcs12(std::span<const std::uint8_t> bytes,
                        const std::optional<std::string>& password) {
  EnsureLegacyProvider();
  const unsigned char* p = bytes.data();
  Pkcs12Ptr p12(d2i_PKCS12(nullptr, &p, static_cast<long>(bytes.size())));
  if (!p12) {
    throw StoreError(ErrorReason::kBadPkcs12,
                     "not a PKCS#12 store: " + LastOpenSslError("decode failed"));
  }
  ParsedStore store;
  store.format = StoreFormat::kPkcs12;
  auto candidates = VerifyMac(p12.get(), password);
  store.integrity_verified = PKCS12_mac_present(p12.get()) && !candidates.empty();
  AuthSafes safes(PKCS12_unpack_authsafes(p12.get()));
  if (!safes) {
    throw StoreError(ErrorReason::kBadPkcs12,
                     "unreadable authenticated safe: " + LastOpenSslError("decode failed"));
  }
  BagScan scan;
  for (int i = 0; i < sk_PKCS7_num(safes.get()); ++i) {
    PKCS7* safe = sk_PKCS7_value(safes.get(), i);
    int nid = OBJ_obj2nid(safe->type);
    if (nid == NID_pkcs7_data) {
      Bags bags(PKCS12_unpack_p7data(safe));
      if (!bags) throw StoreError(ErrorReason::kBadPkcs12, "unreadable data safe");
      ScanBags(bags.get(), scan);
    } else if (nid == NID_pkcs7_encrypted) {
      if (candidates.empty()) {
        throw StoreError(ErrorReason::kPassphraseRequired,
                         "certificates are encrypted; configure the store password");
      }
      UnpackEncrypted(safe, candidates, password, scan);
    } else {
      store.item_errors.emplace_back(ErrorReason::kUnsupportedFormat,
                                     "skipped a safe of unsupported type " +
                                         std::string(OBJ_nid2sn(nid)));
    }
  }
  AssignEntries(scan, store);
  ERR_clear_error();
  return store;
}

}  // namespace kafka_cert
