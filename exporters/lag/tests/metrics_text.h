#pragma once
// Reading exposition text in tests: the value of one exact series.
#include <optional>
#include <sstream>
#include <string>

namespace lag_exporter::testing {

/// \brief The value of the series `series` (name and labels exactly as the
/// exporter writes them, e.g. `kafka_consumergroup_lag{consumergroup="a",
/// topic="t",partition="0"}`), or nothing when absent.
inline std::optional<double> SampleValue(const std::string& text,
                                         const std::string& series) {
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.size() > series.size() && line.compare(0, series.size(), series) == 0 &&
        line[series.size()] == ' ') {
      return std::stod(line.substr(series.size() + 1));
    }
  }
  return std::nullopt;
}

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
