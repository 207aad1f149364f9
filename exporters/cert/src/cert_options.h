#pragma once
// The exporter's flags and the "sources" config section, turned into
// ScanOptions. Every mistake is an exporter_kit::ConfigError naming the flag.
#include "cert_scan.h"
#include "exporter_kit/app.h"

namespace kafka_cert {

/// Declares the component flags and the "sources" section on `app`.
void AddCertOptions(exporter_kit::App& app);

/// Validates and converts the effective configuration.
ScanOptions ScanOptionsFromConfig(const exporter_kit::Config& config);

}  // namespace kafka_cert
