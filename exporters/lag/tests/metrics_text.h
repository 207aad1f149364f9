#pragma once
// Reading exposition text in tests: the value of one exact series.
#include <string>

#include "test_support/test_support.h"

namespace lag_exporter::testing {

/// Shared with every component's tests.
using test_support::SampleValue;

/// \brief `name{consumergroup="g",topic="t",partition="p"}`.
inline std::string PartitionSeries(const std::string& name,
                                   const std::string& group,
                                   const std::string& topic, int partition,
                                   const std::string& group_label =
                                       "consumergroup") {
  return name + "{" + group_label + "=\"" + group + "\",topic=\"" + topic +
         "\",partition=\"" + std::to_string(partition) + "\"}";
}

inline std::string GroupSeries(const std::string& name,
                               const std::string& group,
                               const std::string& group_label =
                                   "consumergroup") {
  return name + "{" + group_label + "=\"" + group + "\"}";
}

}  // namespace lag_exporter::testing
