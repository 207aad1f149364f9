#include "listener_check.h"

namespace kafka_cert {

ListenerCheck CheckListener(const TlsListener& listener, const std::string& endpoint,
                            const SourceResult* served, const SourceResult* keystore) {
  ListenerCheck check{listener.name, endpoint, listener.keystore,
                      listener.truststore, listener.advertised_host, {}, {}};
  const CertRecord* served_leaf = nullptr;
  if (served) {
    auto leaves = served->Leaves();
    if (!leaves.empty()) served_leaf = leaves.front();
  }
  if (served_leaf && keystore) {
    auto on_disk = keystore->Leaves();
    if (!on_disk.empty()) {
      bool match = false;
      for (const CertRecord* leaf : on_disk) {
        match |= leaf->cert.fingerprint_sha256 == served_leaf->cert.fingerprint_sha256;
      }
      check.served_matches_disk = match;
    }
  }
  if (served_leaf && !listener.advertised_host.empty()) {
    check.host_covered = CoversHost(served_leaf->der, listener.advertised_host);
  }
  return check;
}

}  // namespace kafka_cert
