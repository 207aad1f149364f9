#pragma once
// The collector interface, in the spirit of node_exporter's.
//
// A collector knows nothing about HTTP. The runtime calls Collect() on a
// background thread every --collect.interval, with a deadline; the scrape
// serves the last complete result at once. A collector that throws or
// overruns its deadline is reported through
// <ns>_scrape_collector_success{collector} = 0 and its last good values stay.
#include <atomic>
#include <chrono>
#include <cstddef>
#include <string>

#include "exporter_kit/exposition.h"

namespace exporter_kit {

/// \brief What a collection run may know about its limits.
struct CollectContext {
  /// The runtime stops waiting for this run at `deadline`; bound your own
  /// network and disk calls by it so that partial results still arrive.
  std::chrono::steady_clock::time_point deadline;
  /// Set when the process is shutting down: return as soon as you can.
  const std::atomic<bool>* stopping = nullptr;

  std::chrono::milliseconds Remaining() const;
  bool Stopping() const { return stopping && stopping->load(); }
};

class Collector {
 public:
  virtual ~Collector() = default;
  /// Stable name, used as the `collector` label and in logs.
  virtual std::string Name() const = 0;
  /// Writes fresh metrics into `out`. May throw: the runtime catches every
  /// exception, logs it and counts the run as failed. Metric family names
  /// must not be shared with other collectors of the same binary.
  virtual void Collect(const CollectContext& context, MetricWriter& out) = 0;
  /// Text the output may hold before its families compress as they are
  /// written (MetricWriter's `plain_limit`): plain scrapes of a larger
  /// output inflate it as they send. Lower it where memory matters more.
  virtual std::size_t PlainTextLimit() const { return MetricWriter::kDefaultPlainLimit; }
};

}  // namespace exporter_kit
