#include "source_result.h"

#include <set>
#include <utility>

namespace kafka_cert {
namespace {

void AddRecord(SourceResult& out, std::string alias, std::string entry_type,
               int chain_index, std::vector<std::uint8_t> der) {
  try {
    Certificate cert = DescribeCertificate(der);
    out.certs.push_back({std::move(alias), std::move(entry_type), chain_index,
                         std::move(cert), std::move(der)});
  } catch (const StoreError& e) {
    out.errors.emplace_back(e.reason(), "entry '" + alias + "' #" +
                                            std::to_string(chain_index) + ": " + e.what());
  }
}

}  // namespace

std::vector<const CertRecord*> SourceResult::Leaves() const {
  std::vector<const CertRecord*> out;
  for (const CertRecord& record : certs) {
    if (record.chain_index == 0 && record.entry_type != "trusted_cert") {
      out.push_back(&record);
      if (record.entry_type.empty()) break;  // PEM/DER/TLS: the first one only
    }
  }
  return out;
}

SourceResult DescribeStore(std::string kind, std::string name, ParsedStore store) {
  SourceResult out;
  out.kind = std::move(kind);
  out.name = std::move(name);
  out.format = FormatName(store.format);
  std::set<std::pair<std::string, int>> seen;
  for (StoreEntry& entry : store.entries) {
    // Two entries with one alias and index would make duplicate series and
    // fail the whole scrape: keep the first, report the rest.
    if (!seen.insert({entry.alias, entry.chain_index}).second) {
      out.errors.emplace_back(ErrorReason::kBadJks, "duplicate entry '" + entry.alias +
                                                        "' #" +
                                                        std::to_string(entry.chain_index));
      continue;
    }
    AddRecord(out, std::move(entry.alias), std::move(entry.entry_type),
              entry.chain_index, std::move(entry.der));
  }
  for (StoreError& error : store.item_errors) out.errors.push_back(std::move(error));
  return out;
}

SourceResult DescribeProbe(std::string name, ProbeResult probe) {
  SourceResult out;
  out.kind = "endpoint";
  out.name = std::move(name);
  out.format = "tls";
  for (std::size_t i = 0; i < probe.chain.size(); ++i) {
    AddRecord(out, "", "", static_cast<int>(i), probe.chain[i]);
  }
  if (probe.error) out.errors.push_back(*probe.error);
  out.probe = std::move(probe);
  return out;
}

}  // namespace kafka_cert
