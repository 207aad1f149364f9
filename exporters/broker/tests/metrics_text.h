#pragma once
// Reads sample values back out of exposition text, for assertions.
#include <string>

#include "test_support/test_support.h"

namespace broker_exporter {

/// Shared with every component's tests.
using test_support::SampleValue;

/// \brief `name{topic="t",partition="p"}`, the kafka_exporter label order.
inline std::string PartitionSeries(const std::string& name,
                                   const std::string& topic, int partition) {
  return name + "{topic=\"" + topic + "\",partition=\"" +
         std::to_string(partition) + "\"}";
}

}  // namespace broker_exporter
