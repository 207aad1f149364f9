#include "cert_metrics.h"

#include <filesystem>

namespace kafka_cert {
namespace {

using exporter_kit::Label;
using exporter_kit::MetricWriter;

constexpr std::string_view kNotAfterHelp =
    "Certificate notAfter (expiry) as a Unix timestamp, in seconds.";
constexpr std::string_view kNotBeforeHelp =
    "Certificate notBefore (start of validity) as a Unix timestamp, in seconds.";
constexpr std::string_view kExpiredHelp =
    "1 if the certificate has expired at collection time, else 0.";

void WriteCertificate(const SourceResult& source, const CertRecord& record,
                      std::int64_t now, MetricWriter& out) {
  bool is_file = source.kind == "file";
  std::string filename =
      is_file ? std::filesystem::path(source.name).filename().string() : "";
  std::string chain_index = std::to_string(record.chain_index);
  const Certificate& cert = record.cert;
  const Label labels[] = {
      {"source_kind", source.kind},
      {"source_name", source.name},
      {"filepath", is_file ? std::string_view(source.name) : std::string_view()},
      {"filename", filename},
      {"format", source.format},
      {"keystore_alias", record.alias},
      {"entry_type", record.entry_type},
      {"chain_index", chain_index},
      {"subject_CN", cert.subject_cn},
      {"issuer_CN", cert.issuer_cn},
      {"serial_number", cert.serial_number},
  };
  out.Gauge("x509_cert_not_after", kNotAfterHelp)
      .Add(labels, static_cast<double>(cert.not_after));
  out.Gauge("x509_cert_not_before", kNotBeforeHelp)
      .Add(labels, static_cast<double>(cert.not_before));
  out.Gauge("x509_cert_expired", kExpiredHelp).Add(labels, now > cert.not_after ? 1 : 0);
  const Label identity[] = {
      {"source_kind", source.kind},
      {"source_name", source.name},
      {"keystore_alias", record.alias},
      {"chain_index", chain_index},
      {"fingerprint_sha256", cert.fingerprint_sha256},
      {"subject_alternative_names", cert.sans},
  };
  out.Gauge("kafka_cert_info",
            "Identity of each certificate: SHA-256 fingerprint and subject "
            "alternative names; always 1.")
      .Add(identity, 1);
}

void WriteProbe(const SourceResult& source, const ProbeResult& probe, MetricWriter& out) {
  const Label endpoint[] = {{"source_name", source.name}};
  out.Gauge("kafka_cert_endpoint_probe_duration_seconds",
            "Time the last TLS probe of the endpoint took, in seconds.")
      .Add(endpoint, probe.duration.count());
  if (probe.chain.empty()) return;
  out.Gauge("kafka_cert_endpoint_client_cert_required",
            "1 if the endpoint asked for a client certificate (mutual TLS).")
      .Add(endpoint, probe.client_cert_requested ? 1 : 0);
  const Label verified[] = {{"source_name", source.name},
                            {"verify_error", probe.verify_error}};
  out.Gauge("kafka_cert_endpoint_verified",
            "1 if the served chain verifies against the trust anchors; "
            "verify_error says why not.")
      .Add(verified, probe.verified ? 1 : 0);
  if (!probe.tls_version.empty()) {
    const Label version[] = {{"source_name", source.name},
                             {"version", probe.tls_version}};
    out.Gauge("kafka_cert_endpoint_tls_version_info",
              "TLS version negotiated with the endpoint; always 1.")
        .Add(version, 1);
  }
}

void WriteListener(const ListenerCheck& check, MetricWriter& out) {
  const Label info[] = {{"listener", check.listener},
                        {"endpoint", check.endpoint},
                        {"keystore", check.keystore},
                        {"truststore", check.truststore},
                        {"advertised_host", check.advertised_host}};
  out.Gauge("kafka_cert_listener_info",
            "A TLS listener found in server.properties, its probed endpoint "
            "and stores; always 1.")
      .Add(info, 1);
  const Label key[] = {{"listener", check.listener}, {"endpoint", check.endpoint}};
  if (check.served_matches_disk) {
    out.Gauge("kafka_cert_served_matches_disk",
              "1 if the listener serves a certificate held by its configured "
              "keystore; 0 means a renewal on disk the broker has not loaded.")
        .Add(key, *check.served_matches_disk ? 1 : 0);
  }
  if (check.host_covered) {
    const Label host[] = {{"listener", check.listener},
                          {"endpoint", check.endpoint},
                          {"advertised_host", check.advertised_host}};
    out.Gauge("kafka_cert_advertised_host_covered",
              "1 if the served certificate's names cover the advertised host.")
        .Add(host, *check.host_covered ? 1 : 0);
  }
}

}  // namespace

void ErrorCounters::Count(const SourceResult& source) {
  for (const StoreError& error : source.errors) {
    ++counts_[{source.kind, source.name, std::string(ReasonName(error.reason()))}];
  }
}

void ErrorCounters::Write(MetricWriter& out) const {
  auto& family = out.Counter("x509_source_errors_total",
                             "Errors reading a certificate source, by reason.");
  for (const auto& [key, count] : counts_) {
    const auto& [kind, name, reason] = key;
    family.Add({{"source_kind", kind}, {"source_name", name}, {"reason", reason}},
               static_cast<double>(count));
  }
}

void WriteSnapshot(const Snapshot& snapshot, std::int64_t now, MetricWriter& out) {
  for (const SourceResult& source : snapshot.sources) {
    out.Gauge("x509_source_up",
              "1 if the source was read in full at the last collection, else 0.")
        .Add({{"source_kind", source.kind}, {"source_name", source.name}},
             source.Up() ? 1 : 0);
    for (const CertRecord& record : source.certs) {
      WriteCertificate(source, record, now, out);
    }
    if (source.probe) WriteProbe(source, *source.probe, out);
  }
  for (const ListenerCheck& check : snapshot.listeners) WriteListener(check, out);
}

}  // namespace kafka_cert
