#pragma once
#include "exporter_kit/exposition.h"

namespace exporter_kit {

/// The standard process_* metrics (CPU, memory, file descriptors, start
/// time) read from /proc/self, as every Prometheus client library exports.
void WriteProcessMetrics(MetricWriter& out);

}  // namespace exporter_kit
